import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWeft, temporaryFolder, textTools, writePlan } from "./helpers.js";

describe("weft run without --json", () => {
  it("prints one plain line per call, then the summary, when stdout is not a terminal", async () => {
    const plan = await writePlan({
      calls: [
        { id: "nap", tool: "sleep", args: { ms: 20 } },
        { id: "shout", tool: "text.upper", args: { text: "hi" } },
        { id: "oops", tool: "demo.fail", args: { message: "it broke\nsecond line" } },
      ],
    });
    const outcome = await runWeft(["run", plan, "--tools", textTools, "--no-estimates"]);
    expect(outcome.code).toBe(1);
    const lines = outcome.stdout.split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^✓ nap sleep \d+(\.\d)?ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ shout text\.upper \d+(\.\d)?ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^✗ oops demo\.fail TOOL_FAILED .*it broke/));
    // No escape sequences: no colour and no cursor movement when stdout is a pipe.
    expect(outcome.stdout).not.toContain("\u001b");
    expect(outcome.stdout).toContain("Run failed: 3 calls (2 succeeded, 1 failed)");
    expect(outcome.stdout).toMatch(/makespan\s+\d/);
    expect(outcome.stdout).toMatch(/sequential\s+\d.*speedup \d+\.\d\d×/);
    expect(outcome.stdout).toMatch(/critical path\s+\d/);
    expect(outcome.stdout).toMatch(/sleep\s+1\s+0\s+\S+\s+\S+/);
  });

  it("prints only the summary with --quiet", async () => {
    const plan = await writePlan({ calls: [{ id: "nap", tool: "sleep", args: { ms: 5 } }] });
    const outcome = await runWeft(["run", plan, "--quiet", "--no-estimates"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).not.toContain("✓ nap");
    expect(outcome.stdout).toContain("Run succeeded");
  });
});

describe("learned estimates", () => {
  it("are written after a run and read by the next one", async () => {
    const folder = await temporaryFolder();
    const plan = await writePlan({
      calls: [
        { id: "one", tool: "sleep", args: { ms: 20 } },
        { id: "two", tool: "sleep", args: { ms: 30 } },
      ],
    });
    const first = await runWeft(["run", plan, "--quiet"], { cwd: folder });
    expect(first.code).toBe(0);
    const path = join(folder, ".weft", "estimates.json");
    const afterFirst = JSON.parse(await readFile(path, "utf8")) as {
      tools: Record<string, { count: number; meanMs: number }>;
    };
    expect(afterFirst.tools.sleep?.count).toBe(2);
    expect(afterFirst.tools.sleep?.meanMs).toBeGreaterThan(0);

    const second = await runWeft(["run", plan, "--quiet"], { cwd: folder });
    expect(second.code).toBe(0);
    const afterSecond = JSON.parse(await readFile(path, "utf8")) as typeof afterFirst;
    // The second run started from what the first learned: the counts add up.
    expect(afterSecond.tools.sleep?.count).toBe(4);
  });

  it("go where --estimates says, and nowhere with --no-estimates", async () => {
    const folder = await temporaryFolder();
    const plan = await writePlan({ calls: [{ id: "one", tool: "sleep", args: { ms: 1 } }] });
    expect(
      (await runWeft(["run", plan, "--quiet", "--estimates", "learned.json"], { cwd: folder })).code,
    ).toBe(0);
    expect((await stat(join(folder, "learned.json"))).isFile()).toBe(true);
    expect((await runWeft(["run", plan, "--quiet", "--no-estimates"], { cwd: folder })).code).toBe(0);
    await expect(stat(join(folder, ".weft"))).rejects.toThrow();
  });
});
