import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { number, unknownValue } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";

/** The longest delay a Node timer can hold (about 24.8 days); a longer one would fire at once. */
const maxTimerMs = 2_147_483_647;

const sleepFields = {
  ms: number({ minimum: 0, maximum: maxTimerMs }).describe("How long to wait, in milliseconds."),
  value: unknownValue().optional().describe("Returned as the output once the wait is over."),
};

const sleepInput = objectSchema(sleepFields);

/** The input of `sleep`, as its schema gives it to the tool. */
export type SleepInput = ObjectOutput<typeof sleepFields>;

/**
 * The `sleep` tool: waits `ms` milliseconds, then returns `value`, or `{ sleptMs }` when no value is given. It stops
 * at once, rejecting with the signal's reason, when the call is cancelled or times out. Useful for tests, demos and
 * plans that must wait (for a rate limit, a deployment…).
 *
 * @example
 * executor.run({ calls: [{ id: "wait", tool: "sleep", args: { ms: 500, value: "done" } }] });
 */
export function sleepTool(): Tool<SleepInput, unknown> {
  return defineTool({
    name: "sleep",
    description:
      "Wait ms milliseconds, then return value (or { sleptMs } when no value is given). Use it to pause between steps.",
    input: sleepInput,
    idempotent: true,
    execute(input, context) {
      return wait(input.ms, context.signal).then(() =>
        input.value === undefined ? { sleptMs: input.ms } : input.value,
      );
    },
  });
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
