import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, runWeft, temporaryFolder } from "./helpers.js";

const tools = fixture("pool-tools.js");

async function sixCrunches(): Promise<string> {
  const folder = await temporaryFolder();
  const plan = join(folder, "plan.json");
  const calls = Array.from({ length: 6 }, (_, index) => ({ id: `c${index}`, tool: "crunch" }));
  await writeFile(plan, JSON.stringify({ calls }));
  return plan;
}

describe("weft run --pools", () => {
  it("gives the tools' `uses` their capacities: never more calls at once than the pool holds", async () => {
    const outcome = await runWeft([
      "run",
      await sixCrunches(),
      "--tools",
      tools,
      "--pools",
      "cpu=2",
      "--json",
    ]);
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as { calls: { output: { mostAtOnce: number } }[] };
    const mostAtOnce = Math.max(...document.calls.map((call) => call.output.mostAtOnce));
    expect(mostAtOnce).toBe(2);
  });

  it("says in one line that a tool uses a pool the command line did not give, and runs nothing", async () => {
    const outcome = await runWeft(["run", await sixCrunches(), "--tools", tools]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
    expect(outcome.stderr).toMatch(/crunch.*uses.*cpu/);
  });

  it("refuses a malformed --pools value", async () => {
    const outcome = await runWeft(["run", await sixCrunches(), "--tools", tools, "--pools", "cpu"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--pools.*name=amount/);
  });
});
