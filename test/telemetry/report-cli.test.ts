import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Timeline } from "../../src/telemetry/index.js";
import { runWeft, temporaryFolder, textTools, writePlan } from "../cli/helpers.js";

/** The Timeline a report embeds. */
function embeddedTimeline(html: string): Timeline {
  const match = /<script type="application\/json" id="weft-timeline">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error("the report embeds no timeline");
  return JSON.parse(match[1]) as Timeline;
}

const plan = {
  calls: [
    { id: "first", tool: "sleep", args: { ms: 20 } },
    { id: "second", tool: "sleep", args: { ms: 21 } },
    { id: "broken", tool: "demo.fail", args: {}, after: ["first"] },
    { id: "never", tool: "sleep", args: { ms: 1 }, after: ["broken"] },
  ],
};

describe("weft run --report", () => {
  it("writes the report at the end of a run with failed calls, keeping the exit code", async () => {
    const folder = await temporaryFolder();
    const planPath = await writePlan(plan);
    const reportPath = join(folder, "out", "report.html");
    const outcome = await runWeft([
      "run",
      planPath,
      "--tools",
      textTools,
      "--no-estimates",
      "-q",
      "--report",
      reportPath,
    ]);
    expect(outcome.code).toBe(1);
    const timeline = embeddedTimeline(await readFile(reportPath, "utf8"));
    const statuses = Object.fromEntries(timeline.calls.map((call) => [call.id, call.status]));
    expect(statuses).toEqual({ first: "succeeded", second: "succeeded", broken: "failed", never: "skipped" });
    expect(timeline.status).toBe("failed");
  });
});

describe("weft report", () => {
  it("draws a trace into the trace's path with .html and prints that path", async () => {
    const folder = await temporaryFolder();
    const planPath = await writePlan(plan);
    const tracePath = join(folder, "trace.json");
    await runWeft(["run", planPath, "--tools", textTools, "--no-estimates", "-q", "--trace", tracePath]);
    const outcome = await runWeft(["report", tracePath]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    const reportPath = join(folder, "trace.html");
    expect(outcome.stdout.trim()).toBe(reportPath);
    const timeline = embeddedTimeline(await readFile(reportPath, "utf8"));
    expect(timeline.calls.map((call) => call.id).sort()).toEqual(["broken", "first", "never", "second"]);

    const elsewhere = join(folder, "elsewhere", "run.html");
    const written = await runWeft(["report", tracePath, "--output", elsewhere]);
    expect(written.code).toBe(0);
    await access(elsewhere);
  });

  it("exits 2 with one line naming the file for a truncated trace, a plain Chrome trace or no file", async () => {
    const folder = await temporaryFolder();
    const truncated = join(folder, "truncated.json");
    await writeFile(truncated, '{"traceEvents":[{"name":"a","ph":"X"');
    const chrome = join(folder, "chrome.json");
    await writeFile(chrome, JSON.stringify({ traceEvents: [] }));
    const cases: [string, RegExp][] = [
      [truncated, /truncated/],
      [chrome, /Chrome trace without weft's timeline/],
      [join(folder, "missing.json"), /no such file/],
    ];
    for (const [path, reason] of cases) {
      const outcome = await runWeft(["report", path]);
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe("");
      const lines = outcome.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(path);
      expect(lines[0]).toMatch(reason);
    }
    await expect(access(join(folder, "truncated.html"))).rejects.toThrow();
  });

  it("documents itself with examples", async () => {
    const outcome = await runWeft(["report", "--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/--output <file>/);
    expect(outcome.stdout).toMatch(/\$ weft report trace\.json/);
    const run = await runWeft(["run", "--help"]);
    expect(run.stdout).toMatch(/--report <file>/);
  });
});
