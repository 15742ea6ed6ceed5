/**
 * The code every thread of the pool runs: it loads a tool's module (once per thread), finds the tool by name and runs
 * its `execute`. Piscina calls the default export once per task. No top-level await: piscina may `require()` this
 * file, which Node refuses for a module that awaits at its top level.
 */
import { fileURLToPath } from "node:url";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { describeThrown } from "../errors/describe-thrown.js";
import { toolsFromExports, unwrapCommonJs } from "../tool/load-tool-module.js";
import { isThreadDeclaration } from "../tool/thread-options.js";
import type { Tool, ToolContext } from "../tool/types.js";
import { prepareTypeScriptImport } from "../tool/typescript-loader.js";
import { errorForSending, type ThreadReply, type ThreadTask } from "./thread-messages.js";
import { collectTransferables } from "./transferables.js";

const modules = new Map<string, Promise<Map<string, Tool>>>();

/**
 * Cancellation terminates the whole thread (the only way to stop a busy CPU loop), so the tool's own signal is never
 * aborted: there is nothing left to observe it.
 */
const neverAborted = new AbortController().signal;

export default async function runThreadTask(task: ThreadTask): Promise<unknown> {
  let tool: Tool;
  try {
    tool = await findTool(task.moduleUrl, task.toolName);
  } catch (error) {
    return { isOk: false, failure: "load", error: errorForSending(error) } satisfies ThreadReply;
  }
  const port = task.progressPort;
  const context: ToolContext = {
    signal: neverAborted,
    callId: task.callId,
    runId: task.runId,
    attempt: task.attempt,
    progress: (data) => port.postMessage(data),
  };
  let output: unknown;
  try {
    output = await tool.execute(task.input, context);
  } catch (error) {
    return { isOk: false, failure: "threw", error: errorForSending(error) } satisfies ThreadReply;
  }
  // The output's buffers are moved, not copied: the tool is done with them, and a 64 MB result then costs nothing.
  const buffers = collectTransferables(output);
  const answer: ThreadReply = { isOk: true, output };
  if (buffers.length === 0) return answer;
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return answer;
    },
  });
}

async function findTool(moduleUrl: string, toolName: string): Promise<Tool> {
  let tools = modules.get(moduleUrl);
  if (tools === undefined) {
    tools = loadTools(moduleUrl);
    modules.set(moduleUrl, tools);
    // A module that failed to load is tried again by the next call rather than remembered as failed.
    tools.catch(() => modules.delete(moduleUrl));
  }
  const byName = await tools;
  const tool = byName.get(toolName);
  if (tool === undefined) {
    const names = [...byName.keys()].map((name) => `"${name}"`).join(", ");
    throw new Error(`it exports no tool named "${toolName}" (it exports ${names || "no tools"})`);
  }
  if (typeof tool.execute !== "function" || isThreadDeclaration(tool.execute)) {
    throw new Error(
      `it exports tool "${toolName}" without its code (a declaration with no execute): point \`module\` at the file whose tool has the execute function`,
    );
  }
  return tool;
}

async function loadTools(moduleUrl: string): Promise<Map<string, Tool>> {
  const path = fileURLToPath(moduleUrl);
  await prepareTypeScriptImport(path);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(moduleUrl)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`loading it threw: ${describeThrown(error)}`, { cause: error });
  }
  return new Map(toolsFromExports(unwrapCommonJs(namespace), path).map((tool) => [tool.name, tool]));
}
