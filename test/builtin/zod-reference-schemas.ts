import { z } from "zod/v4";
import { defaultListExclude } from "../../src/builtin/fs-list.js";
import { defaultReadMaxBytes } from "../../src/builtin/fs-read.js";
import { defaultFetchMaxBytes } from "../../src/builtin/http-fetch.js";
import { defaultExecMaxBytes } from "../../src/builtin/shell-exec.js";

/**
 * The zod schemas the built-in tools were defined with before they moved to weft's own schema builder
 * (src/builtin/input-schema.ts), copied as they were: the tests hold the new schemas to the same accepted values,
 * outputs and JSON Schemas.
 */

const maxTimerMs = 2_147_483_647;

const fsReadInput = z.object({
  path: z
    .string()
    .min(1)
    .describe("The file to read, relative to the root directory (or absolute inside it)."),
  encoding: z
    .enum(["utf8", "base64"])
    .default("utf8")
    .describe("How the content is returned: utf8 text, or base64 for binary files."),
  maxBytes: z
    .int()
    .positive()
    .optional()
    .describe(`Refuse files larger than this many bytes. Default ${defaultReadMaxBytes}.`),
});

const fsListInput = z.object({
  path: z
    .string()
    .min(1)
    .default(".")
    .describe("The directory to list, relative to the root directory (or absolute inside it)."),
  recursive: z
    .boolean()
    .default(false)
    .describe("List the whole tree below the directory. Symbolic links are listed, never followed."),
  maxEntries: z
    .int()
    .positive()
    .default(10_000)
    .describe("Stop after this many entries and set truncated: true."),
  exclude: z
    .array(z.string())
    .default([...defaultListExclude])
    .describe(
      'Names of directories a recursive listing skips, with everything inside them. Default [".git", "node_modules"]; pass [] to list everything.',
    ),
});

const fsWriteInput = z.object({
  path: z
    .string()
    .min(1)
    .describe("The file to write, relative to the root directory (or absolute inside it)."),
  content: z.string().describe("What to write: text, or base64 with encoding: base64."),
  encoding: z
    .enum(["utf8", "base64"])
    .default("utf8")
    .describe("How content is encoded: utf8 text, or base64 for binary data."),
  createDirectories: z
    .boolean()
    .default(true)
    .describe("Create missing parent directories (inside the root)."),
  mode: z
    .enum(["overwrite", "append", "create"])
    .default("overwrite")
    .describe(
      "overwrite replaces the file, append adds to its end, create fails if the file already exists. Each creates a missing file.",
    ),
});

const httpFetchInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" })
      .describe("The absolute http:// or https:// URL to request."),
    method: z
      .enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      .default("GET")
      .describe("The HTTP method."),
    headers: z.record(z.string(), z.string()).optional().describe("Request headers."),
    body: z.string().optional().describe("The request body, as text (serialize JSON yourself)."),
    responseType: z
      .enum(["text", "json"])
      .optional()
      .describe("How to read the body. Default: json when the response's content-type is JSON, else text."),
    maxBytes: z
      .int()
      .positive()
      .optional()
      .describe(
        `Fail when the response body is larger than this many bytes. Default ${defaultFetchMaxBytes}.`,
      ),
  })
  .refine((input) => input.body === undefined || (input.method !== "GET" && input.method !== "HEAD"), {
    path: ["body"],
    message: "a GET or HEAD request cannot have a body; use POST, PUT or PATCH",
  });

const shellExecInput = z.object({
  command: z
    .array(z.string(), {
      error: (issue) =>
        typeof issue.input === "string"
          ? 'must be an array of arguments, not a shell string: write ["ls", "-la"], not "ls -la" (no shell runs, so pipes, globs and $VARS are not expanded)'
          : undefined,
    })
    .min(1, "must name the program to run: at least one element")
    .describe('The program and its arguments, e.g. ["git", "status", "--short"]. No shell is involved.'),
  cwd: z
    .string()
    .min(1)
    .optional()
    .describe("The working directory, relative to the root directory. Default: the root."),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe("Environment variables set on top of the inherited environment."),
  input: z.string().optional().describe("Text written to the program's standard input."),
  timeoutMs: z
    .number()
    .positive()
    .optional()
    .describe("Stop the program after this many milliseconds; the result then has timedOut: true."),
  check: z
    .boolean()
    .default(false)
    .describe("Fail the call when the program exits with a non-zero code, is killed, or times out."),
  maxBytes: z
    .int()
    .positive()
    .optional()
    .describe(`Fail when stdout or stderr exceeds this many bytes. Default ${defaultExecMaxBytes}.`),
});

const sleepInput = z.object({
  ms: z.number().min(0).max(maxTimerMs).describe("How long to wait, in milliseconds."),
  value: z.unknown().optional().describe("Returned as the output once the wait is over."),
});

/** Each built-in tool's former zod input schema, by tool name. */
export const zodReferenceSchemas = {
  "fs.read": fsReadInput,
  "fs.list": fsListInput,
  "fs.write": fsWriteInput,
  "http.fetch": httpFetchInput,
  "shell.exec": shellExecInput,
  sleep: sleepInput,
};
