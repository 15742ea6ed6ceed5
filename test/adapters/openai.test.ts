import OpenAI from "openai";
import type {
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import type {
  FunctionTool,
  ResponseInputItem,
  ResponseOutputItem,
} from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import {
  runChatToolCalls,
  runResponsesFunctionCalls,
  toChatCompletionsTools,
  toResponsesTools,
} from "../../src/adapters/openai/index.js";
import { Executor } from "../../src/index.js";
import { startModelServer } from "../../src/testing/index.js";
import { heldWork, weather } from "./helpers.js";

describe("toChatCompletionsTools and toResponsesTools", () => {
  it("describe tools in each API's shape, with names OpenAI accepts", () => {
    const read = { name: "fs.read", description: "Reads a file.", execute: () => "" };
    const chatTools: ChatCompletionTool[] = toChatCompletionsTools([weather, read]);
    expect(chatTools).toEqual([
      {
        type: "function",
        function: {
          name: "weather",
          description: "Today's weather in a city.",
          parameters: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          },
        },
      },
      {
        type: "function",
        function: {
          name: "fs_read",
          description: "Reads a file.",
          parameters: { type: "object", additionalProperties: true },
        },
      },
    ]);
    const responsesTools: FunctionTool[] = toResponsesTools([weather]);
    expect(responsesTools).toEqual([
      {
        type: "function",
        name: "weather",
        description: "Today's weather in a city.",
        parameters: chatTools[0]?.type === "function" ? chatTools[0].function.parameters : undefined,
        strict: false,
      },
    ]);
  });
});

describe("runChatToolCalls", () => {
  it("answers every call of an assistant message in the order asked, though they finished in reverse", async () => {
    const ids = ["call_1", "call_2", "call_3"];
    const { executor, recorder, finishInReverse } = heldWork(ids);
    const message: ChatCompletionMessage = {
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [
        ...ids.map((id, index) => ({
          id,
          type: "function" as const,
          function: { name: "work", arguments: JSON.stringify({ n: index + 1 }) },
        })),
        { id: "call_4", type: "custom", custom: { name: "grammar", input: "x" } },
        { id: "call_5", type: "function", function: { name: "work", arguments: "{not json" } },
      ],
    };
    const pending = runChatToolCalls(executor, message);
    await finishInReverse();
    const toolMessages = await pending;
    expect(recorder.maxRunning).toBe(3);
    expect(recorder.ends).toEqual(["call_3", "call_2", "call_1"]);
    const asParams: ChatCompletionMessageParam[] = toolMessages;
    expect(asParams.slice(0, 3)).toEqual([
      { role: "tool", tool_call_id: "call_1", content: "done 1" },
      { role: "tool", tool_call_id: "call_2", content: "done 2" },
      { role: "tool", tool_call_id: "call_3", content: "done 3" },
    ]);
    expect(toolMessages[3]).toMatchObject({ tool_call_id: "call_4" });
    expect(toolMessages[3]?.content).toBe(
      'Tool "grammar" was not run: it is a custom tool call, and only function tools run here.',
    );
    expect(toolMessages[4]?.tool_call_id).toBe("call_5");
    expect(toolMessages[4]?.content).toMatch(/^Tool "work" was not run: its arguments are not valid JSON/);
  });

  it("takes the tool_calls array alone, and a message without calls", async () => {
    const executor = new Executor({ tools: [weather] });
    const toolMessages = await runChatToolCalls(executor, [
      { id: "call_a", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
    ]);
    expect(toolMessages).toEqual([
      { role: "tool", tool_call_id: "call_a", content: '{"city":"Oslo","sky":"clear"}' },
    ]);
    expect(await runChatToolCalls(executor, { tool_calls: null })).toEqual([]);
  });

  it("round-trips with the OpenAI SDK: the model's calls run and the model reads their results", async () => {
    const server = await startModelServer({
      script: [
        {
          toolCalls: [
            { id: "call_x", name: "weather", arguments: { city: "Paris" } },
            { id: "call_y", name: "weather", arguments: { town: "Rome" } },
          ],
        },
        { text: "Sunny in Paris." },
      ],
    });
    try {
      const executor = new Executor({ tools: [weather] });
      const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "test", maxRetries: 0 });
      const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Weather?" }];
      const tools = toChatCompletionsTools(executor.tools);
      const first = await client.chat.completions.create({ model: "test", messages, tools });
      const message = first.choices[0]?.message;
      if (message === undefined) throw new Error("expected a message");
      messages.push(message, ...(await runChatToolCalls(executor, message)));
      const second = await client.chat.completions.create({ model: "test", messages, tools });
      expect(second.choices[0]?.message.content).toBe("Sunny in Paris.");
      const results = server.requests[1]?.messages.at(-1);
      expect(results?.role).toBe("tool");
      if (results?.role !== "tool") throw new Error("expected tool results");
      expect(results.results.map((result) => result.callId)).toEqual(["call_x", "call_y"]);
      expect(results.results[0]?.content).toBe('{"city":"Paris","sky":"clear"}');
      expect(results.results[1]?.content).toMatch(/^Tool "weather" was not run: its arguments do not match/);
    } finally {
      await server.close();
    }
  });
});

describe("runResponsesFunctionCalls", () => {
  it("answers the function_call items of a response by call_id, in order, leaving other items alone", async () => {
    const executor = new Executor({ tools: [weather] });
    const output: ResponseOutputItem[] = [
      { type: "reasoning", id: "rs_1", summary: [] },
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Checking.", annotations: [] }],
      },
      { type: "function_call", id: "fc_1", call_id: "call_a", name: "weather", arguments: '{"city":"Oslo"}' },
      { type: "function_call", id: "fc_2", call_id: "call_b", name: "wether", arguments: "{}" },
      { type: "function_call", id: "fc_3", call_id: "call_c", name: "weather", arguments: '{"city":"Rome"}' },
    ];
    const items = await runResponsesFunctionCalls(executor, output);
    // The outputs go straight into the next request's `input`.
    const input: ResponseInputItem[] = items;
    expect(input).toHaveLength(3);
    expect(items).toEqual([
      { type: "function_call_output", call_id: "call_a", output: '{"city":"Oslo","sky":"clear"}' },
      {
        type: "function_call_output",
        call_id: "call_b",
        output:
          'There is no tool named "wether". Did you mean "weather"? Available tools: "weather". Call one of them by its exact name.',
      },
      { type: "function_call_output", call_id: "call_c", output: '{"city":"Rome","sky":"clear"}' },
    ]);
    expect(await runResponsesFunctionCalls(executor, { output: output.slice(2, 3) })).toHaveLength(1);
  });
});
