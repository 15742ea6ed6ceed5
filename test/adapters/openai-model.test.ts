import OpenAI from "openai";
import { describe, expect, it, vi } from "vitest";
import { openaiModel } from "../../src/adapters/openai/model-exports.js";
import type { Model, ModelStreamEvent } from "../../src/agent/model.js";
import type { ModelServer, ModelServerOptions } from "../../src/testing/index.js";
import { closedPort } from "../helpers.js";
import { modelServers } from "../testing/helpers.js";
import { ask, failureOf, recordingFetch, threeLookups, turnEvents } from "./helpers.js";

const apiKey = "sk-test-key";
const startServer = modelServers({ apiKey });

async function serve(options: ModelServerOptions): Promise<{ server: ModelServer; model: Model }> {
  const server = await startServer(options);
  return { server, model: openaiModel({ model: "gpt-test", baseURL: server.openaiBaseURL, apiKey }) };
}

const threeCalls = threeLookups(["call_a", "call_b", "call_c"]);

describe("openaiModel", () => {
  it("streams text, then each tool call as one event, then the finish with usage", async () => {
    const { model } = await serve({ script: [threeCalls] });
    const events = await turnEvents(model, ask);
    const text = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : []));
    expect(text.length).toBeGreaterThan(1);
    expect(text.join("")).toBe(threeCalls.text);
    const calls = events.flatMap((event) => (event.type === "tool-call" ? [event.call] : []));
    expect(calls).toEqual(
      threeCalls.toolCalls.map((call) => ({
        id: call.id,
        name: call.name,
        arguments: JSON.stringify(call.arguments),
      })),
    );
    const finish = events.at(-1);
    expect(finish).toMatchObject({ type: "finish", reason: "tool_calls" });
    expect(finish?.type === "finish" && finish.usage?.outputTokens).toBeGreaterThan(0);
    expect(events.filter((event) => event.type === "finish")).toHaveLength(1);
    expect(model).toMatchObject({ provider: "openai", name: "gpt-test" });
  });

  it("emits a tool call as soon as the next one starts, before the rest of the turn has arrived", async () => {
    const { server } = await serve({ script: [{ ...threeCalls, timing: { tokensPerSecond: 100 } }] });
    const received: string[] = [];
    const client = new OpenAI({
      baseURL: server.openaiBaseURL,
      apiKey,
      maxRetries: 0,
      fetch: recordingFetch(received),
    });
    const model = openaiModel({ model: "gpt-test", client });
    const seenAtEachCall: string[] = [];
    for await (const event of model.stream(ask)) {
      if (event.type === "tool-call") seenAtEachCall.push(received.join(""));
    }
    expect(seenAtEachCall).toHaveLength(3);
    // When the first call was emitted, the third had not even begun to arrive, nor the end of the turn.
    expect(seenAtEachCall[0]).toContain('"id":"call_b"');
    expect(seenAtEachCall[0]).not.toContain("lookup_more");
    expect(seenAtEachCall[0]).not.toContain('"finish_reason":"tool_calls"');
    expect(seenAtEachCall[1]).not.toContain('"finish_reason":"tool_calls"');
  });

  it("passes arguments that are not JSON through verbatim, and empty ones as {}", async () => {
    const { model } = await serve({
      script: [
        {
          toolCalls: [
            { name: "broken", arguments: '{"city": "Par' },
            { name: "empty", arguments: "" },
          ],
        },
      ],
    });
    const calls = (await turnEvents(model, ask)).flatMap((event) =>
      event.type === "tool-call" ? [event.call] : [],
    );
    expect(calls.map((call) => call.arguments)).toEqual(['{"city": "Par', "{}"]);
    expect(calls[0]?.id).toMatch(/^call_/);
  });

  it("sends the conversation in Chat Completions form, tool results in order", async () => {
    const { server, model } = await serve({ script: [{ text: "Paris is bigger." }] });
    const events = await turnEvents(model, {
      system: "Answer briefly.",
      messages: [
        { role: "user", content: "Which is bigger?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [
            { id: "call_1", name: "lookup", arguments: '{"city":"Paris"}' },
            { id: "call_2", name: "lookup", arguments: '{"city":"Rome"}' },
          ],
        },
        {
          role: "tool",
          results: [
            { callId: "call_1", name: "lookup", content: '{"population":2100000}', isError: false },
            { callId: "call_2", name: "lookup", content: "Error: timed out", isError: true },
          ],
        },
      ],
      tools: [{ name: "lookup", description: "Look a city up.", inputSchema: { type: "object" } }],
      parallelToolCalls: false,
      stop: ["\nObservation:"],
      maxTokens: 300,
      temperature: 0,
    });
    expect(events).toEqual([
      { type: "text-delta", text: "Pari" },
      { type: "text-delta", text: "s is" },
      { type: "text-delta", text: " big" },
      { type: "text-delta", text: "ger." },
      { type: "finish", reason: "stop", usage: expect.objectContaining({ outputTokens: 4 }) },
    ]);
    const body = server.requests[0]?.body;
    expect(body).toEqual({
      model: "gpt-test",
      messages: [
        { role: "system", content: "Answer briefly." },
        { role: "user", content: "Which is bigger?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"city":"Paris"}' } },
            { id: "call_2", type: "function", function: { name: "lookup", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"population":2100000}' },
        { role: "tool", tool_call_id: "call_2", content: "Error: timed out" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        {
          type: "function",
          function: { name: "lookup", description: "Look a city up.", parameters: { type: "object" } },
        },
      ],
      parallel_tool_calls: false,
      stop: ["\nObservation:"],
      max_tokens: 300,
      temperature: 0,
    });
    expect(server.requests[0]?.messages.at(-1)).toMatchObject({
      role: "tool",
      results: [{ callId: "call_1" }, { callId: "call_2" }],
    });
  });

  it("sends no parallel_tool_calls without tools, and ends text at a stop sequence", async () => {
    const { server, model } = await serve({ script: [{ text: "Thought: done\nObservation: x" }] });
    const events = await turnEvents(model, { ...ask, parallelToolCalls: false, stop: ["\nObservation:"] });
    expect(events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("")).toBe(
      "Thought: done",
    );
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
    expect(server.requests[0]?.body).not.toHaveProperty("parallel_tool_calls");
    expect(server.requests[0]?.body).not.toHaveProperty("tools");
  });

  describe("failures, as ModelErrors", () => {
    it("a server that cannot be reached: unreachable", async () => {
      const port = await closedPort();
      const model = openaiModel({ model: "gpt-test", baseURL: `http://127.0.0.1:${port}/v1`, apiKey });
      const error = await failureOf(model);
      expect(error).toMatchObject({
        code: "MODEL_REQUEST_FAILED",
        provider: "openai",
        reason: "unreachable",
      });
      expect(error.message).toBe(
        `Cannot reach the OpenAI-compatible server at http://127.0.0.1:${port}/v1: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
    });

    it("a refused key: unauthorized, naming the option and OPENAI_API_KEY", async () => {
      const { server } = await serve({ script: [] });
      const model = openaiModel({
        model: "gpt-test",
        baseURL: server.openaiBaseURL,
        apiKey: "sk-wrong-key-1234",
      });
      const error = await failureOf(model);
      expect(error).toMatchObject({ reason: "unauthorized", status: 401 });
      expect(error.message).toMatch(
        /refused the API key \(401: Incorrect API key provided: .*\).*apiKey.*OPENAI_API_KEY/,
      );
    });

    it.each([
      [429, "rate-limited", "Rate limit reached"],
      [500, "server", "The server had an error"],
      [503, "server", "Overloaded"],
      [400, "bad-request", "Invalid value for 'temperature'"],
      [404, "bad-request", "The model 'gpt-test' does not exist"],
    ] as const)("an error answer %i: %s, with the server's message", async (status, reason, message) => {
      const { model } = await serve({ script: [{ error: { status, message } }] });
      const error = await failureOf(model);
      expect(error).toMatchObject({ reason, status });
      expect(error.message).toContain(`(${status}: ${message})`);
      expect(error.cause).toBeInstanceOf(OpenAI.APIError);
    });

    it("an aborted signal: aborted, before the request or in the middle of the stream", async () => {
      const { model } = await serve({ script: [{ text: "x".repeat(400), timing: { tokensPerSecond: 50 } }] });
      const before = new AbortController();
      before.abort(new Error("stop now"));
      expect(await failureOf(model, { ...ask, signal: before.signal })).toMatchObject({ reason: "aborted" });

      const during = new AbortController();
      const events: ModelStreamEvent[] = [];
      const failure = (async () => {
        for await (const event of model.stream({ ...ask, signal: during.signal })) {
          events.push(event);
          if (events.length === 2) during.abort();
        }
      })();
      await expect(failure).rejects.toMatchObject({ reason: "aborted" });
      expect(events.length).toBeLessThan(10);
    });

    it("no key at all: unauthorized when the model is made", () => {
      const saved = process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_API_KEY;
      try {
        expect(() => openaiModel({ model: "gpt-test" })).toThrow(
          expect.objectContaining({
            reason: "unauthorized",
            message: expect.stringMatching(/apiKey option or set OPENAI_API_KEY/),
          }),
        );
      } finally {
        if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
      }
    });
  });

  it("lets the reader stop early, and serves the next turn after", async () => {
    const { model } = await serve({
      script: [{ text: "x".repeat(400), timing: { tokensPerSecond: 20 } }, { text: "next" }],
    });
    const started = performance.now();
    for await (const event of model.stream(ask)) {
      if (event.type === "text-delta") break;
    }
    // The whole first turn would take 5 s; stopping early does not wait for it.
    expect(performance.now() - started).toBeLessThan(4_000);
    expect((await turnEvents(model, ask)).at(-1)).toMatchObject({ type: "finish", reason: "stop" });
  });

  it("says how to install the SDK when it is missing", async () => {
    vi.doMock("openai", () => {
      throw Object.assign(new Error("Cannot find package 'openai'"), { code: "ERR_MODULE_NOT_FOUND" });
    });
    try {
      const model = openaiModel({ model: "gpt-test", apiKey });
      await expect(turnEvents(model, ask)).rejects.toMatchObject({
        code: "MODEL_SDK_MISSING",
        message: "openaiModel needs the openai package: npm install openai",
      });
    } finally {
      vi.doUnmock("openai");
    }
  });

  it("rejects a missing model name up front", () => {
    expect(() => openaiModel({ model: "", apiKey })).toThrow(TypeError);
  });
});
