import { describe, expect, it } from "vitest";
import { anthropicModel } from "../../src/adapters/anthropic/index.js";
import { type AgentEvent, runAgent } from "../../src/index.js";
import type { ReceivedRequest, ScriptedTurn } from "../../src/testing/index.js";
import { mathTool, modelServer, openaiModelFor, Recorder, searchTool, Timeline } from "./helpers.js";

const plan = [
  "Thought: both speeds first, then the comparison.",
  '1. search("falcon")',
  "2. search(query='cheetah')",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the planner's own `${N}` syntax, not a template.
  '3. math("$1 + ${2}", context=[$1, $2])',
  "4. join()",
  "<END_OF_PLAN>",
].join("\n");

function lastUserText(request: ReceivedRequest): string {
  const message = request.messages.at(-1);
  return message?.role === "user" ? message.content : "";
}

describe("runAgent in compiler mode", () => {
  it("runs the plan as a DAG while it streams, then answers from the joiner", async () => {
    const server = await modelServer(
      [{ text: plan }, { text: "Thought: the falcon is faster.\nAction: Finish(The falcon (by far))" }],
      120,
    );
    const recorder = new Recorder();
    const timeline = new Timeline();
    const events: AgentEvent[] = [];
    const result = await runAgent({
      model: anthropicModel({ baseURL: server.anthropicBaseURL, apiKey: "test-key", model: "scripted" }),
      tools: [searchTool(recorder, timeline, { together: 2 }), mathTool],
      prompt: "Which is faster, a falcon or a cheetah?",
      mode: "compiler",
      onEvent: (event) => {
        events.push(event);
        timeline.onEvent(event);
      },
    });
    expect(result).toMatchObject({
      answer: "The falcon (by far)",
      status: "answered",
      modelCalls: 2,
      toolCalls: 3,
    });
    // The searches ran together, and the first began before the planner had finished writing.
    expect(recorder.maxRunning).toBe(2);
    expect(timeline.indexOf("start search falcon")).toBeLessThan(timeline.indexOf("turn-end 0"));
    const math = result.calls.find((call) => call.tool === "math");
    // Refs inside a string became text; whole refs kept the outputs' type.
    expect(math?.output).toMatchObject({
      problem: '{"query":"falcon","speed":60} + {"query":"cheetah","speed":70}',
    });
    expect(math?.startMs).toBeGreaterThanOrEqual(
      Math.max(...result.calls.filter((call) => call.tool === "search").map((call) => call.endMs ?? 0)),
    );
    expect(server.requests[0]?.stop).toEqual(["<END_OF_PLAN>"]);
    expect(lastUserText(server.requests[1] as ReceivedRequest)).toContain('{"query":"falcon","speed":60}');
    expect(events.filter((event) => event.type === "turn-start").map((event) => event.role)).toEqual([
      "planner",
      "joiner",
    ]);
  });

  it("sends the plan and its results back to the planner on a replan, at most maxReplans times", async () => {
    const script = (request: ReceivedRequest): ScriptedTurn => {
      const isPlanner = (request.system ?? "").includes("join()");
      if (isPlanner) return { text: '1. search("falcon")\n2. join()' };
      return { text: "Thought: I need more.\nAction: Replan(search the cheetah too)" };
    };
    const server = await modelServer(script);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(new Recorder()), mathTool],
      prompt: "Falcon or cheetah?",
      mode: "compiler",
      maxReplans: 1,
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe("max-replans");
    expect(result.answer).toBeUndefined();
    expect(result.modelCalls).toBe(4);
    expect(events.filter((event) => event.type === "replan")).toHaveLength(1);
    const secondPlanner = server.requests[2] as ReceivedRequest;
    expect(lastUserText(secondPlanner)).toContain('search("falcon")');
    expect(lastUserText(secondPlanner)).toContain("search the cheetah too");
    expect(lastUserText(secondPlanner)).toContain('"speed":60');
    // The last joiner was told it cannot replan any more.
    expect(server.requests[3]?.system).not.toEqual(server.requests[1]?.system);
  });

  it("does not hang when a tool fails: its dependents are skipped and the joiner hears of both", async () => {
    const server = await modelServer([
      { text: '1. search("falcon")\n2. explode()\n3. math("$2 and $1")\njoin()' },
      { text: "Action: Finish(only the falcon is known)" },
    ]);
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [
        searchTool(new Recorder()),
        mathTool,
        {
          name: "explode",
          execute: () => {
            throw new Error("the service is down");
          },
        },
      ],
      prompt: "Falcon?",
      mode: "compiler",
    });
    expect(result.answer).toBe("only the falcon is known");
    expect(result.calls.map((call) => call.status)).toEqual(["succeeded", "failed", "skipped"]);
    const observations = lastUserText(server.requests[1] as ReceivedRequest);
    expect(observations).toContain("the service is down");
  });

  it("handles an empty plan: the joiner answers straight away", async () => {
    const server = await modelServer([
      { text: "join()\n<END_OF_PLAN>" },
      { text: "Action: Finish(nothing needed)" },
    ]);
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [mathTool],
      prompt: "Say hi.",
      mode: "compiler",
    });
    expect(result).toMatchObject({ answer: "nothing needed", toolCalls: 0, calls: [] });
  });

  it("reports plan lines that cannot run with their line numbers, and runs the rest", async () => {
    const server = await modelServer([
      {
        text: [
          '1. search("falcon")',
          '2. math("$3 twice")',
          "3. search falcon",
          '4. fly("away")',
          '5. search("cheetah"',
          "6. join()",
          "7. join()",
        ].join("\n"),
      },
      { text: "Action: Finish(partial)" },
    ]);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      model: openaiModelFor(server),
      tools: [searchTool(new Recorder()), mathTool],
      prompt: "Falcon and cheetah?",
      mode: "compiler",
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe("answered");
    // The call missing its closing parenthesis still ran.
    expect(result.calls.map((call) => call.output)).toEqual([
      { query: "falcon", speed: 60 },
      { query: "cheetah", speed: 70 },
    ]);
    const problems = events.filter((event) => event.type === "plan-problem");
    expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
    const observations = lastUserText(server.requests[1] as ReceivedRequest);
    expect(observations).toContain("line 2:");
    expect(observations).toContain("line 3:");
    expect(observations).toMatch(/line 4:.*fly/);
  });
});
