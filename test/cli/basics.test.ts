import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot, runWeft, writePlan } from "./helpers.js";

describe("weft command line", () => {
  it("prints its version from package.json", async () => {
    const manifest = JSON.parse(await readFile(join(repositoryRoot, "package.json"), "utf8")) as {
      version: string;
    };
    const outcome = await runWeft(["--version"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.trim()).toBe(manifest.version);
  });

  it("prints help that names the run command", async () => {
    const outcome = await runWeft(["--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Usage: weft");
    expect(outcome.stdout).toContain("run [options] <plan>");
  });

  it("prints help for run with every option and the exit codes", async () => {
    const outcome = await runWeft(["run", "--help"]);
    expect(outcome.code).toBe(0);
    for (const option of [
      "--tools",
      "--concurrency",
      "--fail-fast",
      "--json",
      "--trace",
      "--root",
      "--estimates",
      "--no-estimates",
      "--quiet",
    ]) {
      expect(outcome.stdout).toContain(option);
    }
    expect(outcome.stdout).toContain("130 interrupted");
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await runWeft(["launch"])).code).toBe(2);
    const plan = await writePlan({ calls: [] });
    const outcome = await runWeft(["run", plan, "--turbo"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("--turbo");
  });

  it("runs an empty plan: nothing to do, exit 0", async () => {
    const plan = await writePlan({ calls: [] });
    const outcome = await runWeft(["run", plan, "--no-estimates"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("nothing to run");
    const json = await runWeft(["run", plan, "--json", "--no-estimates"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "succeeded", calls: [] });
  });

  it("runs the example plan", async () => {
    const outcome = await runWeft([
      "run",
      "examples/plans/hello.json",
      "--json",
      "--no-estimates",
      "--root",
      repositoryRoot,
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
  });
});
