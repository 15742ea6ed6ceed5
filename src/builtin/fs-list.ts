import type { Dirent } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { listResources } from "./file-resources.js";
import { stringArray } from "./input-collection-fields.js";
import { boolean, integer, string } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";
import { checkRoot, resolveInsideRoot, toForwardSlashes } from "./root.js";

/** Directory names a recursive `fs.list` skips unless the call sets `exclude`. */
export const defaultListExclude: readonly string[] = [".git", "node_modules"];

const fsListFields = {
  path: string({ minLength: 1 })
    .default(".")
    .describe("The directory to list, relative to the root directory (or absolute inside it)."),
  recursive: boolean()
    .default(false)
    .describe("List the whole tree below the directory. Symbolic links are listed, never followed."),
  maxEntries: integer({ exclusiveMinimum: 0 })
    .default(10_000)
    .describe("Stop after this many entries and set truncated: true."),
  exclude: stringArray()
    .default([...defaultListExclude])
    .describe(
      'Names of directories a recursive listing skips, with everything inside them. Default [".git", "node_modules"]; pass [] to list everything.',
    ),
};

const fsListInput = objectSchema(fsListFields);

/** The input of `fs.list`, as its schema gives it to the tool. */
export type FsListInput = ObjectOutput<typeof fsListFields>;

/** What kind of file system entry an `fs.list` entry is. */
export type FsEntryType = "file" | "directory" | "symlink" | "other";

/** One entry of an `fs.list` listing. */
export interface FsListEntry {
  /** Relative to the root, with forward slashes. */
  path: string;
  type: FsEntryType;
  /** Bytes for a file; 0 for anything else. */
  size: number;
}

/** The output of `fs.list`. */
export interface FsListOutput {
  /** The directory's real path relative to the root, with forward slashes. */
  path: string;
  /** Sorted by path. */
  entries: FsListEntry[];
  /** More entries exist than `maxEntries` allowed. */
  truncated: boolean;
}

/**
 * The `fs.list` tool: lists a directory inside `root`, or its whole tree.
 *
 * @param root The directory the tool is confined to. @default process.cwd() when the tool is created
 * @example
 * const executor = new Executor({ tools: [fsListTool("/srv/project")] });
 */
export function fsListTool(root: string = process.cwd()): Tool<FsListInput, FsListOutput> {
  const absoluteRoot = checkRoot(root, "fs.list");
  return defineTool({
    name: "fs.list",
    description:
      'List the entries of a directory (with recursive: true, the whole tree below it), sorted by path. Each entry has a path relative to the project root, a type ("file", "directory", "symlink" or "other") and a size in bytes. A recursive listing skips .git and node_modules unless exclude says otherwise.',
    input: fsListInput,
    idempotent: true,
    // Writes anywhere below the folder wait for the listing, and the other way round (see file-resources.ts).
    resources: (input) => listResources(absoluteRoot, input.path),
    async execute(input, context) {
      const directory = await resolveInsideRoot(absoluteRoot, input.path);
      const directoryStats = await stat(directory.absolutePath);
      if (!directoryStats.isDirectory()) {
        throw new Error(`"${input.path}" is not a directory; use fs.read to read a file`);
      }
      const excluded = new Set(input.exclude);
      const entries: FsListEntry[] = [];
      let isTruncated = false;
      // Breadth first, so that a truncated listing still shows the upper levels of the tree.
      const pending = [directory.absolutePath];
      for (let next = 0; next < pending.length && !isTruncated; next++) {
        context.signal.throwIfAborted();
        const current = pending[next] as string;
        const children = await readdir(current, { withFileTypes: true });
        children.sort((left, right) => compareStrings(left.name, right.name));
        for (const child of children) {
          const isDirectory = child.isDirectory();
          if (input.recursive && isDirectory && excluded.has(child.name)) continue;
          if (entries.length >= input.maxEntries) {
            isTruncated = true;
            break;
          }
          const childPath = join(current, child.name);
          entries.push({
            path: toForwardSlashes(relative(directory.realRoot, childPath)),
            type: entryType(child),
            size: child.isFile() ? await fileSize(childPath) : 0,
          });
          if (input.recursive && isDirectory) pending.push(childPath);
        }
      }
      entries.sort((left, right) => compareStrings(left.path, right.path));
      return { path: directory.relativePath, entries, truncated: isTruncated };
    },
  });
}

/** Code-unit order, the same on every machine whatever its locale. */
function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function entryType(entry: Dirent): FsEntryType {
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  return "other";
}

/** A file can vanish between listing and measuring; it then counts as empty rather than failing the listing. */
async function fileSize(path: string): Promise<number> {
  try {
    return (await lstat(path)).size;
  } catch {
    return 0;
  }
}
