import type { Tool } from "../tool/types.js";
import { fsListTool } from "./fs-list.js";
import { fsReadTool } from "./fs-read.js";
import { fsWriteTool } from "./fs-write.js";
import { httpFetchTool } from "./http-fetch.js";
import { shellExecTool } from "./shell-exec.js";
import { sleepTool } from "./sleep.js";

export {
  type FsEntryType,
  type FsListEntry,
  type FsListInput,
  type FsListOutput,
  fsListTool,
} from "./fs-list.js";
export { type FsReadInput, type FsReadOutput, fsReadTool } from "./fs-read.js";
export { type FsWriteInput, type FsWriteOutput, fsWriteTool } from "./fs-write.js";
export { type HttpFetchInput, type HttpFetchOutput, httpFetchTool } from "./http-fetch.js";
export { type ShellExecInput, type ShellExecOutput, shellExecTool } from "./shell-exec.js";
export { type SleepInput, sleepTool } from "./sleep.js";

/** Options of `builtinTools`. */
export interface BuiltinToolsOptions {
  /**
   * The directory the file tools and `shell.exec`'s working directory are confined to.
   * @default process.cwd() at the time of the call
   */
  root?: string;
}

/**
 * Every built-in tool: `fs.read`, `fs.list`, `fs.write`, `http.fetch`, `shell.exec` and `sleep`, with the file tools
 * and `shell.exec` confined to `root`.
 *
 * `shell.exec` runs any program it is given and `http.fetch` reaches any URL: give a model these tools only where
 * that is acceptable, or pick the tools you want from the individual factories.
 *
 * @example
 * import { Executor } from "weft";
 * import { builtinTools } from "weft/builtin";
 * const executor = new Executor({ tools: builtinTools({ root: "/srv/project" }) });
 */
export function builtinTools(options: BuiltinToolsOptions = {}): Tool[] {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Expected builtinTools options to be an object, got ${options === null ? "null" : typeof options}`,
    );
  }
  const root = options.root ?? process.cwd();
  return [
    fsReadTool(root),
    fsListTool(root),
    fsWriteTool(root),
    httpFetchTool(),
    shellExecTool(root),
    sleepTool(),
  ];
}
