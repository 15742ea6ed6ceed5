import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, stepCountIs, type ToolExecutionOptions, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fromAiSdkTools, toAiSdkTools } from "../../src/adapters/ai-sdk/index.js";
import {
  describeTool,
  Executor,
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
  type WeftEvent,
} from "../../src/index.js";
import { startModelServer } from "../../src/testing/index.js";
import { deferred, Recorder, recordingTool } from "../helpers.js";

describe("toAiSdkTools", () => {
  it("holds a tool's concurrency across the AI SDK's parallel calls while another tool's calls overlap", async () => {
    const recorder = new Recorder();
    let fetchesStarted = 0;
    const bothFetching = deferred();
    const executor = new Executor({
      tools: [
        recordingTool("write", recorder, {
          ticks: () => 3,
          output: (input) => `wrote ${String(input.path)}`,
          extra: { concurrency: 1, description: "Writes a file." },
        }),
        // Each fetch waits until both are running: the test only ends if they overlap.
        recordingTool("fetch", recorder, {
          gate: () => {
            if (++fetchesStarted === 2) bothFetching.resolve();
            return bothFetching.promise;
          },
          output: (input) => ({ body: `page ${String(input.url)}` }),
        }),
      ],
    });
    const events: WeftEvent[] = [];
    const server = await startModelServer({
      script: [
        {
          toolCalls: [
            ...[1, 2, 3, 4].map((n) => ({ id: `call_w${n}`, name: "write", arguments: { path: `f${n}` } })),
            { id: "call_f1", name: "fetch", arguments: { url: "a" } },
            { id: "call_f2", name: "fetch", arguments: { url: "b" } },
          ],
        },
        { text: "done" },
      ],
    });
    try {
      const provider = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: "test" });
      const result = await generateText({
        model: provider.chat("test-model"),
        prompt: "Write the files and fetch the pages.",
        tools: toAiSdkTools(executor, undefined, { onEvent: (event) => events.push(event) }),
        stopWhen: stepCountIs(3),
      });
      expect(result.text).toBe("done");
      expect(recorder.maxByTool.get("write")).toBe(1);
      expect(recorder.maxByTool.get("fetch")).toBe(2);
      expect(recorder.executions.size).toBe(6);
      // The AI SDK handed weft all four writes at once; weft's per-tool limit, not the AI SDK, ran them one by one.
      const firstWriteEnd = events.findIndex((event) => event.type === "call-end" && event.tool === "write");
      const writesQueued = events
        .slice(0, firstWriteEnd)
        .filter((event) => event.type === "call-queued" && event.tool === "write").length;
      expect(writesQueued).toBe(4);
      expect(server.requests[0]?.toolNames.sort()).toEqual(["fetch", "write"]);
      const results = server.requests[1]?.messages.at(-1);
      if (results?.role !== "tool") throw new Error("expected the model to receive tool results");
      expect(results.results.map((entry) => [entry.callId, entry.content])).toEqual([
        ["call_w1", "wrote f1"],
        ["call_w2", "wrote f2"],
        ["call_w3", "wrote f3"],
        ["call_w4", "wrote f4"],
        ["call_f1", '{"body":"page a"}'],
        ["call_f2", '{"body":"page b"}'],
      ]);
    } finally {
      await server.close();
    }
  });

  it("surfaces a failed call as a tool-error part holding the weft error, whose message the model reads", async () => {
    const executor = new Executor({
      tools: [
        {
          name: "explode",
          execute: () => {
            throw new Error("the disk is full");
          },
        },
        { name: "hang", timeoutMs: 10, execute: () => new Promise(() => {}) },
        {
          name: "fs.read",
          inputSchema: z.object({ path: z.string() }),
          execute: ({ path }) => `read ${path}`,
        },
      ],
    });
    const server = await startModelServer({
      script: [
        {
          toolCalls: [
            { id: "call_1", name: "explode", arguments: {} },
            { id: "call_2", name: "hang", arguments: {} },
            { id: "call_3", name: "fs_read", arguments: { path: 7 } },
            { id: "call_4", name: "fs_read", arguments: { path: "a.txt" } },
          ],
        },
        { text: "done" },
      ],
    });
    try {
      const provider = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: "test" });
      const result = await generateText({
        model: provider.chat("test-model"),
        prompt: "Go.",
        tools: toAiSdkTools(executor),
        stopWhen: stepCountIs(3),
      });
      const parts = result.steps[0]?.content ?? [];
      const errors = parts.flatMap((part) => (part.type === "tool-error" ? [part] : []));
      expect(errors.map((part) => part.toolCallId)).toEqual(["call_1", "call_2", "call_3"]);
      expect(ToolExecutionError.isInstance(errors[0]?.error)).toBe(true);
      expect(ToolTimeoutError.isInstance(errors[1]?.error)).toBe(true);
      expect(ToolInputError.isInstance(errors[2]?.error)).toBe(true);
      const output = parts.find((part) => part.type === "tool-result");
      expect(output).toMatchObject({ toolCallId: "call_4", toolName: "fs_read", output: "read a.txt" });
      const results = server.requests[1]?.messages.at(-1);
      if (results?.role !== "tool") throw new Error("expected the model to receive tool results");
      expect(results.results[0]?.content).toContain("the disk is full");
      expect(results.results[1]?.content).toContain("timed out after 10 ms");
      expect(results.results[2]?.content).toMatch(
        /\(tool "fs\.read"\): the arguments do not match its input schema: path: /,
      );
    } finally {
      await server.close();
    }
  });

  it("describes each tool with its JSON Schema and registers tools the executor lacks", () => {
    const executor = new Executor();
    const weather = {
      name: "weather",
      description: "The weather.",
      inputSchema: z.object({ city: z.string() }),
      execute: () => "sunny",
    };
    const tools = toAiSdkTools(executor, [weather]);
    expect(Object.keys(tools)).toEqual(["weather"]);
    expect(tools.weather?.description).toBe("The weather.");
    expect(executor.tools).toEqual([weather]);
    expect(() => toAiSdkTools(executor, [weather], { policies: { other: { timeoutMs: 1 } } })).toThrow(
      /`policies` names tool "other"/,
    );
  });
});

describe("fromAiSdkTools", () => {
  it("runs AI SDK tools with a zod schema under weft, checking their input", async () => {
    const seen: ToolExecutionOptions[] = [];
    const [weather] = fromAiSdkTools({
      weather: tool({
        description: "The weather in a city.",
        inputSchema: z.object({ city: z.string(), days: z.number().default(1) }),
        execute: async ({ city, days }, options) => {
          seen.push(options);
          return { city, days, sky: "clear" };
        },
      }),
    });
    if (weather === undefined) throw new Error("expected a tool");
    expect(describeTool(weather)).toEqual({
      name: "weather",
      description: "The weather in a city.",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string" }, days: { type: "number", default: 1 } },
        required: ["city"],
      },
    });
    const executor = new Executor({ tools: [weather] });
    const result = await executor
      .run([
        { id: "good", tool: "weather", args: { city: "Oslo" } },
        { id: "bad", tool: "weather", args: { town: "Oslo" } },
      ])
      .result();
    expect(result.calls[0]?.output).toEqual({ city: "Oslo", days: 1, sky: "clear" });
    expect(result.calls[1]?.error?.code).toBe("TOOL_INPUT_INVALID");
    expect(result.calls[1]?.error?.message).toMatch(/city: /);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.toolCallId).toBe("good");
    expect(seen[0]?.messages).toEqual([]);
    expect(seen[0]?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("takes a jsonSchema() wrapper, checked with ajv, or with its own validate", async () => {
    const [plain, validated] = fromAiSdkTools({
      plain: tool({
        inputSchema: jsonSchema<{ n: number }>({
          type: "object",
          properties: { n: { type: "integer" } },
          required: ["n"],
        }),
        execute: async ({ n }) => n * 2,
      }),
      validated: tool({
        inputSchema: jsonSchema<{ n: number }>(
          { type: "object", properties: { n: { type: "integer" } } },
          {
            validate: (value) =>
              typeof (value as { n?: unknown }).n === "number"
                ? { success: true, value: value as { n: number } }
                : { success: false, error: new Error("n must be a number") },
          },
        ),
        execute: async ({ n }) => n + 1,
      }),
    });
    if (plain === undefined || validated === undefined) throw new Error("expected two tools");
    expect(describeTool(plain).inputSchema).toEqual({
      type: "object",
      properties: { n: { type: "integer" } },
      required: ["n"],
    });
    expect(describeTool(validated).inputSchema).toEqual({
      type: "object",
      properties: { n: { type: "integer" } },
    });
    const executor = new Executor({ tools: [plain, validated] });
    const result = await executor
      .run([
        { id: "a", tool: "plain", args: { n: 4 } },
        { id: "b", tool: "plain", args: { n: "4" } },
        { id: "c", tool: "validated", args: { n: 4 } },
        { id: "d", tool: "validated", args: {} },
      ])
      .result();
    expect(result.calls.map((call) => call.output ?? call.error?.code)).toEqual([
      8,
      "TOOL_INPUT_INVALID",
      5,
      "TOOL_INPUT_INVALID",
    ]);
    expect(result.calls[3]?.error?.message).toContain("n must be a number");
  });

  it("reports a streaming tool's preliminary results as progress and keeps the last", async () => {
    const [count] = fromAiSdkTools({
      count: tool({
        inputSchema: z.object({}),
        async *execute() {
          yield { step: 1 };
          yield { step: 2 };
        },
      }),
    });
    if (count === undefined) throw new Error("expected a tool");
    const progress: unknown[] = [];
    const run = new Executor({ tools: [count] }).run([{ id: "c", tool: "count" }], {
      onEvent: (event) => {
        if (event.type === "call-progress") progress.push(event.progress);
      },
    });
    expect((await run.result()).calls[0]?.output).toEqual({ step: 2 });
    expect(progress).toEqual([{ step: 1 }, { step: 2 }]);
  });

  it("refuses a tool without execute, naming it", () => {
    expect(() =>
      fromAiSdkTools({
        ask: tool({ inputSchema: z.object({ question: z.string() }), outputSchema: z.string() }),
      }),
    ).toThrow(
      new TypeError(
        'AI SDK tool "ask" has no execute function, so weft cannot run it: tools answered by the client or executed by the provider stay with the AI SDK',
      ),
    );
  });
});
