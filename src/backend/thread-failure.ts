import { fileURLToPath } from "node:url";
import type { ResourceLimits } from "node:worker_threads";
import { describeThrown } from "../errors/describe-thrown.js";
import { ToolThreadError, type ToolThreadFailure } from "../errors/tool-thread-error.js";
import type { ToolContext } from "../tool/types.js";

/**
 * What the pool's rejection of a task means, when the task's thread failed rather than the tool.
 *
 * @param isStartFailure - no thread of the pool could even start, so none replaced the one that failed.
 */
export function threadFailure(
  thrown: unknown,
  toolName: string,
  context: ToolContext,
  resourceLimits: ResourceLimits | undefined,
  isStartFailure = false,
): ToolThreadError {
  const { reason, detail } = describeFailure(thrown, resourceLimits, isStartFailure);
  return new ToolThreadError({
    toolName,
    callId: context.callId,
    attempt: context.attempt,
    reason,
    detail,
    cause: thrown,
  });
}

/** The thread could not load the tool: its module threw, or exports no tool of that name. */
export function loadFailure(
  toolName: string,
  moduleUrl: string,
  context: ToolContext,
  cause: unknown,
): ToolThreadError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ToolThreadError({
    toolName,
    callId: context.callId,
    attempt: context.attempt,
    reason: "load",
    detail: `cannot load it from \`module\` ${fileURLToPath(moduleUrl)}: ${message}`,
    cause,
  });
}

function describeFailure(
  thrown: unknown,
  resourceLimits: ResourceLimits | undefined,
  isStartFailure: boolean,
): { reason: ToolThreadFailure; detail: string } {
  const outcome = isStartFailure
    ? "; no thread of the pool could start (are resourceLimits too small?)"
    : "; the pool replaced it";
  const code = (thrown as { code?: unknown } | null)?.code;
  const message = thrown instanceof Error ? thrown.message : "";
  if (code === "ERR_WORKER_OUT_OF_MEMORY") {
    const limits = resourceLimits === undefined ? "" : ` (resourceLimits ${JSON.stringify(resourceLimits)})`;
    return {
      reason: "out-of-memory",
      detail: `the thread ran out of memory${limits}${outcome}`,
    };
  }
  // Piscina's words for a thread that ended while it ran the task.
  const exit = /^worker exited with code: (-?\d+)/.exec(message);
  if (exit !== null) {
    return {
      reason: "exit",
      detail: `the thread exited with code ${exit[1]} (process.exit() ends the thread that calls it)${outcome}`,
    };
  }
  if (message === "Terminating worker thread") {
    return { reason: "closed", detail: "the executor was closed while the call ran" };
  }
  if ((thrown as { name?: unknown } | null)?.name === "DataCloneError") {
    return { reason: "input", detail: `the input cannot be sent to a thread: ${message}` };
  }
  const what =
    thrown instanceof Error
      ? describeThrown(thrown)
      : "it failed while sending its result back (an output that cannot be cloned, such as a function?)";
  return { reason: "crash", detail: `the thread crashed: ${what}${outcome}` };
}
