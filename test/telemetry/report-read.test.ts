import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TraceFileError } from "../../src/errors/index.js";
import { toChromeTrace } from "../../src/telemetry/index.js";
import { readTimelineFile } from "../../src/telemetry/report/index.js";
import { end, finishedTimeline, queued, start } from "./report-timelines.js";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "weft-report-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** The TraceFileError that reading `path` throws. */
async function errorOf(path: string): Promise<TraceFileError> {
  const error = await readTimelineFile(path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!TraceFileError.isInstance(error)) throw new Error(`expected a TraceFileError, got ${String(error)}`);
  return error;
}

const timeline = finishedTimeline(
  [queued("a", "t", 0), start("a", "t", 1), end("a", "t", 5)],
  5,
  "succeeded",
);

describe("readTimelineFile", () => {
  it("reads the timeline of a trace written by `weft run --trace`", async () => {
    const events = [
      { type: "run-start", runId: "r", time: 0, calls: 1, concurrency: 2 } as const,
      queued("a", "t", 0),
      start("a", "t", 1),
      end("a", "t", 5),
    ];
    const path = await fileWith("trace.json", JSON.stringify(toChromeTrace(events)));
    const read = await readTimelineFile(path);
    expect(read.format).toBe("weft-timeline");
    expect(read.calls.map((call) => call.id)).toEqual(["a"]);
  });

  it("reads a bare Timeline", async () => {
    const path = await fileWith("timeline.json", JSON.stringify(timeline));
    expect(await readTimelineFile(path)).toEqual(timeline);
  });

  it("names the file and says it is truncated when the JSON is cut short", async () => {
    const text = JSON.stringify({ traceEvents: [], weft: timeline });
    const path = await fileWith("cut.json", text.slice(0, text.length / 2));
    const error = await errorOf(path);
    expect(error.code).toBe("TRACE_FILE_INVALID");
    expect(error.problem).toBe("truncated");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/truncated/);
  });

  it("tells invalid JSON from a cut-short file", async () => {
    const error = await errorOf(await fileWith("broken.json", '{"weft": nope}'));
    expect(error.problem).toBe("not-json");
    expect(error.message).toMatch(/not valid JSON/);
  });

  it("says an empty file is truncated", async () => {
    expect((await errorOf(await fileWith("empty.json", ""))).problem).toBe("truncated");
  });

  it("says a file that is not JSON is not JSON", async () => {
    const error = await errorOf(await fileWith("page.html", "<html><body>hello</body></html>"));
    expect(error.problem).toBe("not-json");
    expect(error.message).toMatch(/not a JSON file/);
  });

  it("recognises a plain Chrome trace without weft's timeline", async () => {
    const error = await errorOf(
      await fileWith("chrome.json", JSON.stringify({ traceEvents: [{ ph: "X" }] })),
    );
    expect(error.problem).toBe("not-weft");
    expect(error.message).toMatch(/Chrome trace without weft's timeline/);
  });

  it("rejects other JSON, and a timeline whose calls lack their fields", async () => {
    expect((await errorOf(await fileWith("list.json", "[1, 2]"))).problem).toBe("not-weft");
    const malformed = { ...timeline, calls: [{ id: "a" }] };
    const error = await errorOf(await fileWith("malformed.json", JSON.stringify(malformed)));
    expect(error.problem).toBe("not-weft");
    expect(error.message).toMatch(/calls\[0\]/);
  });

  it("rejects a version it does not read, naming the version", async () => {
    const error = await errorOf(
      await fileWith("v2.json", JSON.stringify({ weft: { ...timeline, version: 2 } })),
    );
    expect(error.problem).toBe("unsupported-version");
    expect(error.message).toMatch(/version is 2; this weft reads version 1/);
  });

  it("says when the file does not exist", async () => {
    const error = await errorOf(join(folder, "missing.json"));
    expect(error.problem).toBe("unreadable");
    expect(error.message).toMatch(/no such file/);
  });
});
