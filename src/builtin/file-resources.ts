import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { ResourceClaim } from "../tool/resources.js";

/**
 * The resource keys of the built-in file tools, so that calls touching the same files take turns while the others
 * run together:
 *
 * - `file:<absolute path>`: a file's content. `fs.read` takes it in read mode, `fs.write` in write mode.
 * - `dir:<absolute path>`: what a listing of that folder shows. `fs.list` takes its folder's key in write mode;
 *   `fs.write` takes, in read mode, the key of every folder from the file's parent up to the root.
 *
 * So a write waits for a listing of any folder above it and the other way round, while writes to different files
 * (reading the same folder keys) run together, as do reads and listings. Two listings of one folder take turns: with
 * only two modes, a listing must hold its folder exclusively for the writes below it to wait. Keys are built from the
 * path as written, made absolute against the root (`..` and `.` resolved, symbolic links not followed), so two paths
 * that reach one file through a link count as two resources.
 */
export function fileKey(absolutePath: string): string {
  return `file:${absolutePath}`;
}

/** The key of a folder's listing: see `fileKey`. */
export function directoryKey(absolutePath: string): string {
  return `dir:${absolutePath}`;
}

/** `fs.read`: the file, in read mode. */
export function readResources(root: string, path: string): ResourceClaim[] {
  return [{ key: fileKey(resolve(root, path)), mode: "read" }];
}

/** `fs.list`: the folder's listing, in write mode (see `fileKey` for why). */
export function listResources(root: string, path: string): ResourceClaim[] {
  return [{ key: directoryKey(resolve(root, path)), mode: "write" }];
}

/** `fs.write`: the file in write mode, and in read mode every folder from its parent up to the root. */
export function writeResources(root: string, path: string): ResourceClaim[] {
  const file = resolve(root, path);
  const claims: ResourceClaim[] = [{ key: fileKey(file), mode: "write" }];
  if (!isInside(root, file)) return claims;
  let folder = dirname(file);
  for (;;) {
    claims.push({ key: directoryKey(folder), mode: "read" });
    if (folder === root) return claims;
    const parent = dirname(folder);
    // The root of the file system: the loop ends even if the root were not an ancestor.
    if (parent === folder) return claims;
    folder = parent;
  }
}

function isInside(root: string, path: string): boolean {
  const relativePath = relative(root, path);
  return (
    relativePath !== "" &&
    relativePath !== ".." &&
    !relativePath.startsWith(`..${sep}`) &&
    !isAbsolute(relativePath)
  );
}
