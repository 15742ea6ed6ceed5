import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Executor, openTelemetry, type Tool } from "../../src/index.js";
import { deferred } from "../helpers.js";
import { histogramCounts, InMemorySdk, pointsOf } from "./open-telemetry-sdk.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sdk: InMemorySdk;
beforeEach(() => {
  sdk = new InMemorySdk();
});
afterEach(async () => {
  await sdk.shutdown();
});

const byAttributes = (left: { attributes: object }, right: { attributes: object }) =>
  JSON.stringify(left.attributes).localeCompare(JSON.stringify(right.attributes));

describe("openTelemetry(): metrics", () => {
  it("counts calls by tool and status, and records queue and run time per attempt by tool", async () => {
    let failures = 0;
    const tools: Tool[] = [
      { name: "fetch", execute: () => sleep(5).then(() => "page") },
      {
        name: "flaky",
        idempotent: true,
        retry: { attempts: 2, backoffMs: 1 },
        execute: () => {
          if (failures++ === 0) throw new Error("once");
          return "ok";
        },
      },
      {
        name: "broken",
        execute: () => {
          throw new Error("no");
        },
      },
    ];
    const executor = new Executor({
      tools,
      telemetry: openTelemetry({ tracer: sdk.tracer, meter: sdk.meter }),
    });
    await executor
      .run({
        calls: [
          { id: "a", tool: "fetch" },
          { id: "b", tool: "fetch" },
          { id: "c", tool: "flaky" },
          { id: "d", tool: "broken" },
          { id: "e", tool: "fetch", after: ["d"] },
        ],
      })
      .result();
    const metrics = await sdk.metrics();
    expect(metrics.get("weft.calls")?.descriptor.unit).toBe("{call}");
    expect(pointsOf(metrics.get("weft.calls")).sort(byAttributes)).toEqual(
      [
        { attributes: { "gen_ai.tool.name": "fetch", "weft.call.status": "succeeded" }, value: 2 },
        { attributes: { "gen_ai.tool.name": "flaky", "weft.call.status": "succeeded" }, value: 1 },
        { attributes: { "gen_ai.tool.name": "broken", "weft.call.status": "failed" }, value: 1 },
        { attributes: { "gen_ai.tool.name": "fetch", "weft.call.status": "skipped" }, value: 1 },
      ].sort(byAttributes),
    );
    // One data point per tool, counting its attempts: flaky ran twice; the skipped call never ran.
    const expected = [
      { attributes: { "gen_ai.tool.name": "fetch" }, count: 2 },
      { attributes: { "gen_ai.tool.name": "flaky" }, count: 2 },
      { attributes: { "gen_ai.tool.name": "broken" }, count: 1 },
    ].sort(byAttributes);
    for (const name of ["weft.call.queue_time", "weft.call.run_time"]) {
      expect(metrics.get(name)?.descriptor.unit).toBe("ms");
      expect(histogramCounts(metrics.get(name)).sort(byAttributes)).toEqual(expected);
    }
  });

  it("reads the executor's slots in use and queued calls", async () => {
    const release = deferred();
    const started: string[] = [];
    const tool: Tool = {
      name: "hold",
      execute: async (_input: unknown, toolContext) => {
        started.push(toolContext.callId);
        await release.promise;
        return "done";
      },
    };
    const executor = new Executor({
      concurrency: 2,
      tools: [tool],
      telemetry: openTelemetry({ tracer: sdk.tracer, meter: sdk.meter }),
    });
    const run = executor.run({ calls: ["a", "b", "c"].map((id) => ({ id, tool: "hold" })) });
    while (started.length < 2) await sleep(1);
    const during = await sdk.metrics();
    expect(pointsOf(during.get("weft.slots.in_use"))).toEqual([{ attributes: {}, value: 2 }]);
    expect(pointsOf(during.get("weft.calls.queued"))).toEqual([{ attributes: {}, value: executor.queued }]);
    expect(executor.queued).toBeGreaterThan(0);
    release.resolve();
    await run.result();
    const after = await sdk.metrics();
    expect(pointsOf(after.get("weft.slots.in_use"))).toEqual([{ attributes: {}, value: 0 }]);
  });

  it("keeps a run whole when the instruments throw", async () => {
    const fail = () => {
      throw new Error("meter down");
    };
    const instrument = { add: fail, record: fail, addCallback: fail };
    const meter = {
      createCounter: () => instrument,
      createHistogram: () => instrument,
      createObservableGauge: () => instrument,
    } as never;
    const tool: Tool = { name: "work", execute: () => "done" };
    const executor = new Executor({ tools: [tool], telemetry: openTelemetry({ tracer: sdk.tracer, meter }) });
    const result = await executor.run({ calls: [{ id: "a", tool: "work" }] }).result();
    expect(result.status).toBe("succeeded");
    // The spans do not depend on the metrics.
    expect(sdk.spansNamed("execute_tool work")).toHaveLength(1);
  });
});
