import { describe, expect, it } from "vitest";
import { toolStatistics } from "../../src/telemetry/index.js";
import { percentile } from "../../src/telemetry/report/index.js";
import { end, finishedTimeline, queued, ready, retry, start, waitOn } from "./report-timelines.js";

describe("toolStatistics", () => {
  const timeline = finishedTimeline(
    [
      // fetch: a plain call (10 ms), a call retried once (attempts of 4 and 6 ms), a failure (20 ms), a cache hit.
      queued("a", "fetch", 0),
      start("a", "fetch", 2),
      end("a", "fetch", 12),
      queued("b", "fetch", 0),
      waitOn("b", "fetch", 1, "rate:api"),
      start("b", "fetch", 5),
      retry("b", "fetch", 9, 1),
      ready("b", "fetch", 14),
      start("b", "fetch", 15, 2),
      end("b", "fetch", 21, "succeeded", { attempts: 2 }),
      queued("c", "fetch", 0),
      start("c", "fetch", 3),
      end("c", "fetch", 23, "failed"),
      queued("d", "fetch", 0),
      end("d", "fetch", 1, "succeeded", { isCached: true, attempts: 0 }),
      // parse: waits 21 ms on its dependency b, then 1 ms for a slot, runs 30 ms.
      queued("e", "parse", 0, ["b"]),
      ready("e", "parse", 21),
      start("e", "parse", 22),
      end("e", "parse", 52),
    ],
    52,
    "failed",
  );
  const rows = toolStatistics(timeline);
  const fetch = rows.find((row) => row.tool === "fetch");
  const parse = rows.find((row) => row.tool === "parse");

  it("gives one row per tool, sorted by name", () => {
    expect(rows.map((row) => row.tool)).toEqual(["fetch", "parse"]);
  });

  it("counts calls, attempts, retries, cache hits and failures", () => {
    expect(fetch).toMatchObject({ calls: 4, attempts: 4, retries: 1, cacheHits: 1, failures: 1 });
    expect(parse).toMatchObject({ calls: 1, attempts: 1, retries: 0, cacheHits: 0, failures: 0 });
  });

  it("takes p50 and p95 over attempts, by nearest rank", () => {
    // fetch's attempts ran 10, 4, 6 and 20 ms: sorted 4, 6, 10, 20.
    expect(fetch?.p50Ms).toBe(6);
    expect(fetch?.p95Ms).toBe(20);
    expect(parse?.p50Ms).toBe(30);
  });

  it("adds queue time up by cause", () => {
    // a waited 2 (slot); b 1 (slot) + 4 (rate) + 5 (backoff) + 1 (slot); c 3; d 1 (it was answered from the cache).
    expect(fetch?.queueMsByCause).toEqual({ concurrency: 8, "rate:api": 4, backoff: 5 });
    expect(fetch?.queueMs).toBe(17);
    expect(parse?.queueMsByCause).toEqual({ dependency: 21, concurrency: 1 });
  });

  it("counts an open wait up to the timeline's now", () => {
    const [first] = timeline.calls;
    if (first === undefined) throw new Error("no calls");
    const waits = [{ cause: "concurrency" as const, startMs: 40, endMs: null }];
    const live = { ...timeline, nowMs: 100, calls: [{ ...first, waits }] };
    expect(toolStatistics(live)[0]?.queueMs).toBe(60);
  });
});

describe("percentile", () => {
  it("is the nearest rank, and null for no values", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, index) => index + 1),
        0.95,
      ),
    ).toBe(95);
  });
});
