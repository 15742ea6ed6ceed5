import { z } from "zod";
import type { Model, ModelRequest, ModelStreamEvent } from "../../src/agent/model.js";
import { ModelError } from "../../src/errors/index.js";
import { defineTool, Executor } from "../../src/index.js";
import { collect, type Deferred, deferred, Recorder, recordingTool, waitFor } from "../helpers.js";

export const weather = defineTool({
  name: "weather",
  description: "Today's weather in a city.",
  input: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: "clear" }),
});

/**
 * An executor with one tool, `work`, that answers `done <n>` to `{ n }` but holds every call until
 * `finishInReverse` lets them go, last asked first: the calls run at once and finish in the reverse order.
 */
export function heldWork(ids: readonly string[]): {
  executor: Executor;
  recorder: Recorder;
  finishInReverse(): Promise<void>;
} {
  const recorder = new Recorder();
  const gates = new Map<string, Deferred<void>>(ids.map((id) => [id, deferred()]));
  const executor = new Executor({
    tools: [
      recordingTool("work", recorder, {
        gate: (callId) => gates.get(callId)?.promise,
        output: (input) => `done ${String(input.n)}`,
      }),
    ],
  });
  async function finishInReverse(): Promise<void> {
    await waitFor(() => recorder.running === ids.length);
    for (const id of [...ids].reverse()) {
      gates.get(id)?.resolve();
      await waitFor(() => recorder.ends.includes(id));
    }
  }
  return { executor, recorder, finishInReverse };
}

export const ask: ModelRequest = { messages: [{ role: "user", content: "Find the three cities." }] };

/** A scripted turn: some text, then three lookups with the given call ids. */
export function threeLookups(ids: readonly [string, string, string]) {
  const fields = ["population", "area"];
  return {
    text: "Looking them up.",
    toolCalls: [
      { id: ids[0], name: "lookup", arguments: { city: "Paris", fields } },
      { id: ids[1], name: "lookup", arguments: { city: "Rome", fields } },
      { id: ids[2], name: "lookup_more", arguments: { city: "Lisbon", fields } },
    ],
  };
}

/** Every event of one streamed turn. */
export function turnEvents(model: Model, request: ModelRequest): Promise<ModelStreamEvent[]> {
  return collect(model.stream(request));
}

/** The ModelError a turn fails with; any other outcome fails the test. */
export async function failureOf(model: Model, request: ModelRequest = ask): Promise<ModelError> {
  try {
    await turnEvents(model, request);
  } catch (error) {
    if (ModelError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("the stream did not fail");
}

/** A `fetch` that records the text of every body chunk as it arrives, before the SDK reads it. */
export function recordingFetch(received: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null) return response;
    const decoder = new TextDecoder();
    const recorder = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received.push(decoder.decode(chunk, { stream: true }));
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(recorder), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
