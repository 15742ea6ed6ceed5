import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, parseJsonOutput, runWeft, temporaryFolder, writePlan } from "./helpers.js";

const plan = { calls: [{ id: "s", tool: "shout", args: { text: "typed", times: 2 } }] };

// Node 22.18 and later strip types by themselves: there, no loader is needed and none can be missing.
const nodeStripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);

describe("weft run --tools with a TypeScript module", () => {
  it("loads the module's tools and runs them", async () => {
    const outcome = await runWeft([
      "run",
      await writePlan(plan),
      "--tools",
      fixture("typed-tools.ts"),
      "--json",
      "--no-estimates",
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    expect(parseJsonOutput(outcome).calls[0]).toMatchObject({ status: "succeeded", output: "TYPED!!" });
  });

  it('loads a module that Node takes for CommonJS: a .ts file in a package without "type": "module"', async () => {
    const project = await temporaryFolder();
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "tools-project", private: true }));
    await copyFile(fixture("typed-tools.ts"), join(project, "tools.ts"));
    const outcome = await runWeft(
      ["run", await writePlan(plan), "--tools", "./tools.ts", "--json", "--no-estimates"],
      { cwd: project },
    );
    expect(outcome.stderr).toBe("");
    expect(parseJsonOutput(outcome).calls[0]).toMatchObject({ status: "succeeded", output: "TYPED!!" });
  });

  it.skipIf(nodeStripsTypes)("says what to install when no TypeScript loader can be found", async () => {
    const outcome = await runWeft(
      ["run", await writePlan(plan), "--tools", fixture("typed-tools.ts"), "--no-estimates"],
      { env: { WEFT_TSX_MODULE: "weft-test-no-such-loader" } },
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toContain("typed-tools.ts");
    expect(outcome.stderr).toContain("is TypeScript");
    expect(outcome.stderr).toContain("npm install -D tsx");
    expect(outcome.stderr).toContain("Node 22.18 or later");
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });
});
