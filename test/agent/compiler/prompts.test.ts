import { describe, expect, it } from "vitest";
import {
  describeToolsForPlanner,
  endOfPlanMarker,
  formatObservations,
  joinerPrompt,
  plannerPrompt,
} from "../../../src/agent/compiler/index.js";
import { tools } from "./fixtures.js";

describe("plannerPrompt", () => {
  it("explains the format and lists the tools with their parameters", () => {
    const { system, user } = plannerPrompt({ tools, question: "Which is faster?" });
    expect(user).toBe("Question: Which is faster?");
    for (const phrase of [
      `$N or \${N}`,
      "key=value",
      "True/False/None",
      "join()",
      endOfPlanMarker,
      "parallelism",
    ]) {
      expect(system).toContain(phrase);
    }
    expect(system).toContain("listed above it");
    expect(system).toContain(
      [
        "Tools:",
        "- search(query, limit?): Searches the web.",
        "    query: string, required. What to look for.",
        "    limit: integer, default 5",
        "- math(problem, context?): Solves a math problem written in words.",
        "    problem: string, required",
        "    context: list of string, optional",
        "- echo(key=value…): Gives back its input.",
      ].join("\n"),
    );
  });

  it("gives a replanning planner the earlier plan, its results and what is missing", () => {
    const { user } = plannerPrompt({
      tools,
      question: "Which is faster?",
      replan: {
        previousPlan: '1. search("falcon")',
        observations: "1. search(...) → FAILED: timeout",
        reason: "no speed",
      },
    });
    expect(user).toContain('Earlier plan:\n1. search("falcon")');
    expect(user).toContain("Its results:\n1. search(...) → FAILED: timeout");
    expect(user).toContain("What is missing: no speed");
    expect(user).toContain("$N refers only to calls of the new plan");
  });
});

describe("describeToolsForPlanner", () => {
  it("writes enums, unions, nested lists and tools without parameters", () => {
    const text = describeToolsForPlanner([
      {
        name: "pick",
        description: "Picks\n  one.",
        inputSchema: {
          type: "object",
          properties: {
            mode: { enum: ["fast", "slow"] },
            size: { type: ["integer", "null"] },
            grid: {
              type: "array",
              items: { type: "array", items: { anyOf: [{ type: "number" }, { type: "string" }] } },
            },
          },
          additionalProperties: false,
        },
      },
      { name: "now", description: "", inputSchema: { type: "object", additionalProperties: false } },
    ]);
    expect(text).toBe(
      [
        "- pick(mode?, size?, grid?): Picks one.",
        '    mode: "fast" | "slow", optional',
        "    size: integer | null, optional",
        "    grid: list of list of (number | string), optional",
        "- now()",
      ].join("\n"),
    );
  });
});

describe("joinerPrompt", () => {
  it("asks for Thought and Finish or Replan, and shows the question, plan and results", () => {
    const { system, user } = joinerPrompt({
      question: "Which is faster?",
      plan: '1. search("falcon")',
      observations: '1. search("falcon") → {"speed":389}',
    });
    expect(system).toContain("Thought: <brief reasoning");
    expect(system).toContain("Action: Finish(<the final answer>)");
    expect(system).toContain("Action: Replan(<what is missing");
    expect(user).toBe(
      'Question: Which is faster?\n\nPlan:\n1. search("falcon")\n\nResults:\n1. search("falcon") → {"speed":389}',
    );
  });

  it("offers no Replan on the last round, and says when there was nothing", () => {
    const { system, user } = joinerPrompt({ question: "Q", plan: "", observations: "", canReplan: false });
    expect(system).not.toContain("Replan(");
    expect(system).toContain("last round");
    expect(user).toContain("Plan:\n(no calls)");
    expect(user).toContain("Results:\n(none)");
  });
});

describe("formatObservations", () => {
  it("writes one line per step: outputs as JSON or text, failures and skips with their reason", () => {
    const text = formatObservations([
      { index: 1, tool: "search", argsText: '"falcon"', status: "succeeded", output: { speed: 389 } },
      { index: 2, tool: "search", argsText: '"cheetah"', status: "succeeded", output: "about 110 km/h" },
      { index: 3, tool: "math", argsText: '"$1"', status: "failed", errorMessage: "division by zero" },
      { index: 4, tool: "math", argsText: '"$3"', status: "skipped" },
      { index: 5, tool: "echo", argsText: "", status: "cancelled", errorMessage: "the run was cancelled" },
      { index: 6, tool: "echo", argsText: "", status: "not-run" },
      { index: 7, tool: "echo", argsText: "", status: "succeeded" },
    ]);
    expect(text).toBe(
      [
        '1. search("falcon") → {"speed":389}',
        '2. search("cheetah") → about 110 km/h',
        '3. math("$1") → FAILED: division by zero',
        '4. math("$3") → SKIPPED: a call it depends on did not succeed',
        "5. echo() → CANCELLED: the run was cancelled",
        "6. echo() → NOT RUN",
        "7. echo() → (no output)",
      ].join("\n"),
    );
  });

  it("cuts a huge output, saying that it did", () => {
    const output = "x".repeat(5000);
    const text = formatObservations([{ index: 1, tool: "echo", argsText: "", status: "succeeded", output }]);
    expect(text).toBe(`1. echo() → ${"x".repeat(2000)}… [truncated: showing 2000 of 5000 characters]`);
    const short = formatObservations(
      [{ index: 1, tool: "echo", argsText: "", status: "succeeded", output }],
      {
        maxOutputChars: 10,
      },
    );
    expect(short).toBe(`1. echo() → ${"x".repeat(10)}… [truncated: showing 10 of 5000 characters]`);
    expect(() => formatObservations([], { maxOutputChars: 0 })).toThrow(RangeError);
  });
});
