import { describe, expect, it } from "vitest";
import { runAgent, type ToolResultMessage } from "../../src/index.js";
import type { ReceivedRequest } from "../../src/testing/index.js";
import { mathTool, modelServer, openaiModelFor, Recorder, searchTool } from "./helpers.js";

function toolResults(request: ReceivedRequest | undefined): readonly ToolResultMessage[] {
  const message = request?.messages.at(-1);
  return message?.role === "tool" ? message.results : [];
}

describe("bad model output", () => {
  it("turns bad JSON, an unknown tool and arguments that fail the schema into errors the model repairs", async () => {
    const server = await modelServer([
      {
        toolCalls: [
          { name: "search", arguments: '{"query": "falcon"' },
          { name: "serch", arguments: { query: "falcon" } },
          { name: "search", arguments: { query: 42 } },
          { name: "search", arguments: { query: "cheetah" } },
        ],
      },
      { toolCalls: [{ name: "search", arguments: { query: "falcon" } }] },
      { text: "falcon: 60, cheetah: 70" },
    ]);
    const recorder = new Recorder();
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(recorder), mathTool],
      prompt: "Speeds?",
    });
    expect(result).toMatchObject({ status: "answered", answer: "falcon: 60, cheetah: 70", toolCalls: 5 });
    // Chat Completions tool messages carry no error flag: the text says what went wrong.
    const [badJson, unknownTool, badArguments, fine] = toolResults(server.requests[1]);
    expect(badJson?.content).toMatch(/not valid JSON/);
    expect(badJson?.content).toMatch(/query/);
    expect(unknownTool?.content).toMatch(/serch/);
    expect(unknownTool?.content).toMatch(/search/);
    expect(badArguments?.content).toMatch(/query/);
    expect(JSON.parse(fine?.content ?? "")).toEqual({ query: "cheetah", speed: 70 });
    // Only the valid calls ran; every call is in the result, in the order asked.
    expect(recorder.starts).toHaveLength(2);
    expect(result.calls.map((call) => [call.tool, call.status, call.error?.code ?? null])).toEqual([
      ["search", "failed", "TOOL_INPUT_INVALID"],
      ["serch", "failed", "TOOL_NOT_FOUND"],
      ["search", "failed", "TOOL_INPUT_INVALID"],
      ["search", "succeeded", null],
      ["search", "succeeded", null],
    ]);
    expect(result.calls[0]?.startMs).toBeNull();
  });

  it("gives up after maxRepairs turns in a row of calls that cannot run", async () => {
    const server = await modelServer(() => ({ toolCalls: [{ name: "search", arguments: "{not json" }] }));
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(new Recorder())],
      prompt: "Speeds?",
      maxRepairs: 2,
    });
    expect(result).toMatchObject({ status: "max-repairs", answer: undefined, modelCalls: 3 });
  });

  it("counts repairs in a row only: a good turn in between starts the count again", async () => {
    const bad = { toolCalls: [{ name: "search", arguments: "{oops" }] };
    const good = { toolCalls: [{ name: "search", arguments: { query: "ok" } }] };
    const server = await modelServer([bad, good, bad, good, { text: "done" }]);
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(new Recorder())],
      prompt: "Go.",
      maxRepairs: 1,
    });
    expect(result.status).toBe("answered");
  });
});
