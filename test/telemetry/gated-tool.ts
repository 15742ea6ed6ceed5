import type { Tool } from "../../src/index.js";
import { type Deferred, deferred } from "../helpers.js";

/**
 * A tool whose calls each wait for their own deferred, made on demand: `gate(callId).resolve()` lets one finish.
 * `fail: true` in a call's input makes it throw then, with `failure(callId)` as the message.
 */
export function gatedTool(
  name: string,
  failure: (callId: string) => string = (callId) => `${callId} failed on purpose`,
): { tool: Tool<{ fail?: boolean }>; gate(callId: string): Deferred<void> } {
  const gates = new Map<string, Deferred<void>>();
  const gate = (callId: string): Deferred<void> => {
    let found = gates.get(callId);
    if (found === undefined) {
      found = deferred();
      gates.set(callId, found);
    }
    return found;
  };
  return {
    gate,
    tool: {
      name,
      async execute(input, context) {
        await gate(context.callId).promise;
        if (input.fail) throw new Error(failure(context.callId));
        return "done";
      },
    },
  };
}
