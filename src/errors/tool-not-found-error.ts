import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolNotFoundError");

/** A call names a tool that is not registered. `available` lists the names that are. */
export class ToolNotFoundError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly available: string[];

  constructor(options: { toolName: string; available: string[] }) {
    const known =
      options.available.length > 0
        ? `; known tools: ${options.available.join(", ")}`
        : "; no tools are registered";
    super("TOOL_NOT_FOUND", `Unknown tool "${options.toolName}"${known}`);
    this.name = "ToolNotFoundError";
    this.toolName = options.toolName;
    this.available = options.available;
  }

  static override isInstance(error: unknown): error is ToolNotFoundError {
    return hasMarker(error, marker);
  }
}
