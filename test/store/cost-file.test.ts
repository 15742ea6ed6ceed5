import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CorruptCostFile, loadCostModel, saveCostModel } from "../../src/store/cost-file.js";
import { EwmaCostModel } from "../../src/store/cost-model.js";

const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function estimatesFile(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "weft-costs-"));
  folders.push(folder);
  return join(folder, "estimates.json");
}

/** The id of a process that has ended. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  return pid;
}

describe("loadCostModel with a corrupt file", () => {
  it("keeps a copy, says so once, and starts from nothing", async () => {
    const path = await estimatesFile();
    const truncated = '{\n  "version": 1,\n  "tools": {\n    "sleep": { "count": 3, "meanMs"';
    await writeFile(path, truncated);
    const notices: CorruptCostFile[] = [];
    const model = await loadCostModel(path, { onCorrupt: (notice) => notices.push(notice) });
    expect(model.snapshot()).toEqual({});
    expect(notices).toHaveLength(1);
    const notice = notices[0] as CorruptCostFile;
    expect(notice.path).toBe(path);
    expect(notice.copyPath).toMatch(/estimates\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(notice.problem).toContain("not valid JSON");
    expect(await readFile(notice.copyPath, "utf8")).toBe(truncated);

    // The file was put aside: the next load finds nothing and says nothing.
    await loadCostModel(path, { onCorrupt: (again) => notices.push(again) });
    expect(notices).toHaveLength(1);
  });

  it("puts aside a JSON file that is not a costs file", async () => {
    const path = await estimatesFile();
    await writeFile(path, "[1, 2, 3]\n");
    const notices: CorruptCostFile[] = [];
    await loadCostModel(path, { onCorrupt: (notice) => notices.push(notice) });
    expect(notices.map((notice) => notice.problem)).toEqual([expect.stringContaining("version")]);
  });

  it("reads a good file without a word", async () => {
    const path = await estimatesFile();
    const model = new EwmaCostModel();
    model.observe("sleep", 20);
    await saveCostModel(path, model);
    const notices: CorruptCostFile[] = [];
    const loaded = await loadCostModel(path, { onCorrupt: (notice) => notices.push(notice) });
    expect(loaded.snapshot().sleep?.count).toBe(1);
    expect(notices).toEqual([]);
  });
});

describe("the temporary files of killed saves", () => {
  it("are removed when saving: a dead process's, and an old one of a live process", async () => {
    const path = await estimatesFile();
    const dead = `${path}.${deadPid()}.tmp`;
    const oldLive = `${path}.${process.ppid}.tmp`;
    const otherFile = `${path}.backup`;
    for (const file of [dead, oldLive, otherFile]) await writeFile(file, "{");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(oldLive, twoHoursAgo, twoHoursAgo);
    await saveCostModel(path, new EwmaCostModel());
    expect((await readdir(join(path, ".."))).sort()).toEqual(["estimates.json", "estimates.json.backup"]);
  });

  it("are removed when loading, but a live process's recent one is left: it may be a save in progress", async () => {
    const path = await estimatesFile();
    const dead = `${path}.${deadPid()}.tmp`;
    const inProgress = `${path}.${process.ppid}.tmp`;
    for (const file of [dead, inProgress]) await writeFile(file, "{");
    await loadCostModel(path);
    expect(await readdir(join(path, ".."))).toEqual([`estimates.json.${process.ppid}.tmp`]);
  });
});
