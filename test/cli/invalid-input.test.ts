import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, runWeft, temporaryFolder, writePlan } from "./helpers.js";

/** A command that must stop before running anything: exit 2, nothing on stdout, no stack trace. */
async function expectInvalid(args: readonly string[]): Promise<string> {
  const outcome = await runWeft(args);
  expect(outcome.code, outcome.stderr).toBe(2);
  expect(outcome.stdout).toBe("");
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  return outcome.stderr;
}

/** Checks that the output names a cycle through exactly these ids, as `a → b → c → a` in any rotation. */
function expectCycle(stderr: string, ids: string[]): void {
  const match = /Cycle: ((?:[\w-]+ → )+[\w-]+)/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  const path = (match?.[1] ?? "").split(" → ");
  expect(path[0]).toBe(path[path.length - 1]);
  expect(path.slice(1).sort()).toEqual([...ids].sort());
}

describe("weft run with invalid input", () => {
  it("names the file and line of a JSON syntax error", async () => {
    const plan = await writePlan('{\n  "calls": [\n    { "id": "a", "tool": "sleep", }\n  ]\n}\n');
    const stderr = await expectInvalid(["run", plan, "--no-estimates"]);
    expect(stderr).toContain(`${plan}:3:`);
    expect(stderr).toContain("not valid JSON");
  });

  it("names the file and line of a YAML syntax error", async () => {
    const plan = await writePlan(
      "calls:\n  - id: a\n    tool: sleep\n    args: { ms: 1\n  - id: b\n",
      "plan.yaml",
    );
    const stderr = await expectInvalid(["run", plan, "--no-estimates"]);
    expect(stderr).toMatch(new RegExp(`${plan.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+`));
    expect(stderr).toContain("not valid YAML");
  });

  it("says when the plan file does not exist", async () => {
    const stderr = await expectInvalid(["run", "no/such/plan.json", "--no-estimates"]);
    expect(stderr).toContain("no/such/plan.json");
    expect(stderr).toContain("no such file");
  });

  it("reports every problem of a plan together", async () => {
    const plan = await writePlan({
      calls: [
        { id: "a", tool: "slep", args: { ms: 1 } },
        { id: "b", tool: "sleep", args: { ms: 1 } },
        { id: "b", tool: "sleep", args: { ms: 2 } },
        { id: "c", tool: "sleep", args: { ms: { $ref: "ghost.value" } } },
        { id: "x", tool: "sleep", args: { ms: 1 }, after: ["z"] },
        { id: "y", tool: "sleep", args: { ms: 1 }, after: ["x"] },
        { id: "z", tool: "sleep", args: { ms: 1 }, after: ["y"] },
      ],
    });
    const stderr = await expectInvalid(["run", plan, "--no-estimates"]);
    expect(stderr).toContain(plan);
    expect(stderr).toContain('unknown tool "slep"');
    expect(stderr).toContain("[TOOL_NOT_FOUND]");
    expect(stderr).toContain("[DUPLICATE_ID]");
    expect(stderr).toContain("[MISSING_DEPENDENCY]");
    expect(stderr).toContain('did you mean "sleep"');
    expect(stderr).toContain('Call id "b" is used more than once');
    expect(stderr).toContain('"ghost", which is not in the plan');
    expectCycle(stderr, ["x", "y", "z"]);
  });

  it("reports a cycle alone with its path", async () => {
    const plan = await writePlan({
      calls: [
        { id: "a", tool: "sleep", args: { ms: 1 }, after: ["c"] },
        { id: "b", tool: "sleep", args: { ms: 1 }, after: ["a"] },
        { id: "c", tool: "sleep", args: { ms: 1 }, after: ["b"] },
      ],
    });
    const stderr = await expectInvalid(["run", plan, "--no-estimates"]);
    expectCycle(stderr, ["a", "b", "c"]);
  });

  it("refuses a $ref that walks into __proto__", async () => {
    const plan = await writePlan({
      calls: [
        { id: "a", tool: "sleep", args: { ms: 1, value: {} } },
        { id: "b", tool: "sleep", args: { ms: 1, value: { $ref: "a.__proto__.polluted" } } },
      ],
    });
    const stderr = await expectInvalid(["run", plan, "--no-estimates"]);
    expect(stderr).toContain("__proto__");
    expect(stderr).toContain("refused");
    expect(stderr).toContain("[INVALID_REF]");
    const json = await runWeft(["run", plan, "--json", "--no-estimates"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: "invalid",
      problems: [{ code: "INVALID_REF", callId: "b" }],
    });
  });

  it("exits 2 when a tools module throws while loading", async () => {
    const plan = await writePlan({ calls: [] });
    const stderr = await expectInvalid([
      "run",
      plan,
      "--tools",
      fixture("throws-at-load.js"),
      "--no-estimates",
    ]);
    expect(stderr).toContain("Cannot load tools from");
    expect(stderr).toContain("the tools module is broken on purpose");
  });

  it("exits 2 when a tools module exports no tools", async () => {
    const plan = await writePlan({ calls: [] });
    const stderr = await expectInvalid(["run", plan, "--tools", fixture("no-tools.js"), "--no-estimates"]);
    expect(stderr).toContain("exports no tools");
  });

  it("exits 2 when a tools module does not exist", async () => {
    const plan = await writePlan({ calls: [] });
    const stderr = await expectInvalid(["run", plan, "--tools", "./missing-tools.js", "--no-estimates"]);
    expect(stderr).toContain("missing-tools.js: no such file");
  });

  it("exits 2 when a tools module reuses a built-in tool's name", async () => {
    const folder = await temporaryFolder();
    const plan = await writePlan({ calls: [] });
    const module = join(folder, "clash.js");
    await writeFile(module, 'export default [{ name: "sleep", execute: () => 1 }];\n');
    const stderr = await expectInvalid(["run", plan, "--tools", module, "--no-estimates"]);
    expect(stderr).toContain('tool "sleep"');
    expect(stderr).toContain("built-in");
  });

  it("exits 2 on a bad --concurrency", async () => {
    const plan = await writePlan({ calls: [] });
    for (const value of ["0", "-3", "1.5", "many"]) {
      const stderr = await expectInvalid(["run", plan, "--concurrency", value]);
      expect(stderr).toContain("--concurrency");
      expect(stderr).toContain(value);
    }
  });

  it("exits 2 when --root is not a directory", async () => {
    const plan = await writePlan({ calls: [] });
    const stderr = await expectInvalid(["run", plan, "--root", "/no/such/root", "--no-estimates"]);
    expect(stderr).toContain("--root");
  });

  it("loads tools modules given by a path relative to the working directory", async () => {
    const plan = await writePlan({ calls: [{ id: "u", tool: "text.upper", args: { text: "ok" } }] });
    const outcome = await runWeft([
      "run",
      plan,
      "--tools",
      "examples/tools/text-tools.js",
      "--json",
      "--no-estimates",
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(JSON.parse(outcome.stdout).calls[0].output).toBe("OK");
  });
});

/** A `--json` command that must stop before running anything: exit 2, the invalid document on stdout, the error on stderr. */
async function expectInvalidJson(args: readonly string[]): Promise<{ problems: Record<string, unknown>[] }> {
  const outcome = await runWeft([...args, "--json", "--no-estimates"]);
  expect(outcome.code, outcome.stderr).toBe(2);
  expect(outcome.stderr).toContain("error:");
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  const document = JSON.parse(outcome.stdout) as { status: string; problems: Record<string, unknown>[] };
  expect(document.status).toBe("invalid");
  expect(Object.keys(document)).toEqual(["status", "problems"]);
  for (const problem of document.problems) {
    expect(typeof problem.code).toBe("string");
    expect(typeof problem.message).toBe("string");
  }
  return document;
}

describe("weft run --json with invalid input", () => {
  it("prints every problem of a plan that cannot run", async () => {
    const plan = await writePlan({
      calls: [
        { id: "a", tool: "slep", args: { ms: 1 } },
        { id: "b", tool: "sleep", args: { ms: 1 }, after: ["ghost"] },
      ],
    });
    const document = await expectInvalidJson(["run", plan]);
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "TOOL_NOT_FOUND",
        callId: "a",
        message: expect.stringContaining('"slep"'),
      }),
      expect.objectContaining({ code: "MISSING_DEPENDENCY", callId: "b" }),
    ]);
  });

  it("prints the file, line and column of a plan that does not parse", async () => {
    const plan = await writePlan('{\n  "calls": [\n    { "id": "a", "tool": "sleep", }\n  ]\n}\n');
    const document = await expectInvalidJson(["run", plan]);
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "PLAN_PARSE",
        file: plan,
        line: 3,
        message: expect.stringContaining("JSON"),
      }),
    ]);
  });

  it("prints the problem of a plan file that cannot be read", async () => {
    const document = await expectInvalidJson(["run", "no/such/plan.json"]);
    expect(document.problems).toEqual([
      expect.objectContaining({ code: "PLAN_PARSE", message: expect.stringContaining("no such file") }),
    ]);
  });

  it("prints the problem of a tools module that does not load", async () => {
    const plan = await writePlan({ calls: [] });
    const document = await expectInvalidJson(["run", plan, "--tools", fixture("throws-at-load.js")]);
    expect(document.problems).toHaveLength(1);
    expect(document.problems[0]?.message).toContain("the tools module is broken on purpose");
  });
});
