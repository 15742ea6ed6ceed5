import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import type { ModelServer, ModelServerOptions } from "../../src/testing/index.js";
import { collect } from "../helpers.js";
import { modelServers } from "./helpers.js";

const apiKey = "sk-test-key";
const startServer = modelServers({ apiKey });

async function serve(options: ModelServerOptions): Promise<{ server: ModelServer; client: OpenAI }> {
  const server = await startServer(options);
  return { server, client: new OpenAI({ baseURL: server.openaiBaseURL, apiKey, maxRetries: 0 }) };
}

const user = [{ role: "user" as const, content: "What is the weather in Paris and in Rome?" }];
const weatherTurn = {
  text: "Let me look both up.",
  toolCalls: [
    { id: "call_paris", name: "weather", arguments: { city: "Paris", units: "metric" } },
    { name: "weather", arguments: { city: "Rome", units: "metric" } },
  ],
};

describe("the model server, through the OpenAI SDK", () => {
  it("streams text and each tool call's arguments in many chunks that reassemble to the script", async () => {
    const { client } = await serve({ script: [weatherTurn] });
    const chunks = await collect(
      await client.chat.completions.create({
        model: "gpt-test",
        messages: user,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    const textDeltas = deltas.filter((delta) => delta.content);
    expect(textDeltas.length).toBeGreaterThan(1);
    expect(textDeltas.map((delta) => delta.content).join("")).toBe(weatherTurn.text);
    expect(deltas[0]?.role).toBe("assistant");

    const toolDeltas = deltas.flatMap((delta) => delta.tool_calls ?? []);
    for (const [index, scripted] of weatherTurn.toolCalls.entries()) {
      const [opening, ...fragments] = toolDeltas.filter((delta) => delta.index === index);
      expect(opening).toMatchObject({
        index,
        type: "function",
        function: { name: "weather", arguments: "" },
      });
      expect(opening?.id).toMatch(index === 0 ? /^call_paris$/ : /^call_[A-Za-z0-9]{24}$/);
      expect(fragments.length).toBeGreaterThan(1);
      expect(
        fragments.every((fragment) => fragment.id === undefined && fragment.function?.name === undefined),
      ).toBe(true);
      const argumentsText = fragments.map((fragment) => fragment.function?.arguments).join("");
      expect(JSON.parse(argumentsText)).toEqual(scripted.arguments);
    }

    const finishChunk = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishChunk?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(
      chunks.every((chunk) => chunk.id.startsWith("chatcmpl-") && chunk.object === "chat.completion.chunk"),
    ).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(last?.usage?.total_tokens).toBe(
      (last?.usage?.prompt_tokens ?? 0) + (last?.usage?.completion_tokens ?? 0),
    );
  });

  it("sends no usage without stream_options.include_usage", async () => {
    const { client } = await serve({ script: [{ text: "Hello there" }] });
    const chunks = await collect(
      await client.chat.completions.create({ model: "gpt-test", messages: user, stream: true }),
    );
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("sends arguments that are not JSON exactly as scripted", async () => {
    const broken = '{"city": "Paris", "units": ';
    const { client } = await serve({ script: [{ toolCalls: [{ name: "weather", arguments: broken }] }] });
    const chunks = await collect(
      await client.chat.completions.create({ model: "gpt-test", messages: user, stream: true }),
    );
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas.map((delta) => delta.function?.arguments ?? "").join("")).toBe(broken);
    // With no text, the role rides on the first tool call's chunk, as the API does it.
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: null });
  });

  it("lets the SDK's stream helper accumulate the scripted message", async () => {
    const { client } = await serve({ script: [weatherTurn] });
    const stream = client.chat.completions.stream({ model: "gpt-test", messages: user });
    const message = await stream.finalMessage();
    expect(message.content).toBe(weatherTurn.text);
    expect(
      message.tool_calls?.map(
        (call) => call.type === "function" && [call.function.name, call.function.arguments],
      ),
    ).toEqual(weatherTurn.toolCalls.map((call) => [call.name, JSON.stringify(call.arguments)]));
    expect(message.tool_calls?.[0]?.id).toBe("call_paris");
  });

  it("answers a request without stream as one chat.completion", async () => {
    const { client } = await serve({ script: [weatherTurn, { text: "Sunny in both." }] });
    const completion = await client.chat.completions.create({ model: "gpt-test", messages: user });
    expect(completion).toMatchObject({ object: "chat.completion", model: "gpt-test" });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.content).toBe(weatherTurn.text);
    const toolCalls = completion.choices[0]?.message.tool_calls ?? [];
    expect(toolCalls.map((call) => call.type === "function" && JSON.parse(call.function.arguments))).toEqual(
      weatherTurn.toolCalls.map((call) => call.arguments),
    );
    const plain = await client.chat.completions.create({ model: "gpt-test", messages: user });
    expect(plain.choices[0]?.message).toMatchObject({ role: "assistant", content: "Sunny in both." });
    expect(plain.choices[0]?.message.tool_calls).toBeUndefined();
    expect(plain.choices[0]?.finish_reason).toBe("stop");
  });

  it("refuses a wrong key with the SDK's AuthenticationError", async () => {
    const { server } = await serve({ script: [{ text: "never sent" }] });
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "sk-wrong-key-123", maxRetries: 0 });
    const failure = client.chat.completions.create({ model: "gpt-test", messages: user });
    await expect(failure).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(failure).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    expect(server.requests).toHaveLength(0);
  });

  it("ends the text before a stop sequence and drops what follows", async () => {
    const { client } = await serve({
      script: [{ text: "Answer: 42\nObservation: none", toolCalls: [{ name: "weather", arguments: {} }] }],
    });
    const chunks = await collect(
      await client.chat.completions.create({
        model: "gpt-test",
        messages: user,
        stream: true,
        stop: ["\nObservation:"],
      }),
    );
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Answer: 42");
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls)).toBe(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("answers an error turn with that status, which the SDK raises as its APIError", async () => {
    const { client } = await serve({
      script: [{ error: { status: 429, message: "Rate limit reached for requests" } }, { text: "Recovered" }],
    });
    const failure = client.chat.completions.create({ model: "gpt-test", messages: user, stream: true });
    await expect(failure).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(failure).rejects.toMatchObject({
      status: 429,
      message: "429 Rate limit reached for requests",
    });
    const completion = await client.chat.completions.create({ model: "gpt-test", messages: user });
    expect(completion.choices[0]?.message.content).toBe("Recovered");
  });

  it("gives the neutral view of what the client sent, tool results included", async () => {
    const { server, client } = await serve({ script: [{ text: "Done." }] });
    await client.chat.completions.create({
      model: "gpt-test",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "call_2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
        { role: "tool", tool_call_id: "call_2", content: "error: no station" },
        { role: "user", content: "Thanks" },
      ],
      tools: [{ type: "function", function: { name: "weather", parameters: { type: "object" } } }],
      parallel_tool_calls: false,
      stop: "END",
    });
    const [request] = server.requests;
    expect(request).toMatchObject({
      provider: "openai",
      path: "/v1/chat/completions",
      model: "gpt-test",
      isStreaming: false,
      system: "Be brief.",
      toolNames: ["weather"],
      stop: ["END"],
      parallelToolCalls: false,
    });
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.messages).toEqual([
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "call_2", name: "weather", arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: "tool",
        results: [
          { callId: "call_1", name: "weather", content: "sunny", isError: false },
          { callId: "call_2", name: "weather", content: "error: no station", isError: false },
        ],
      },
      { role: "user", content: "Thanks" },
    ]);
  });
});
