import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it, vi } from "vitest";
import { anthropicModel } from "../../src/adapters/anthropic/model-exports.js";
import type { Model, ModelStreamEvent } from "../../src/agent/model.js";
import type { ModelServer, ModelServerOptions } from "../../src/testing/index.js";
import { closedPort } from "../helpers.js";
import { modelServers } from "../testing/helpers.js";
import { ask, failureOf, recordingFetch, threeLookups, turnEvents } from "./helpers.js";

const apiKey = "sk-ant-test-key";
const startServer = modelServers({ apiKey });

async function serve(options: ModelServerOptions): Promise<{ server: ModelServer; model: Model }> {
  const server = await startServer(options);
  return {
    server,
    model: anthropicModel({ model: "claude-test", baseURL: server.anthropicBaseURL, apiKey }),
  };
}

const threeCalls = threeLookups(["toolu_a", "toolu_b", "toolu_c"]);

describe("anthropicModel", () => {
  it("streams text, then each tool_use block as one event, then the finish with usage", async () => {
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
    expect(finish).toMatchObject({ type: "finish", reason: "tool_use" });
    expect(finish?.type === "finish" && finish.usage?.inputTokens).toBeGreaterThan(0);
    expect(finish?.type === "finish" && finish.usage?.outputTokens).toBeGreaterThan(1);
    expect(model).toMatchObject({ provider: "anthropic", name: "claude-test" });
  });

  it("emits a tool call when its block closes, before the next one has arrived", async () => {
    const { server } = await serve({ script: [{ ...threeCalls, timing: { tokensPerSecond: 100 } }] });
    const received: string[] = [];
    const client = new Anthropic({
      baseURL: server.anthropicBaseURL,
      apiKey,
      maxRetries: 0,
      fetch: recordingFetch(received),
    });
    const model = anthropicModel({ model: "claude-test", client });
    const seenAtEachCall: string[] = [];
    for await (const event of model.stream(ask)) {
      if (event.type === "tool-call") seenAtEachCall.push(received.join(""));
    }
    expect(seenAtEachCall).toHaveLength(3);
    expect(seenAtEachCall[0]).toContain('"id":"toolu_a"');
    expect(seenAtEachCall[0]).not.toContain('"id":"toolu_b"');
    expect(seenAtEachCall[1]).not.toContain("lookup_more");
    expect(seenAtEachCall[1]).not.toContain("message_stop");
  });

  it("keeps the streamed input JSON exactly as written, even when it does not parse", async () => {
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
    expect(calls[0]?.id).toMatch(/^toolu_01/);
  });

  it("sends the conversation in Messages API form: tool_use inputs as objects, results in one user turn", async () => {
    const { server, model } = await serve({ script: [{ text: "Paris is bigger." }] });
    await turnEvents(model, {
      system: "Answer briefly.",
      messages: [
        { role: "user", content: "Which is bigger?" },
        {
          role: "assistant",
          content: "Checking.",
          toolCalls: [
            { id: "toolu_1", name: "lookup", arguments: '{"city":"Paris"}' },
            { id: "toolu_2", name: "lookup", arguments: '{"city": "Ro' },
          ],
        },
        {
          role: "tool",
          results: [
            { callId: "toolu_1", name: "lookup", content: '{"population":2100000}', isError: false },
            { callId: "toolu_2", name: "lookup", content: "Error: arguments are not JSON", isError: true },
          ],
        },
        { role: "user", content: "Be quick." },
      ],
      tools: [{ name: "lookup", description: "Look a city up.", inputSchema: { properties: {} } }],
      parallelToolCalls: false,
      stop: ["\nObservation:"],
      temperature: 0.5,
    });
    expect(server.requests[0]?.body).toEqual({
      model: "claude-test",
      max_tokens: 4096,
      stream: true,
      system: "Answer briefly.",
      messages: [
        { role: "user", content: "Which is bigger?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "lookup", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "lookup", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: '{"population":2100000}' },
            {
              type: "tool_result",
              tool_use_id: "toolu_2",
              content: "Error: arguments are not JSON",
              is_error: true,
            },
            { type: "text", text: "Be quick." },
          ],
        },
      ],
      tools: [
        { name: "lookup", description: "Look a city up.", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      stop_sequences: ["\nObservation:"],
      temperature: 0.5,
    });
    expect(server.requests[0]?.messages[2]).toEqual({
      role: "tool",
      results: [
        { callId: "toolu_1", name: "lookup", content: '{"population":2100000}', isError: false },
        { callId: "toolu_2", name: "lookup", content: "Error: arguments are not JSON", isError: true },
      ],
    });
  });

  it("sends no tool_choice without tools, and reports a stop sequence", async () => {
    const { server, model } = await serve({ script: [{ text: "Thought: done\nObservation: x" }] });
    const events = await turnEvents(model, {
      ...ask,
      parallelToolCalls: false,
      stop: ["\nObservation:"],
      maxTokens: 50,
    });
    expect(events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("")).toBe(
      "Thought: done",
    );
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop_sequence" });
    expect(server.requests[0]?.body).not.toHaveProperty("tool_choice");
    expect(server.requests[0]?.body).toMatchObject({ max_tokens: 50 });
  });

  it("says how to install the SDK when it is missing", async () => {
    vi.doMock("@anthropic-ai/sdk", () => {
      throw Object.assign(new Error("Cannot find package '@anthropic-ai/sdk'"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
    });
    try {
      const model = anthropicModel({ model: "claude-test", apiKey });
      await expect(turnEvents(model, ask)).rejects.toMatchObject({
        code: "MODEL_SDK_MISSING",
        message: "anthropicModel needs the @anthropic-ai/sdk package: npm install @anthropic-ai/sdk",
      });
    } finally {
      vi.doUnmock("@anthropic-ai/sdk");
    }
  });

  describe("failures, as ModelErrors", () => {
    it("a server that cannot be reached: unreachable", async () => {
      const port = await closedPort();
      const model = anthropicModel({ model: "claude-test", baseURL: `http://127.0.0.1:${port}`, apiKey });
      const error = await failureOf(model);
      expect(error).toMatchObject({ provider: "anthropic", reason: "unreachable" });
      expect(error.message).toBe(
        `Cannot reach the Anthropic API at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
    });

    it("a refused key: unauthorized, naming the option and ANTHROPIC_API_KEY", async () => {
      const { server } = await serve({ script: [] });
      const model = anthropicModel({
        model: "claude-test",
        baseURL: server.anthropicBaseURL,
        apiKey: "wrong",
      });
      const error = await failureOf(model);
      expect(error).toMatchObject({ reason: "unauthorized", status: 401 });
      expect(error.message).toMatch(
        /refused the API key \(401: invalid x-api-key\).*apiKey.*ANTHROPIC_API_KEY/,
      );
    });

    it.each([
      [429, "rate-limited", "Number of request tokens has exceeded your per-minute rate limit"],
      [500, "server", "Internal server error"],
      [529, "server", "Overloaded"],
      [400, "bad-request", "messages: text content blocks must be non-empty"],
    ] as const)("an error answer %i: %s, with the server's message", async (status, reason, message) => {
      const { model } = await serve({ script: [{ error: { status, message } }] });
      const error = await failureOf(model);
      expect(error).toMatchObject({ reason, status });
      expect(error.message).toContain(`(${status}: ${message})`);
      expect(error.cause).toBeInstanceOf(Anthropic.APIError);
    });

    it("an aborted signal: aborted, before the request or in the middle of the stream", async () => {
      const { model } = await serve({ script: [{ text: "x".repeat(400), timing: { tokensPerSecond: 50 } }] });
      const before = new AbortController();
      before.abort();
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
      const saved = process.env.ANTHROPIC_API_KEY;
      delete process.env.ANTHROPIC_API_KEY;
      try {
        expect(() => anthropicModel({ model: "claude-test" })).toThrow(
          expect.objectContaining({
            reason: "unauthorized",
            message: expect.stringMatching(/apiKey option or set ANTHROPIC_API_KEY/),
          }),
        );
      } finally {
        if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
      }
    });
  });
});
