import { describe, expect, it } from "vitest";
import { anthropicModel } from "../../src/adapters/anthropic/index.js";
import { openaiModel } from "../../src/adapters/openai/index.js";
import { Executor, ModelError, runAgent } from "../../src/index.js";
import { closedPort } from "../helpers.js";
import { mathTool, modelServer, openaiModelFor, Recorder, searchTool, Timeline } from "./helpers.js";

const threeSearches = {
  text: "Looking up all three.",
  toolCalls: [
    { name: "search", arguments: { query: "alpha" } },
    { name: "search", arguments: { query: "mike" } },
    { name: "search", arguments: { query: "zulu" } },
  ],
};

describe("runAgent in parallel mode", () => {
  it("starts each call as soon as its arguments have streamed in, and answers the results in the order asked", async () => {
    const server = await modelServer([threeSearches, { text: "alpha is slowest." }], 150);
    const recorder = new Recorder();
    const timeline = new Timeline();
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(recorder, timeline, { together: 3 }), mathTool],
      prompt: "Compare alpha, mike and zulu.",
      onEvent: timeline.onEvent,
    });
    expect(result).toMatchObject({ answer: "alpha is slowest.", status: "answered", mode: "parallel" });
    expect(result.modelCalls).toBe(2);
    expect(result.toolCalls).toBe(3);
    // The first search started while the model was still writing the turn's other calls.
    expect(timeline.indexOf("start search alpha")).toBeLessThan(timeline.indexOf("tool-call search") + 2);
    expect(timeline.indexOf("start search alpha")).toBeLessThan(timeline.indexOf("turn-end 0"));
    expect(recorder.maxRunning).toBe(3);
    // alpha finished last, yet its result comes first, as the model asked.
    expect(recorder.ends.at(-1)).toBe(result.calls[0]?.id);
    const followUp = server.requests[1];
    const toolMessage = followUp?.messages.at(-1);
    expect(toolMessage?.role).toBe("tool");
    const results = toolMessage?.role === "tool" ? toolMessage.results : [];
    expect(results.map((entry) => JSON.parse(entry.content).query)).toEqual(["alpha", "mike", "zulu"]);
    expect(results.every((entry) => !entry.isError)).toBe(true);
    expect(result.calls.map((call) => call.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(result.calls.every((call) => call.turn === 0 && (call.startMs ?? -1) >= 0)).toBe(true);
  });

  it("with end-of-turn dispatch, starts no call before the model's turn ended", async () => {
    const server = await modelServer([threeSearches, { text: "done" }], 400);
    const recorder = new Recorder();
    const timeline = new Timeline();
    await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(recorder, timeline, { together: 3 })],
      prompt: "Compare.",
      dispatch: "end-of-turn",
      onEvent: timeline.onEvent,
    });
    expect(timeline.indexOf("start search alpha")).toBeGreaterThan(timeline.indexOf("turn-end 0"));
    expect(recorder.maxRunning).toBe(3);
  });

  it("speaks Anthropic's Messages API, tool_use blocks streamed as input_json_delta", async () => {
    const server = await modelServer([threeSearches, { text: "done" }], 300);
    const recorder = new Recorder();
    const timeline = new Timeline();
    const result = await runAgent({
      model: anthropicModel({ baseURL: server.anthropicBaseURL, apiKey: "test-key", model: "scripted" }),
      tools: [searchTool(recorder, timeline)],
      prompt: "Compare.",
      onEvent: timeline.onEvent,
    });
    expect(result.status).toBe("answered");
    expect(server.requests.every((request) => request.provider === "anthropic")).toBe(true);
    expect(timeline.indexOf("start search alpha")).toBeLessThan(timeline.indexOf("turn-end 0"));
    const body = server.requests[1]?.body as { messages: { role: string; content: unknown }[] };
    const lastMessage = body.messages.at(-1) as {
      role: string;
      content: { type: string; tool_use_id: string }[];
    };
    expect(lastMessage.role).toBe("user");
    expect(lastMessage.content.map((block) => block.type)).toEqual([
      "tool_result",
      "tool_result",
      "tool_result",
    ]);
  });

  it("shares the executor's limits across turns and agents", async () => {
    const recorder = new Recorder();
    const executor = new Executor({ tools: [searchTool(recorder)], concurrency: 2 });
    const servers = await Promise.all([
      modelServer([threeSearches, { text: "one" }]),
      modelServer([threeSearches, { text: "two" }]),
    ]);
    const answers = await Promise.all(
      servers.map((server) => runAgent({ model: openaiModelFor(server), executor, prompt: "Compare." })),
    );
    expect(answers.map((answer) => answer.answer)).toEqual(["one", "two"]);
    expect(recorder.maxRunning).toBe(2);
  });
});

describe("runAgent in sequential mode", () => {
  it("asks for one call per turn and never runs two at once", async () => {
    const server = await modelServer([
      { toolCalls: [{ name: "search", arguments: { query: "alpha" } }] },
      // A model may still answer with two calls: they run one after the other.
      {
        toolCalls: [
          { name: "search", arguments: { query: "bravo" } },
          { name: "search", arguments: { query: "charlie" } },
        ],
      },
      { text: "three looked up" },
    ]);
    const recorder = new Recorder();
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(recorder)],
      prompt: "Look up three things.",
      mode: "sequential",
    });
    expect(result).toMatchObject({ status: "answered", modelCalls: 3, toolCalls: 3, mode: "sequential" });
    expect(server.requests.every((request) => request.parallelToolCalls === false)).toBe(true);
    expect(recorder.maxRunning).toBe(1);
    expect(recorder.starts).toHaveLength(3);
  });
});

describe("runAgent's limits and failures", () => {
  it("stops after maxTurns model calls without an answer", async () => {
    const server = await modelServer(() => ({
      toolCalls: [{ name: "search", arguments: { query: "again" } }],
    }));
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(new Recorder())],
      prompt: "Loop.",
      maxTurns: 3,
    });
    expect(result).toMatchObject({ status: "max-turns", answer: undefined, modelCalls: 3, toolCalls: 3 });
  });

  it("rejects with a ModelError when the server cannot be reached", async () => {
    const port = await closedPort();
    const model = openaiModel({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "key", model: "gpt" });
    const error = await runAgent({ model, tools: [mathTool], prompt: "Hi" }).catch(
      (caught: unknown) => caught,
    );
    expect(ModelError.isInstance(error)).toBe(true);
    expect((error as ModelError).reason).toBe("unreachable");
    expect((error as ModelError).message).toContain(`127.0.0.1:${port}`);
  });

  it("cancels the calls in flight when the signal is aborted, and reports the agent cancelled", async () => {
    const controller = new AbortController();
    const server = await modelServer([
      { toolCalls: [{ name: "wait", arguments: {} }] },
      { text: "never reached" },
    ]);
    let wasAborted = false;
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [
        {
          name: "wait",
          execute: (_input: unknown, context: { signal: AbortSignal }) =>
            new Promise((_resolve, reject) => {
              setTimeout(() => controller.abort(new Error("user stopped it")), 5);
              context.signal.addEventListener("abort", () => {
                wasAborted = true;
                reject(context.signal.reason);
              });
            }),
        },
      ],
      prompt: "Wait.",
      signal: controller.signal,
    });
    expect(result.status).toBe("cancelled");
    expect(wasAborted).toBe(true);
    expect(result.calls[0]?.status).toBe("cancelled");
    expect(server.requests).toHaveLength(1);
  });

  it("checks its options and names the one at fault", async () => {
    const server = await modelServer([]);
    const model = openaiModelFor(server);
    await expect(runAgent({ model, prompt: "" })).rejects.toThrow(/`prompt`/);
    await expect(runAgent({ model, prompt: "x", mode: "fast" as never })).rejects.toThrow(/`mode`.*"fast"/);
    await expect(runAgent({ model, prompt: "x", maxTurns: 0 })).rejects.toThrow(/`maxTurns`/);
    await expect(runAgent({ model: {} as never, prompt: "x" })).rejects.toThrow(/`model`/);
  });
});
