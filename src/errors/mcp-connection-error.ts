import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.McpConnectionError");

/**
 * Where an MCP connection failed: `start` (the server could not be started or did not complete the handshake), `call`
 * (the connection closed while the call was in flight, such as when the server process exited), or `closed` (the
 * tool set was closed by its owner).
 */
export type McpConnectionPhase = "start" | "call" | "closed";

/** An MCP server could not be reached, or went away. `stderr` holds the end of what a stdio server wrote there. */
export class McpConnectionError extends WeftError {
  readonly [marker] = true;
  readonly serverName: string;
  readonly phase: McpConnectionPhase;
  /** The last few kilobytes the server wrote to stderr (stdio servers), or "" when it wrote nothing. */
  readonly stderr: string;

  constructor(options: {
    serverName: string;
    phase: McpConnectionPhase;
    detail: string;
    stderr?: string;
    cause?: unknown;
  }) {
    const stderr = options.stderr?.trim() ?? "";
    super(
      "MCP_CONNECTION_FAILED",
      `MCP server "${options.serverName}" ${describePhase(options.phase)}: ${options.detail}${stderr === "" ? "" : `\nstderr:\n${stderr}`}`,
      { cause: options.cause },
    );
    this.name = "McpConnectionError";
    this.serverName = options.serverName;
    this.phase = options.phase;
    this.stderr = stderr;
  }

  static override isInstance(error: unknown): error is McpConnectionError {
    return hasMarker(error, marker);
  }
}

function describePhase(phase: McpConnectionPhase): string {
  if (phase === "start") return "failed to start";
  if (phase === "call") return "closed the connection during the call";
  return "is closed";
}
