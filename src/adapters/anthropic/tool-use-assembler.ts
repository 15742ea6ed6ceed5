import type { ModelToolCall } from "../../agent/model.js";

interface OpenToolUse extends ModelToolCall {
  /** The `input` the block started with; the API streams it as `{}` and sends the real input in deltas. */
  initialInput: unknown;
}

/**
 * Puts tool calls together from a streamed Messages API turn, by content block index: a `tool_use` block starts,
 * its input JSON arrives in `input_json_delta`s, and the call is complete when the block stops.
 */
export class ToolUseAssembler {
  readonly #open = new Map<number, OpenToolUse>();

  start(index: number, block: { id: string; name: string; input: unknown }): void {
    this.#open.set(index, { id: block.id, name: block.name, arguments: "", initialInput: block.input });
  }

  addInputJson(index: number, partialJson: string): void {
    const call = this.#open.get(index);
    if (call !== undefined) call.arguments += partialJson;
  }

  /** The call whose block stopped, or undefined when that block was not a `tool_use` block. */
  stop(index: number): ModelToolCall | undefined {
    const call = this.#open.get(index);
    if (call === undefined) return undefined;
    this.#open.delete(index);
    return finishedCall(call);
  }
}

/** The call with its input as the model wrote it: the streamed JSON, else the block's own input, else `{}`. */
function finishedCall(call: OpenToolUse): ModelToolCall {
  const hasInitialInput =
    typeof call.initialInput === "object" &&
    call.initialInput !== null &&
    Object.keys(call.initialInput).length > 0;
  const argumentsText =
    call.arguments !== "" ? call.arguments : hasInitialInput ? JSON.stringify(call.initialInput) : "{}";
  return { id: call.id, name: call.name, arguments: argumentsText };
}
