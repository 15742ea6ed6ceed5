import Anthropic from "@anthropic-ai/sdk";
import type {
  Tool as AnthropicTool,
  ContentBlock,
  Message,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import { describe, expect, it } from "vitest";
import { runToolUseBlocks, toAnthropicTools } from "../../src/adapters/anthropic/index.js";
import { Executor } from "../../src/index.js";
import { startModelServer } from "../../src/testing/index.js";
import { heldWork, weather } from "./helpers.js";

function toolUse(id: string, name: string, input: unknown): ContentBlock {
  return { type: "tool_use", id, name, input, caller: { type: "direct" } };
}

describe("toAnthropicTools", () => {
  it("describes tools in the Messages API's shape, with names Anthropic accepts", () => {
    const tools: AnthropicTool[] = toAnthropicTools([weather, { name: "fs.read", execute: () => "" }]);
    expect(tools).toEqual([
      {
        name: "weather",
        description: "Today's weather in a city.",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
      { name: "fs_read", description: "", input_schema: { type: "object", additionalProperties: true } },
    ]);
  });
});

describe("runToolUseBlocks", () => {
  it("answers every tool_use block in one user message, in the order asked, though they finished in reverse", async () => {
    const ids = ["toolu_01A", "toolu_01B", "toolu_01C"];
    const { executor, recorder, finishInReverse } = heldWork(ids);
    const message: Message = {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-test",
      container: null,
      diagnostics: null,
      stop_reason: "tool_use",
      stop_sequence: null,
      stop_details: null,
      usage: {
        input_tokens: 1,
        output_tokens: 1,
        cache_creation: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        inference_geo: null,
        server_tool_use: null,
        service_tier: null,
        output_tokens_details: null,
        speed: null,
      },
      content: [
        { type: "text", text: "Working.", citations: null },
        ...ids.map((id, index) => toolUse(id, "work", { n: index + 1 })),
      ],
    };
    const pending = runToolUseBlocks(executor, message);
    await finishInReverse();
    const reply: MessageParam = await pending;
    expect(recorder.maxRunning).toBe(3);
    expect(recorder.ends).toEqual(["toolu_01C", "toolu_01B", "toolu_01A"]);
    expect(reply).toEqual({
      role: "user",
      content: ids.map((id, index) => ({
        type: "tool_result",
        tool_use_id: id,
        content: `done ${index + 1}`,
      })),
    });
  });

  it("marks failures with is_error and text the model can act on", async () => {
    const executor = new Executor({
      tools: [
        weather,
        {
          name: "explode",
          execute: () => {
            throw new Error("quota exceeded");
          },
        },
        { name: "hang", timeoutMs: 10, execute: () => new Promise(() => {}) },
      ],
    });
    const reply = await runToolUseBlocks(executor, [
      toolUse("toolu_1", "weather", { town: "Paris" }),
      toolUse("toolu_2", "explode", {}),
      toolUse("toolu_3", "hang", {}),
      toolUse("toolu_4", "weathr", { city: "Paris" }),
      toolUse("toolu_5", "weather", ["Paris"]),
      toolUse("toolu_6", "weather", { city: "Paris" }),
    ]);
    expect(reply.content.map((block) => [block.tool_use_id, block.is_error ?? false])).toEqual([
      ["toolu_1", true],
      ["toolu_2", true],
      ["toolu_3", true],
      ["toolu_4", true],
      ["toolu_5", true],
      ["toolu_6", false],
    ]);
    const texts = reply.content.map((block) => block.content);
    expect(texts[0]).toMatch(
      /^Tool "weather" was not run: its arguments do not match its input schema:\n- city: /,
    );
    expect(texts[0]).toContain('Required properties: "city" (string).');
    expect(texts[1]).toMatch(/^Tool "explode" failed: quota exceeded\./);
    expect(texts[2]).toMatch(/^Tool "hang" did not finish within its time limit of 10 ms/);
    expect(texts[3]).toMatch(/^There is no tool named "weathr"\. Did you mean "weather"\?/);
    expect(texts[4]).toMatch(/its arguments must be one JSON object, but they are an array/);
    expect(texts[5]).toBe('{"city":"Paris","sky":"clear"}');
  });

  it("gives an empty reply for a turn without tool_use blocks", async () => {
    const executor = new Executor({ tools: [weather] });
    expect(await runToolUseBlocks(executor, { content: "Just text." })).toEqual({
      role: "user",
      content: [],
    });
  });

  it("round-trips with the Anthropic SDK: the model's calls run and the model reads their results", async () => {
    const server = await startModelServer({
      script: [
        {
          toolCalls: [
            { id: "toolu_x", name: "weather", arguments: { city: "Paris" } },
            { id: "toolu_y", name: "weather", arguments: { city: 3 } },
          ],
        },
        { text: "Sunny in Paris." },
      ],
    });
    try {
      const executor = new Executor({ tools: [weather] });
      const client = new Anthropic({ baseURL: server.anthropicBaseURL, apiKey: "test", maxRetries: 0 });
      const messages: MessageParam[] = [{ role: "user", content: "Weather?" }];
      const tools = toAnthropicTools(executor.tools);
      const first = await client.messages.create({ model: "test", max_tokens: 100, messages, tools });
      expect(first.stop_reason).toBe("tool_use");
      messages.push({ role: "assistant", content: first.content }, await runToolUseBlocks(executor, first));
      const second = await client.messages.create({ model: "test", max_tokens: 100, messages, tools });
      expect(second.content[0]).toMatchObject({ type: "text", text: "Sunny in Paris." });
      const results = server.requests[1]?.messages.at(-1);
      if (results?.role !== "tool") throw new Error("expected tool results");
      expect(results.results.map((result) => [result.callId, result.isError])).toEqual([
        ["toolu_x", false],
        ["toolu_y", true],
      ]);
      expect(results.results[0]?.content).toBe('{"city":"Paris","sky":"clear"}');
    } finally {
      await server.close();
    }
  });
});
