import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolLoadError");

/** A `--tools` module could not be loaded, or exports no tools. */
export class ToolLoadError extends WeftError {
  readonly [marker] = true;
  readonly modulePath: string;

  constructor(options: { modulePath: string; detail: string; cause?: unknown }) {
    super("TOOLS_LOAD_FAILED", `Cannot load tools from ${options.modulePath}: ${options.detail}`, {
      cause: options.cause,
    });
    this.name = "ToolLoadError";
    this.modulePath = options.modulePath;
  }

  static override isInstance(error: unknown): error is ToolLoadError {
    return hasMarker(error, marker);
  }
}
