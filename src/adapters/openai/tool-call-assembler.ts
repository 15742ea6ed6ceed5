import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ModelToolCall } from "../../agent/model.js";

type ToolCallDelta = NonNullable<ChatCompletionChunk.Choice.Delta["tool_calls"]>[number];

/**
 * Puts Chat Completions tool calls together from their streamed deltas. A call is complete when a delta for a later
 * call arrives, so `add` returns the calls that delta completed; `flush` returns the rest when the turn ends.
 */
export class ToolCallAssembler {
  readonly #pending = new Map<number, ModelToolCall>();
  #currentIndex = -1;

  add(deltas: readonly ToolCallDelta[]): ModelToolCall[] {
    const completed: ModelToolCall[] = [];
    for (const delta of deltas) {
      // Some compatible servers leave out `index`; a new id then means a new call.
      const index =
        typeof delta.index === "number"
          ? delta.index
          : delta.id !== undefined && delta.id !== this.#pending.get(this.#currentIndex)?.id
            ? this.#currentIndex + 1
            : Math.max(this.#currentIndex, 0);
      if (index > this.#currentIndex) {
        completed.push(...this.#take((pendingIndex) => pendingIndex < index));
        this.#currentIndex = index;
      }
      const call = this.#pending.get(index) ?? { id: "", name: "", arguments: "" };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      this.#pending.set(index, call);
    }
    return completed;
  }

  flush(): ModelToolCall[] {
    return this.#take(() => true);
  }

  #take(isChosen: (index: number) => boolean): ModelToolCall[] {
    const indexes = [...this.#pending.keys()].filter(isChosen).sort((left, right) => left - right);
    return indexes.map((index) => {
      const call = this.#pending.get(index) as ModelToolCall;
      this.#pending.delete(index);
      return { ...call, arguments: call.arguments === "" ? "{}" : call.arguments };
    });
  }
}
