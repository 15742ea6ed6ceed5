import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { writeResources } from "./file-resources.js";
import { boolean, enumOf, string } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";
import { checkRoot, resolveInsideRoot } from "./root.js";

const fsWriteFields = {
  path: string({ minLength: 1 }).describe(
    "The file to write, relative to the root directory (or absolute inside it).",
  ),
  content: string().describe("What to write: text, or base64 with encoding: base64."),
  encoding: enumOf(["utf8", "base64"])
    .default("utf8")
    .describe("How content is encoded: utf8 text, or base64 for binary data."),
  createDirectories: boolean().default(true).describe("Create missing parent directories (inside the root)."),
  mode: enumOf(["overwrite", "append", "create"])
    .default("overwrite")
    .describe(
      "overwrite replaces the file, append adds to its end, create fails if the file already exists. Each creates a missing file.",
    ),
};

const fsWriteInput = objectSchema(fsWriteFields);

/** The input of `fs.write`, as its schema gives it to the tool. */
export type FsWriteInput = ObjectOutput<typeof fsWriteFields>;

/** The output of `fs.write`. */
export interface FsWriteOutput {
  /** The file's real path relative to the root, with forward slashes. */
  path: string;
  /** Bytes written by this call. */
  bytes: number;
}

const flagByMode = { overwrite: "w", append: "a", create: "wx" } as const;

/**
 * The `fs.write` tool: writes one file inside `root`. Not idempotent, so never retried or cached.
 *
 * @param root The directory the tool is confined to. @default process.cwd() when the tool is created
 * @example
 * const executor = new Executor({ tools: [fsWriteTool("/srv/project")] });
 */
export function fsWriteTool(root: string = process.cwd()): Tool<FsWriteInput, FsWriteOutput> {
  const absoluteRoot = checkRoot(root, "fs.write");
  return defineTool({
    name: "fs.write",
    description:
      'Write a file. mode "overwrite" (default) replaces it, "append" adds to its end, "create" fails if it exists. Missing parent directories are created unless createDirectories is false. Paths are relative to the project root; paths outside it are refused.',
    input: fsWriteInput,
    // Writes to one file run one at a time, in plan order; listings of the folders above it wait (file-resources.ts).
    resources: (input) => writeResources(absoluteRoot, input.path),
    async execute(input, context) {
      const file = await resolveInsideRoot(absoluteRoot, input.path);
      if (input.createDirectories) await mkdir(dirname(file.absolutePath), { recursive: true });
      const data = encode(input.content, input.encoding);
      await writeFile(file.absolutePath, data, { flag: flagByMode[input.mode], signal: context.signal });
      return { path: file.relativePath, bytes: data.byteLength };
    },
  });
}

/** Buffer.from skips characters that are not base64; refusing them keeps a bad payload from being written silently. */
function encode(content: string, encoding: FsWriteInput["encoding"]): Buffer {
  if (encoding === "base64" && !/^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/.test(content)) {
    throw new Error("content is not valid base64 (expected only A-Z, a-z, 0-9, +, /, -, _ and trailing =)");
  }
  return Buffer.from(content, encoding);
}
