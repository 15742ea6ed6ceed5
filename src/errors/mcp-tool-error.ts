import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.McpToolError");

/**
 * An MCP tool answered with `isError: true`. The server's content blocks are kept as `content`, and their text (the
 * server's message) as `text`, so the call fails with what the server said.
 */
export class McpToolError extends WeftError {
  readonly [marker] = true;
  /** The weft name of the tool: `<server>.<tool>`. */
  readonly toolName: string;
  readonly serverName: string;
  /** The result's content blocks as the server sent them (text, images, resources…). */
  readonly content: readonly unknown[];
  /** The text of the result's text blocks, joined by newlines. */
  readonly text: string;

  constructor(options: { toolName: string; serverName: string; content: readonly unknown[]; text: string }) {
    super(
      "MCP_TOOL_ERROR",
      `MCP tool "${options.toolName}" reported an error: ${options.text === "" ? "(no text)" : options.text}`,
    );
    this.name = "McpToolError";
    this.toolName = options.toolName;
    this.serverName = options.serverName;
    this.content = options.content;
    this.text = options.text;
  }

  static override isInstance(error: unknown): error is McpToolError {
    return hasMarker(error, marker);
  }
}
