import { readFile, stat } from "node:fs/promises";
import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { readResources } from "./file-resources.js";
import { enumOf, integer, string } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";
import { checkRoot, resolveInsideRoot } from "./root.js";

/** The largest file `fs.read` returns unless the call sets `maxBytes`: 10 MiB. */
export const defaultReadMaxBytes = 10 * 1024 * 1024;

const fsReadFields = {
  path: string({ minLength: 1 }).describe(
    "The file to read, relative to the root directory (or absolute inside it).",
  ),
  encoding: enumOf(["utf8", "base64"])
    .default("utf8")
    .describe("How the content is returned: utf8 text, or base64 for binary files."),
  maxBytes: integer({ exclusiveMinimum: 0 })
    .optional()
    .describe(`Refuse files larger than this many bytes. Default ${defaultReadMaxBytes}.`),
};

const fsReadInput = objectSchema(fsReadFields);

/** The input of `fs.read`, as its schema gives it to the tool. */
export type FsReadInput = ObjectOutput<typeof fsReadFields>;

/** The output of `fs.read`. */
export interface FsReadOutput {
  /** The file's real path relative to the root, with forward slashes. */
  path: string;
  content: string;
  /** The file's size in bytes (not the length of `content`). */
  bytes: number;
}

/**
 * The `fs.read` tool: reads one file inside `root`.
 *
 * @param root The directory the tool is confined to. @default process.cwd() when the tool is created
 * @example
 * const executor = new Executor({ tools: [fsReadTool("/srv/project")] });
 */
export function fsReadTool(root: string = process.cwd()): Tool<FsReadInput, FsReadOutput> {
  const absoluteRoot = checkRoot(root, "fs.read");
  return defineTool({
    name: "fs.read",
    description:
      "Read one file and return its content as utf8 text (or base64 with encoding: base64). Paths are relative to the project root; paths outside it are refused. Fails if the file does not exist or is larger than maxBytes.",
    input: fsReadInput,
    idempotent: true,
    // Reads of one file run together; a write to it waits for them (see file-resources.ts).
    resources: (input) => readResources(absoluteRoot, input.path),
    async execute(input, context) {
      const file = await resolveInsideRoot(absoluteRoot, input.path);
      const maxBytes = input.maxBytes ?? defaultReadMaxBytes;
      const stats = await stat(file.absolutePath);
      if (!stats.isFile()) {
        throw new Error(
          `"${input.path}" is not a file (it is ${stats.isDirectory() ? "a directory; use fs.list" : "not a regular file"})`,
        );
      }
      checkSize(input.path, stats.size, maxBytes);
      const content = await readFile(file.absolutePath, { signal: context.signal });
      // The file may have grown since it was measured.
      checkSize(input.path, content.byteLength, maxBytes);
      return {
        path: file.relativePath,
        content: content.toString(input.encoding),
        bytes: content.byteLength,
      };
    },
  });
}

function checkSize(path: string, bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new Error(
      `"${path}" is ${bytes} bytes, more than maxBytes (${maxBytes}); pass a larger maxBytes to read it`,
    );
  }
}
