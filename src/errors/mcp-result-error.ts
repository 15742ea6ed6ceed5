import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.McpResultError");

/**
 * An MCP server answered a tool call with something that is not a valid `CallToolResult` (a content block without its
 * fields, an `isError` that is not a boolean…). `problems` names each wrong field; `result` is what the server sent.
 */
export class McpResultError extends WeftError {
  readonly [marker] = true;
  /** The weft name of the tool: `<server>.<tool>`. */
  readonly toolName: string;
  readonly serverName: string;
  /** One line per wrong field, as `<path>: <what was expected>`. */
  readonly problems: readonly string[];

  constructor(options: {
    toolName: string;
    serverName: string;
    problems: readonly string[];
    cause?: unknown;
  }) {
    super(
      "MCP_MALFORMED_RESULT",
      `MCP server "${options.serverName}" answered tool "${options.toolName}" with a malformed result: ${options.problems.join("; ")}. The server does not follow the MCP schema for tool results; report it to its authors.`,
      { cause: options.cause },
    );
    this.name = "McpResultError";
    this.toolName = options.toolName;
    this.serverName = options.serverName;
    this.problems = options.problems;
  }

  static override isInstance(error: unknown): error is McpResultError {
    return hasMarker(error, marker);
  }
}
