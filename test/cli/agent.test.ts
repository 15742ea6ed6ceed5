import { describe, expect, it } from "vitest";
import type { JsonAgentDocument } from "../../src/cli/agent-command.js";
import { modelServer } from "../agent/helpers.js";
import { closedPort } from "../helpers.js";
import { expectRoundedTimes } from "../json-times.js";
import { fixture, runWeft } from "./helpers.js";

const tools = fixture("agent-tools.js");
const twoSearches = {
  text: "Looking both up.",
  toolCalls: [
    { name: "search", arguments: { query: "falcon" } },
    { name: "search", arguments: { query: "cheetah" } },
  ],
};

describe("weft agent", () => {
  it("prints one JSON document with the answer, the counts and every call", async () => {
    const server = await modelServer([twoSearches, { text: "The falcon." }]);
    const outcome = await runWeft(
      [
        "agent",
        "Falcon or cheetah?",
        "--model",
        "scripted",
        "--base-url",
        server.openaiBaseURL,
        "--tools",
        tools,
        "--json",
      ],
      { env: { OPENAI_API_KEY: "test-key" } },
    );
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as JsonAgentDocument;
    expect(document).toMatchObject({
      answer: "The falcon.",
      status: "answered",
      mode: "parallel",
      modelCalls: 2,
      toolCalls: 2,
    });
    expect(document.makespanMs).toBeGreaterThan(0);
    expectRoundedTimes(document);
    expect(document.calls.map((call) => [call.tool, call.status, call.output, call.turn])).toEqual([
      ["search", "succeeded", { query: "falcon", speed: 60 }, 0],
      ["search", "succeeded", { query: "cheetah", speed: 70 }, 0],
    ]);
    // The same call fields as `weft run --json`.
    expect(Object.keys(document.calls[0] ?? {})).toEqual(
      expect.arrayContaining([
        "id",
        "tool",
        "status",
        "attempts",
        "queuedMs",
        "startMs",
        "endMs",
        "output",
        "error",
      ]),
    );
  });

  it("shows the model's turns and the tool calls as lines, then the answer", async () => {
    const server = await modelServer([
      { text: '1. search("falcon")\n2. explode()\n3. join()' },
      { text: "Thought: one failed.\nAction: Finish(falcon only)" },
    ]);
    const outcome = await runWeft(
      [
        "agent",
        "Falcon?",
        "--provider",
        "anthropic",
        "--model",
        "scripted",
        "--base-url",
        server.anthropicBaseURL,
        "--tools",
        tools,
        "--mode",
        "compiler",
      ],
      { env: { ANTHROPIC_API_KEY: "test-key" } },
    );
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("turn 1 planner");
    expect(outcome.stdout).toContain('1. search("falcon")');
    expect(outcome.stdout).toMatch(/✓ search/);
    expect(outcome.stdout).toMatch(/✗ explode .*the service is down/);
    expect(outcome.stdout).toContain("turn 2 joiner");
    expect(outcome.stdout).toContain("Answer: falcon only");
    expect(outcome.stdout).toMatch(/mode compiler · 2 model calls · 2 tool calls \(1 not succeeded\)/);
  });

  it("says in one line that the key is missing, and exits 2", async () => {
    const outcome = await runWeft(["agent", "Hi", "--model", "gpt", "--tools", tools], {
      env: { OPENAI_API_KEY: undefined },
    });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
    expect(outcome.stderr).toContain("OPENAI_API_KEY is not set");
  });

  it("says in one line that the server cannot be reached, and exits 1", async () => {
    const port = await closedPort();
    const outcome = await runWeft(
      ["agent", "Hi", "--model", "gpt", "--tools", tools, "--base-url", `http://127.0.0.1:${port}/v1`],
      { env: { OPENAI_API_KEY: "test-key" } },
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
    expect(outcome.stderr).toContain(
      `error: Cannot reach the OpenAI-compatible server at http://127.0.0.1:${port}/v1`,
    );
  });

  it("refuses an unknown mode or provider before calling anything", async () => {
    const badMode = await runWeft(["agent", "Hi", "--model", "gpt", "--tools", tools, "--mode", "fast"]);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--mode.*fast/);
    const badProvider = await runWeft(["agent", "Hi", "--model", "gpt", "--provider", "gemini"]);
    expect(badProvider.code).toBe(2);
    expect(badProvider.stderr).toMatch(/--provider.*gemini/);
  });
});

describe("the example repository tools", () => {
  it("answer a planned question about this repository, refs passing arrays and numbers between calls", async () => {
    const server = await modelServer([
      {
        text: [
          '1. files("src/agent/compiler/*.ts")',
          '2. files(pattern="src/agent/model.ts")',
          "3. count_lines($1)",
          "4. count_lines(paths=$2)",
          '5. math("$3 - $4")',
          "6. join()",
        ].join("\n"),
      },
      { text: "Action: Finish(counted)" },
    ]);
    const outcome = await runWeft(
      [
        "agent",
        "How many lines?",
        "--model",
        "scripted",
        "--base-url",
        server.openaiBaseURL,
        "--tools",
        "examples/agent/repo-tools.js",
        "--mode",
        "compiler",
        "--json",
      ],
      { env: { OPENAI_API_KEY: "test-key" } },
    );
    expect(outcome.stderr).toBe("");
    const document = JSON.parse(outcome.stdout) as JsonAgentDocument;
    const [compilerFiles, modelFile, compilerLines, modelLines, difference] = document.calls.map(
      (call) => call.output,
    );
    expect(compilerFiles).toEqual(expect.arrayContaining(["src/agent/compiler/plan-parser.ts"]));
    expect(modelFile).toEqual(["src/agent/model.ts"]);
    expect(compilerLines).toBeGreaterThan(modelLines as number);
    expect(difference).toBe((compilerLines as number) - (modelLines as number));
  });
});
