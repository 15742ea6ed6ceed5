import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { PathOutsideRootError } from "../errors/path-outside-root-error.js";

/** A path checked to lie inside a root directory. */
export interface PathInsideRoot {
  /** The real absolute path: `..` and every symbolic link resolved. Tools operate on this path, never on the input. */
  absolutePath: string;
  /** The real path relative to the real root, with forward slashes; `"."` for the root itself. */
  relativePath: string;
  /** The real absolute path of the root. */
  realRoot: string;
}

/** Symbolic links followed through one path before giving up, as the kernel's own ELOOP limit does. */
const maxSymbolicLinks = 40;

/**
 * Resolves `path` (relative to `root`, or absolute) to its real location and checks that it lies inside the real
 * root. A path that does not exist yet (a file about to be written) is resolved through its nearest existing
 * ancestor; a dangling symbolic link is followed to where it would create a file.
 *
 * The check guards against paths a model or a plan chose, not against another process swapping directories for
 * links between the check and the operation.
 *
 * @throws PathOutsideRootError when the path leads outside the root.
 * @example
 * const { absolutePath } = await resolveInsideRoot("/srv/project", "src/index.ts");
 */
export async function resolveInsideRoot(root: string, path: string): Promise<PathInsideRoot> {
  const realRoot = await realRootOf(root);
  const target = resolve(root, path);
  const absolutePath = await realpathAllowingMissing(target, 0);
  const relativeToRoot = relative(realRoot, absolutePath);
  if (isOutside(relativeToRoot)) {
    throw new PathOutsideRootError({ path, root, resolvedPath: absolutePath });
  }
  return {
    absolutePath,
    relativePath: relativeToRoot === "" ? "." : toForwardSlashes(relativeToRoot),
    realRoot,
  };
}

/** A path relative to the real root, with forward slashes whatever the platform. */
export function toForwardSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Checks a root option up front and makes it absolute, so that a later `process.chdir` does not move it. */
export function checkRoot(root: unknown, toolName: string): string {
  if (typeof root !== "string" || root === "") {
    throw new TypeError(
      `Tool "${toolName}": expected \`root\` to be a non-empty string, got ${JSON.stringify(root)} (${typeof root})`,
    );
  }
  return resolve(root);
}

async function realRootOf(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (error) {
    throw new Error(
      `The root directory "${root}" cannot be resolved (${(error as NodeJS.ErrnoException).code ?? "unknown error"}); create it, or give the built-in tools an existing root.`,
      { cause: error },
    );
  }
}

function isOutside(relativePath: string): boolean {
  return relativePath === ".." || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}

async function realpathAllowingMissing(path: string, linksFollowed: number): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const linkTarget = await danglingLinkTarget(path);
  if (linkTarget !== undefined) {
    if (linksFollowed >= maxSymbolicLinks) {
      throw Object.assign(new Error(`Too many levels of symbolic links resolving "${path}"`), {
        code: "ELOOP",
      });
    }
    return realpathAllowingMissing(resolve(dirname(path), linkTarget), linksFollowed + 1);
  }
  const parent = dirname(path);
  if (parent === path) return path;
  return join(await realpathAllowingMissing(parent, linksFollowed), basename(path));
}

/** The target of `path` when it is itself a symbolic link whose target does not exist; writing to it would create the target. */
async function danglingLinkTarget(path: string): Promise<string | undefined> {
  try {
    const stats = await lstat(path);
    return stats.isSymbolicLink() ? await readlink(path) : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
