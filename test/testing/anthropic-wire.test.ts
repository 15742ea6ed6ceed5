import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { ModelServer, ModelServerOptions } from "../../src/testing/index.js";
import { collect } from "../helpers.js";
import { modelServers } from "./helpers.js";

const apiKey = "sk-ant-test-key";
const startServer = modelServers({ apiKey });

async function serve(options: ModelServerOptions): Promise<{ server: ModelServer; client: Anthropic }> {
  const server = await startServer(options);
  return { server, client: new Anthropic({ baseURL: server.anthropicBaseURL, apiKey, maxRetries: 0 }) };
}

const messages = [{ role: "user" as const, content: "What is the weather in Paris and in Rome?" }];
const request = { model: "claude-test", max_tokens: 1024, messages };
const weatherTurn = {
  text: "Let me look both up.",
  toolCalls: [
    { id: "toolu_paris", name: "weather", arguments: { city: "Paris", units: "metric" } },
    { name: "weather", arguments: { city: "Rome", units: "metric" } },
  ],
};

describe("the model server, through the Anthropic SDK", () => {
  it("streams the Messages API's events, splitting text and tool input into many deltas", async () => {
    const { client } = await serve({ script: [weatherTurn] });
    const events = await collect(await client.messages.create({ ...request, stream: true }));
    const types = events.map((event) => event.type);
    expect(types[0]).toBe("message_start");
    expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(types.filter((type) => type === "content_block_start")).toHaveLength(3);
    expect(types.filter((type) => type === "content_block_stop")).toHaveLength(3);

    const start = events[0];
    expect(start?.type === "message_start" && start.message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-test",
      content: [],
      stop_reason: null,
    });
    expect(start?.type === "message_start" && start.message.id).toMatch(/^msg_01/);

    const deltasOf = (index: number) =>
      events.flatMap((event) =>
        event.type === "content_block_delta" && event.index === index ? [event.delta] : [],
      );
    const textDeltas = deltasOf(0);
    expect(textDeltas.length).toBeGreaterThan(1);
    expect(textDeltas.map((delta) => (delta.type === "text_delta" ? delta.text : "")).join("")).toBe(
      weatherTurn.text,
    );

    for (const [position, scripted] of weatherTurn.toolCalls.entries()) {
      const index = position + 1;
      const blockStart = events.find(
        (event) => event.type === "content_block_start" && event.index === index,
      );
      expect(blockStart?.type === "content_block_start" && blockStart.content_block).toMatchObject({
        type: "tool_use",
        name: "weather",
        input: {},
      });
      const id =
        blockStart?.type === "content_block_start" &&
        "id" in blockStart.content_block &&
        blockStart.content_block.id;
      expect(id).toMatch(position === 0 ? /^toolu_paris$/ : /^toolu_01/);
      const fragments = deltasOf(index).map((delta) =>
        delta.type === "input_json_delta" ? delta.partial_json : null,
      );
      expect(fragments.filter((fragment) => fragment !== "").length).toBeGreaterThan(1);
      expect(JSON.parse(fragments.join(""))).toEqual(scripted.arguments);
    }

    const messageDelta = events.at(-2);
    expect(messageDelta?.type === "message_delta" && messageDelta.delta).toMatchObject({
      stop_reason: "tool_use",
      stop_sequence: null,
    });
    expect(messageDelta?.type === "message_delta" && messageDelta.usage.output_tokens).toBeGreaterThan(0);
  });

  it("lets the SDK's MessageStream build the scripted message", async () => {
    const { client } = await serve({ script: [weatherTurn] });
    const message = await client.messages.stream(request).finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toEqual([
      { type: "text", text: weatherTurn.text },
      { type: "tool_use", id: "toolu_paris", name: "weather", input: weatherTurn.toolCalls[0]?.arguments },
      {
        type: "tool_use",
        id: expect.stringMatching(/^toolu_01/),
        name: "weather",
        input: weatherTurn.toolCalls[1]?.arguments,
      },
    ]);
  });

  it("sends tool input that is not JSON exactly as scripted", async () => {
    const broken = '{"city": "Paris", "units": ';
    const { client } = await serve({ script: [{ toolCalls: [{ name: "weather", arguments: broken }] }] });
    const events = await collect(await client.messages.create({ ...request, stream: true }));
    const json = events
      .map((event) =>
        event.type === "content_block_delta" && event.delta.type === "input_json_delta"
          ? event.delta.partial_json
          : "",
      )
      .join("");
    expect(json).toBe(broken);
  });

  it("answers a request without stream as one message", async () => {
    const { client } = await serve({ script: [weatherTurn] });
    const message = await client.messages.create(request);
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-test",
      stop_reason: "tool_use",
    });
    expect(message.content.map((block) => (block.type === "tool_use" ? block.input : block.type))).toEqual([
      "text",
      ...weatherTurn.toolCalls.map((call) => call.arguments),
    ]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it("refuses a wrong key with the SDK's AuthenticationError", async () => {
    const { server } = await serve({ script: [{ text: "never sent" }] });
    const client = new Anthropic({ baseURL: server.anthropicBaseURL, apiKey: "sk-ant-wrong", maxRetries: 0 });
    const failure = client.messages.create(request);
    await expect(failure).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(failure).rejects.toMatchObject({
      status: 401,
      error: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
    });
  });

  it("ends the turn at a stop sequence with stop_reason stop_sequence", async () => {
    const { client } = await serve({
      script: [{ text: "Thought: easy\nAnswer: 42", toolCalls: [{ name: "weather", arguments: {} }] }],
    });
    const message = await client.messages
      .stream({ ...request, stop_sequences: ["\nAnswer:", "zzz"] })
      .finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "Thought: easy" }]);
    expect(message.stop_reason).toBe("stop_sequence");
    expect(message.stop_sequence).toBe("\nAnswer:");
  });

  it("answers an error turn with that status, which the SDK raises as its APIError", async () => {
    const { client } = await serve({ script: [{ error: { status: 529, message: "Overloaded" } }] });
    const failure = client.messages.create({ ...request, stream: true });
    await expect(failure).rejects.toBeInstanceOf(Anthropic.APIError);
    await expect(failure).rejects.toMatchObject({
      status: 529,
      error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
  });

  it("gives the neutral view of what the client sent, tool results and errors included", async () => {
    const { server, client } = await serve({ script: [{ text: "Done." }] });
    await client.messages.create({
      ...request,
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "weather", input: { city: "Rome" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "sunny" },
            {
              type: "tool_result",
              tool_use_id: "toolu_2",
              content: [{ type: "text", text: "no station" }],
              is_error: true,
            },
            { type: "text", text: "Summarize." },
          ],
        },
      ],
      tools: [{ name: "weather", input_schema: { type: "object" } }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      stop_sequences: ["END"],
    });
    const [received] = server.requests;
    expect(received).toMatchObject({
      provider: "anthropic",
      path: "/v1/messages",
      system: "Be brief.",
      toolNames: ["weather"],
      stop: ["END"],
      parallelToolCalls: false,
    });
    // SDK versions differ in where they put the key: x-api-key, or Authorization: Bearer.
    expect(received?.headers["x-api-key"] ?? received?.headers.authorization?.replace(/^Bearer /, "")).toBe(
      apiKey,
    );
    expect(received?.messages).toEqual([
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
        toolCalls: [
          { id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "toolu_2", name: "weather", arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: "tool",
        results: [
          { callId: "toolu_1", name: "weather", content: "sunny", isError: false },
          { callId: "toolu_2", name: "weather", content: "no station", isError: true },
        ],
      },
      { role: "user", content: "Summarize." },
    ]);
  });
});
