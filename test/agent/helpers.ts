import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { openaiModel } from "../../src/adapters/openai/index.js";
import { type AgentEvent, defineTool, type Model } from "../../src/index.js";
import type { ModelScript, ModelServer } from "../../src/testing/index.js";
import { Recorder } from "../helpers.js";
import { modelServers } from "../testing/helpers.js";

const startServer = modelServers();

/** A scripted model server on loopback, closed after the test. */
export function modelServer(
  script: ModelScript,
  tokensPerSecond = Number.POSITIVE_INFINITY,
): Promise<ModelServer> {
  return startServer({ script, timing: { tokensPerSecond } });
}

export function openaiModelFor(server: ModelServer): Model {
  return openaiModel({ baseURL: server.openaiBaseURL, apiKey: "test-key", model: "scripted" });
}

/** One ordered log of what the agent did and when each tool started and ended. */
export class Timeline {
  readonly entries: string[] = [];
  readonly events: AgentEvent[] = [];

  readonly onEvent = (event: AgentEvent): void => {
    this.events.push(event);
    if (event.type === "turn-start") this.entries.push(`turn-start ${event.turn} ${event.role}`);
    if (event.type === "turn-end") this.entries.push(`turn-end ${event.turn}`);
    if (event.type === "tool-call") this.entries.push(`tool-call ${event.call.name}`);
  };

  note(entry: string): void {
    this.entries.push(entry);
  }

  indexOf(entry: string): number {
    const index = this.entries.indexOf(entry);
    if (index === -1) throw new Error(`"${entry}" never happened; the timeline: ${this.entries.join(" | ")}`);
    return index;
  }
}

/**
 * A `search` tool that takes longer for earlier letters of the alphabet, so that calls asked for in order finish in
 * reverse; it notes its starts and ends on the timeline. With `together`, each call waits until that many run at once.
 */
export function searchTool(recorder: Recorder, timeline?: Timeline, options: { together?: number } = {}) {
  return defineTool({
    name: "search",
    description: "Looks a topic up.",
    input: z.object({ query: z.string() }),
    async execute({ query }, context) {
      recorder.start("search", context.callId);
      timeline?.note(`start search ${query}`);
      try {
        // On a loaded machine a short search may end before the next one streams in: a test that proves overlap
        // asks each search to wait (up to 3 s) until `together` of them run at once. A scheduler that ran them one
        // by one would never get there.
        for (let waited = 0; recorder.running < (options.together ?? 0) && waited < 3000; waited += 5) {
          await sleep(5);
        }
        await sleep(5 + Math.max(0, 110 - (query.toLowerCase().charCodeAt(0) - 96) * 4), undefined, {
          signal: context.signal,
        });
        return { query, speed: query.length * 10 };
      } finally {
        recorder.end("search", context.callId);
        timeline?.note(`end search ${query}`);
      }
    },
  });
}

export const mathTool = defineTool({
  name: "math",
  description: "Evaluates a short arithmetic problem written as text.",
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  execute: ({ problem }) => ({ problem, value: problem.length }),
});

export { Recorder };
