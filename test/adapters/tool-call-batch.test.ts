import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runToolCalls, ToolCallBatch } from "../../src/adapters/tool-call-batch.js";
import {
  CancelledError,
  defineTool,
  Executor,
  ToolExecutionError,
  ToolInputError,
  ToolNotFoundError,
  ToolTimeoutError,
} from "../../src/index.js";
import { type Deferred, deferred, Recorder, recordingTool, waitFor } from "../helpers.js";

/** A tool whose calls wait for the test to release them by their `key` argument. */
function gatedTool(name: string, recorder: Recorder, gates: Map<string, Deferred<void>>) {
  return recordingTool(name, recorder, {
    gate: (callId) => gates.get(callId)?.promise,
    output: (input) => ({ key: input.key }),
  });
}

const search = defineTool({
  name: "search",
  description: "Searches.",
  input: z.object({ query: z.string(), limit: z.number().int().optional() }),
  execute: ({ query }) => `results for ${query}`,
});

describe("ToolCallBatch", () => {
  it("gives results in the order the model asked, though the calls finished in reverse", async () => {
    const recorder = new Recorder();
    const gates = new Map(["call_a", "call_b", "call_c"].map((id) => [id, deferred()]));
    const executor = new Executor({ tools: [gatedTool("work", recorder, gates)] });
    const batch = new ToolCallBatch(executor);
    for (const id of gates.keys()) batch.add({ id, name: "work", arguments: JSON.stringify({ key: id }) });
    const outcomes = batch.end();
    // Every call started before any finished: they run together, not one by one.
    await waitFor(() => recorder.running === 3);
    gates.get("call_c")?.resolve();
    await waitFor(() => recorder.ends.length === 1);
    gates.get("call_b")?.resolve();
    await waitFor(() => recorder.ends.length === 2);
    gates.get("call_a")?.resolve();
    const results = await outcomes;
    expect(recorder.ends).toEqual(["call_c", "call_b", "call_a"]);
    expect(recorder.maxRunning).toBe(3);
    expect(results.map((outcome) => [outcome.callId, outcome.content, outcome.isError])).toEqual([
      ["call_a", '{"key":"call_a"}', false],
      ["call_b", '{"key":"call_b"}', false],
      ["call_c", '{"key":"call_c"}', false],
    ]);
    expect(results[0]?.result?.status).toBe("succeeded");
    expect(batch.result.status).toBe("succeeded");
    expect(batch.result.calls).toHaveLength(3);
  });

  it("starts each call the moment it is added, before end()", async () => {
    const recorder = new Recorder();
    const executor = new Executor({ tools: [recordingTool("work", recorder)] });
    const batch = new ToolCallBatch(executor);
    batch.add({ id: "call_1", name: "work", arguments: "{}" });
    await waitFor(() => recorder.ends.length === 1);
    batch.add({ id: "call_2", name: "work", arguments: "{}" });
    const results = await batch.end();
    expect(results.map((outcome) => outcome.callId)).toEqual(["call_1", "call_2"]);
    expect(() => batch.add({ id: "late", name: "work", arguments: "{}" })).toThrow(/after end\(\)/);
    expect(batch.end()).toBe(batch.end());
  });

  it("answers arguments that are not JSON at once, quoting the parser, and runs the other calls", async () => {
    const executor = new Executor({ tools: [search] });
    const results = await runToolCalls(executor, [
      { id: "call_bad", name: "search", arguments: '{"query": "weft" "limit": 2}' },
      { id: "call_good", name: "search", arguments: '{"query": "weft"}' },
    ]);
    const [bad, good] = results;
    expect(bad?.isError).toBe(true);
    expect(bad?.result).toBeUndefined();
    expect(ToolInputError.isInstance(bad?.error)).toBe(true);
    expect(bad?.content).toContain('Tool "search" was not run: its arguments are not valid JSON');
    expect(bad?.content).toMatch(/Expected ',' or '}' after property value in JSON at position 17/);
    expect(bad?.content).toContain("line 1, column 18");
    expect(bad?.content).toContain('"weft" [HERE]"limit"');
    expect(bad?.content).toContain("Send the arguments again as one JSON object matching the schema.");
    expect(bad?.content).toContain(
      'Required properties: "query" (string). Optional properties: "limit" (integer).',
    );
    expect(good).toMatchObject({ callId: "call_good", content: "results for weft", isError: false });
  });

  it("answers JSON that is not an object, and takes blank arguments for {}", async () => {
    const executor = new Executor({ tools: [search, { name: "now", execute: () => "noon" }] });
    const results = await runToolCalls(executor, [
      { id: "call_1", name: "search", arguments: '["weft"]' },
      { id: "call_2", name: "now", arguments: "" },
      { id: "call_3", name: "search", input: "weft" },
    ]);
    expect(results[0]?.content).toMatch(/must be one JSON object, but they are an array/);
    expect(results[1]).toMatchObject({ content: "noon", isError: false });
    expect(results[2]?.content).toMatch(/must be one JSON object, but they are a string \("weft"\)/);
  });

  it("answers an unknown tool with the available names and the closest one", async () => {
    const executor = new Executor({ tools: [search, { name: "fetch_page", execute: () => "" }] });
    const [outcome] = await runToolCalls(executor, [{ id: "call_1", name: "serch", arguments: "{}" }]);
    expect(outcome?.isError).toBe(true);
    expect(ToolNotFoundError.isInstance(outcome?.error)).toBe(true);
    expect(outcome?.content).toBe(
      'There is no tool named "serch". Did you mean "search"? Available tools: "search", "fetch_page". Call one of them by its exact name.',
    );
  });

  it("finds a tool by the provider-safe name the model was shown", async () => {
    const executor = new Executor({ tools: [{ name: "fs.read", execute: () => "text" }] });
    const [outcome] = await runToolCalls(executor, [{ id: "call_1", name: "fs_read", arguments: "{}" }]);
    expect(outcome).toMatchObject({ callId: "call_1", name: "fs_read", content: "text", isError: false });
    expect(outcome?.result?.tool).toBe("fs.read");
  });

  it("answers arguments that fail the schema with each issue and the expected properties", async () => {
    const executor = new Executor({ tools: [search] });
    const [outcome] = await runToolCalls(executor, [
      { id: "call_1", name: "search", arguments: '{"limit": "2"}' },
    ]);
    expect(outcome?.isError).toBe(true);
    expect(outcome?.result?.status).toBe("failed");
    expect(ToolInputError.isInstance(outcome?.error)).toBe(true);
    expect(outcome?.content).toMatch(
      /^Tool "search" was not run: its arguments do not match its input schema:\n/,
    );
    expect(outcome?.content).toMatch(/\n- query: .+\n/);
    expect(outcome?.content).toMatch(/\n- limit: .+\n/);
    expect(outcome?.content).toContain(
      'Fix these and call "search" again. Required properties: "query" (string).',
    );
  });

  it("answers a tool that throws with its own message, and one that times out with its limit", async () => {
    const executor = new Executor({
      tools: [
        {
          name: "explode",
          execute: () => {
            throw new Error("the disk is full");
          },
        },
        { name: "hang", timeoutMs: 20, execute: () => new Promise(() => {}) },
      ],
    });
    const [thrown, timedOut] = await runToolCalls(executor, [
      { id: "call_1", name: "explode", arguments: "{}" },
      { id: "call_2", name: "hang", arguments: "{}" },
    ]);
    expect(ToolExecutionError.isInstance(thrown?.error)).toBe(true);
    expect(thrown?.content).toMatch(
      /^Tool "explode" failed: the disk is full\. If the arguments caused this/,
    );
    expect(ToolTimeoutError.isInstance(timedOut?.error)).toBe(true);
    expect(timedOut?.content).toMatch(
      /^Tool "hang" did not finish within its time limit of 20 ms and was stopped/,
    );
    expect(timedOut?.isError).toBe(true);
  });

  it("keeps odd and repeated provider ids for the results, running each call under a safe id", async () => {
    const recorder = new Recorder();
    const executor = new Executor({ tools: [recordingTool("work", recorder)] });
    const ids = ["call.1", "a[0]", "dup", "dup", "", "dup_2"];
    const results = await runToolCalls(
      executor,
      ids.map((id) => ({ id, name: "work", arguments: "{}" })),
    );
    expect(results.map((outcome) => outcome.callId)).toEqual(ids);
    expect(results.every((outcome) => !outcome.isError)).toBe(true);
    const weftIds = results.map((outcome) => outcome.result?.id);
    expect(new Set(weftIds).size).toBe(ids.length);
    for (const weftId of weftIds) expect(weftId).toMatch(/^[^.[\]]+$/);
    expect(weftIds.slice(0, 2)).toEqual(["call_1", "a_0_"]);
  });

  it("answers calls of a cancelled batch as cancelled, and never throws", async () => {
    const controller = new AbortController();
    const started = deferred();
    const executor = new Executor({
      tools: [
        {
          name: "slow",
          execute: (_input: unknown, { signal }) =>
            new Promise((_resolve, reject) => {
              started.resolve();
              signal.addEventListener("abort", () => reject(signal.reason));
            }),
        },
      ],
    });
    const batch = new ToolCallBatch(executor, { signal: controller.signal });
    batch.add({ id: "call_1", name: "slow", arguments: "{}" });
    await started.promise;
    controller.abort(new Error("the user pressed stop"));
    batch.add({ id: "call_2", name: "slow", arguments: "{}" });
    const results = await batch.end();
    expect(results.map((outcome) => outcome.isError)).toEqual([true, true]);
    expect(CancelledError.isInstance(results[0]?.error)).toBe(true);
    expect(results[0]?.content).toBe(
      'Tool "slow" was cancelled before it finished (the user pressed stop), so there is no result.',
    );
    expect(results[1]?.content).toMatch(/^Tool "slow" was cancelled before it finished/);
  });

  it("answers calls added after the run was cancelled as cancelled", async () => {
    const executor = new Executor({ tools: [{ name: "echo", execute: (input: unknown) => input }] });
    const batch = new ToolCallBatch(executor);
    batch.run.cancel("the model's turn failed");
    await batch.run.result();
    batch.add({ id: "call_1", name: "echo", arguments: "{}" });
    const [outcome] = await batch.end();
    expect(CancelledError.isInstance(outcome?.error)).toBe(true);
    expect(outcome?.content).toBe(
      'Tool "echo" was cancelled before it finished (the batch was cancelled before this call arrived), so there is no result.',
    );
  });

  it("refuses arguments weft would misread as references between calls, instead of misreading them", async () => {
    const executor = new Executor({ tools: [{ name: "echo", execute: (input: unknown) => input }] });
    const [ref, concat, plain] = await runToolCalls(executor, [
      { id: "call_1", name: "echo", arguments: '{"schema": {"items": [{"$ref": "call_3"}]}}' },
      { id: "call_2", name: "echo", input: { $concat: ["a", "b"] } },
      { id: "call_3", name: "echo", arguments: '{"schema": {"$ref": "#/x", "type": "object"}}' },
    ]);
    expect(ref?.isError).toBe(true);
    expect(ToolInputError.isInstance(ref?.error)).toBe(true);
    expect(ref?.content).toBe(
      'Tool "echo" was not run: its arguments hold an object whose only key is "$ref" (at schema.items[0]), which weft reserves for references between calls: send that value in another form.',
    );
    expect(concat?.content).toMatch(/only key is "\$concat" \(the arguments as a whole\)/);
    expect(plain).toMatchObject({ isError: false, content: '{"schema":{"$ref":"#/x","type":"object"}}' });
  });

  it("writes outputs as JSON unless they are strings", async () => {
    const outputs: Record<string, unknown> = { text: "plain", list: [1, 2], nothing: undefined, zero: 0 };
    const executor = new Executor({
      tools: Object.entries(outputs).map(([name, output]) => ({ name, execute: () => output })),
    });
    const results = await runToolCalls(
      executor,
      Object.keys(outputs).map((name) => ({ id: name, name, input: {} })),
    );
    expect(results.map((outcome) => outcome.content)).toEqual([
      "plain",
      "[1,2]",
      "(the tool returned no output)",
      "0",
    ]);
  });
});
