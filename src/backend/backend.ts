import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ToolContext } from "../tool/types.js";

/** Where an admitted call executes: on the event loop, in a worker thread, on a remote worker. */
export interface Backend {
  /** Runs one attempt. May return the output directly, or a promise of it. */
  execute(tool: ResolvedTool, input: unknown, context: ToolContext): unknown;
}

/** Runs tools on the event loop, in this process: the right place for I/O-bound tools. */
export const inlineBackend: Backend = {
  execute: (tool, input, context) => tool.tool.execute(input, context),
};
