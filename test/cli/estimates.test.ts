import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWeft, temporaryFolder, writePlan } from "./helpers.js";

describe("weft run with a corrupt estimates file", () => {
  it("warns once, keeps a copy, runs, and saves fresh estimates", async () => {
    const folder = await temporaryFolder();
    await mkdir(join(folder, ".weft"));
    const path = join(folder, ".weft", "estimates.json");
    await writeFile(path, '{ "version": 1, "tools": { "sleep": { "count": 2,');
    const plan = await writePlan({ calls: [{ id: "nap", tool: "sleep", args: { ms: 5 } }] });

    const first = await runWeft(["run", plan, "--quiet"], { cwd: folder });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.match(/warning:/g)).toHaveLength(1);
    expect(first.stderr).toMatch(
      /estimates file .*estimates\.json is not valid JSON .*kept it as .*\.corrupt-/,
    );
    const names = await readdir(join(folder, ".weft"));
    const copies = names.filter((name) => name.startsWith("estimates.json.corrupt-"));
    expect(copies).toHaveLength(1);
    const saved = JSON.parse(await readFile(path, "utf8")) as { tools: Record<string, { count: number }> };
    expect(saved.tools.sleep?.count).toBe(1);

    const second = await runWeft(["run", plan, "--quiet"], { cwd: folder });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe("");
  });
});
