import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PlanError } from "../errors/plan-error.js";
import type { Executor } from "../executor/executor.js";
import type { Run } from "../executor/run.js";
import { toJsonInvalidDocument } from "../json-output/invalid-document.js";
import { toJsonCall } from "../json-output/run-document.js";

/** The name of the tool that runs a whole plan. */
export const runPlanToolName = "run_plan";

/** How `run_plan` is listed: the plan format of DESIGN.md as its input schema. */
export const runPlanToolDescription = {
  name: runPlanToolName,
  description:
    "Run a plan of tool calls in parallel, as a DAG: each call starts once the calls in its `after` (and those whose " +
    "outputs its args reference) have succeeded. Returns every call's outcome (status, output, error) as JSON.",
  inputSchema: {
    type: "object",
    properties: {
      calls: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string", description: "unique within the plan" },
            tool: { type: "string", description: "the name of one of this server's tools" },
            args: { type: "object", description: "the tool's arguments" },
            after: { type: "array", items: { type: "string" }, description: "ids of calls to wait for" },
          },
          required: ["id", "tool"],
        },
      },
      failFast: {
        type: "boolean",
        description:
          "stop at the first failed call, cancelling the rest (default false: calls that do not depend on it still run)",
      },
    },
    required: ["calls"],
  },
} as const;

/** What `run_plan` needs from the request: its cancellation and a way to report progress. */
export interface RunPlanContext {
  signal: AbortSignal;
  /**
   * Called once per finished call; absent when the client asked for no progress. The result is sent once the last
   * notification's promise settles, so that no notification arrives after it (the client would drop it).
   */
  onProgress?: (finished: number, total: number) => Promise<void>;
}

/**
 * Runs a plan on the shared executor and returns every call's outcome as JSON text (the call fields of
 * `weft run --json`). A plan that cannot run gives `isError` with the document `weft run --json` prints for it,
 * `{ status: "invalid", problems }`; cancelling the request cancels the run.
 */
export async function runPlanTool(
  executor: Executor,
  plan: unknown,
  context: RunPlanContext,
): Promise<CallToolResult> {
  let run: Run;
  const failFast =
    typeof plan === "object" && plan !== null && (plan as { failFast?: unknown }).failFast === true;
  try {
    run = executor.run(plan as never, {
      signal: context.signal,
      ...(failFast ? { failurePolicy: "fail-fast" as const } : {}),
    });
  } catch (error) {
    if (PlanError.isInstance(error) || error instanceof TypeError) {
      const document = toJsonInvalidDocument(error);
      return { ...textResult(document), structuredContent: { ...document }, isError: true };
    }
    throw error;
  }
  const { onProgress } = context;
  const notified: Promise<void>[] = [];
  if (onProgress !== undefined) {
    const total = (plan as { calls: readonly unknown[] }).calls.length;
    let finished = 0;
    run.subscribe((event) => {
      if (event.type === "call-end") notified.push(onProgress(++finished, total));
    });
  }
  const result = await run.result();
  await Promise.allSettled(notified);
  const document = { runId: result.runId, status: result.status, calls: result.calls.map(toJsonCall) };
  return { ...textResult(document), structuredContent: document };
}

function textResult(document: object): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(document, null, 2) }] };
}
