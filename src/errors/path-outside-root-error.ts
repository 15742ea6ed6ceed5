import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.PathOutsideRootError");

/**
 * A built-in tool was asked for a path outside its root directory: through `..`, an absolute path elsewhere, or a
 * symbolic link that leads out. Nothing was read, written or run.
 */
export class PathOutsideRootError extends WeftError {
  readonly [marker] = true;
  /** The path as the call gave it. */
  readonly path: string;
  /** The root directory the tool is confined to. */
  readonly root: string;
  /** Where the path leads once `..` and symbolic links are resolved. */
  readonly resolvedPath: string;

  constructor(options: { path: string; root: string; resolvedPath: string }) {
    const through =
      options.resolvedPath === options.path ? "" : ` (it resolves to "${options.resolvedPath}")`;
    super(
      "PATH_OUTSIDE_ROOT",
      `Path "${options.path}" is outside the root directory "${options.root}"${through}. Built-in tools only touch paths inside their root: use a path inside "${options.root}", or create the tools with a root that contains it, such as builtinTools({ root }).`,
    );
    this.name = "PathOutsideRootError";
    this.path = options.path;
    this.root = options.root;
    this.resolvedPath = options.resolvedPath;
  }

  static override isInstance(error: unknown): error is PathOutsideRootError {
    return hasMarker(error, marker);
  }
}
