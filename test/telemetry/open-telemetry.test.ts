import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Executor, openTelemetry, type Tool, type ToolContext } from "../../src/index.js";
import { InMemorySdk, milliseconds } from "./open-telemetry-sdk.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sdk: InMemorySdk;
beforeEach(() => {
  sdk = new InMemorySdk();
});
afterEach(async () => {
  await sdk.shutdown();
});

function executorWith(tools: Tool[], extra: { concurrency?: number } = {}): Executor {
  return new Executor({
    ...extra,
    tools,
    telemetry: openTelemetry({ tracer: sdk.tracer, meter: sdk.meter }),
  });
}

function callSpan(callId: string, attempt = 1): ReadableSpan {
  const span = sdk
    .spans()
    .find(
      (candidate) =>
        candidate.attributes["gen_ai.tool.call.id"] === callId &&
        candidate.attributes["weft.call.attempt"] === attempt,
    );
  if (span === undefined) throw new Error(`no span for call ${callId}, attempt ${attempt}`);
  return span;
}

const sleeper = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  execute: async (input: { ms?: number }) => {
    await sleep(input.ms ?? 10);
    return name;
  },
  ...extra,
});

describe("openTelemetry(): spans", () => {
  it("gives a run one span and each attempt a GenAI execute_tool span under it", async () => {
    const executor = executorWith([sleeper("fetch"), sleeper("summarize")]);
    const result = await executor
      .run(
        {
          calls: [
            { id: "page", tool: "fetch" },
            { id: "other", tool: "fetch" },
            { id: "summary", tool: "summarize", args: { text: { $ref: "page" } } },
          ],
        },
        { runId: "run-1" },
      )
      .result();
    expect(result.status).toBe("succeeded");

    const [run, ...others] = sdk.spansNamed("weft run");
    expect(others).toEqual([]);
    if (run === undefined) throw new Error("no run span");
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(run.attributes).toMatchObject({
      "weft.run.id": "run-1",
      "weft.run.calls": 3,
      "weft.run.status": "succeeded",
      "weft.run.makespan_ms": result.makespanMs,
      "weft.run.speedup": result.speedup,
    });
    expect(run.status.code).not.toBe(SpanStatusCode.ERROR);

    const calls = sdk.spans().filter((span) => span.name.startsWith("execute_tool "));
    expect(calls.map((span) => span.name).sort()).toEqual([
      "execute_tool fetch",
      "execute_tool fetch",
      "execute_tool summarize",
    ]);
    for (const span of calls) {
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        "gen_ai.operation.name": "execute_tool",
        "weft.run.id": "run-1",
        "weft.call.attempt": 1,
        "weft.call.cache_hit": false,
        "weft.call.hedge": false,
        "weft.call.status": "succeeded",
        "weft.call.outcome": "succeeded",
      });
    }
    const summary = callSpan("summary");
    expect(summary.attributes["gen_ai.tool.name"]).toBe("summarize");
    // The span's times are the events': the dependent starts after its dependency's span ended.
    expect(milliseconds(summary.startTime)).toBeGreaterThanOrEqual(milliseconds(callSpan("page").endTime));
    expect(milliseconds(callSpan("page").startTime)).toBeGreaterThanOrEqual(milliseconds(run.startTime));
    expect(milliseconds(run.endTime)).toBeGreaterThanOrEqual(milliseconds(summary.endTime));
    const summaryCall = result.calls.find((call) => call.id === "summary");
    expect(milliseconds(summary.endTime) - milliseconds(summary.startTime)).toBeCloseTo(
      summaryCall?.durationMs ?? Number.NaN,
      0,
    );
  });

  it("runs each attempt's code with its span active: a tool's own spans nest under its call's", async () => {
    const tracer = sdk.tracer;
    const tool: Tool = {
      name: "search",
      async execute(input: { ms: number }, toolContext: ToolContext) {
        await sleep(input.ms);
        // Started after an await, while the other call runs too: the context followed this attempt alone.
        const own = tracer.startSpan(`http ${toolContext.callId}`);
        await sleep(1);
        own.end();
        return "done";
      },
    };
    await executorWith([tool])
      .run({
        calls: [
          { id: "a", tool: "search", args: { ms: 15 } },
          { id: "b", tool: "search", args: { ms: 5 } },
        ],
      })
      .result();
    for (const callId of ["a", "b"]) {
      const [own] = sdk.spansNamed(`http ${callId}`);
      expect(own?.parentSpanContext?.spanId).toBe(callSpan(callId).spanContext().spanId);
    }
  });

  it("nests the run's span under the span active where the run was started", async () => {
    const executor = executorWith([sleeper("work")]);
    await sdk.tracer.startActiveSpan("agent turn", async (turn) => {
      await executor.run({ calls: [{ id: "a", tool: "work" }] }).result();
      turn.end();
    });
    const [turn] = sdk.spansNamed("agent turn");
    const [run] = sdk.spansNamed("weft run");
    expect(run?.parentSpanContext?.spanId).toBe(turn?.spanContext().spanId);
  });

  it("ends a retried attempt's span with ERROR, error.type and the exception; the next attempt gets its own", async () => {
    let failures = 0;
    const flaky: Tool = {
      name: "flaky",
      idempotent: true,
      retry: { attempts: 2, backoffMs: 5 },
      execute: () => {
        if (failures++ === 0) throw new Error("connection reset");
        return "ok";
      },
    };
    await executorWith([flaky])
      .run({ calls: [{ id: "x", tool: "flaky" }] })
      .result();
    const first = callSpan("x", 1);
    const second = callSpan("x", 2);
    expect(sdk.spans().filter((span) => span.name === "execute_tool flaky")).toHaveLength(2);
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(first.attributes).toMatchObject({ "error.type": "TOOL_FAILED", "weft.call.outcome": "retried" });
    expect(first.attributes["weft.call.status"]).toBeUndefined();
    expect(first.events.map((event) => event.name)).toEqual(["exception"]);
    expect(String(first.events[0]?.attributes?.["exception.message"])).toContain("connection reset");
    expect(second.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(second.attributes).toMatchObject({
      "weft.call.outcome": "succeeded",
      "weft.call.status": "succeeded",
    });
    expect(second.parentSpanContext?.spanId).toBe(first.parentSpanContext?.spanId);
    expect(milliseconds(second.startTime)).toBeGreaterThanOrEqual(milliseconds(first.endTime));
  });

  it("marks a failed call's span and its run's span ERROR", async () => {
    const broken: Tool = {
      name: "broken",
      execute: () => {
        throw new Error("boom");
      },
    };
    const result = await executorWith([broken])
      .run({ calls: [{ id: "x", tool: "broken" }] })
      .result();
    expect(result.status).toBe("failed");
    expect(callSpan("x").status.code).toBe(SpanStatusCode.ERROR);
    expect(callSpan("x").attributes).toMatchObject({
      "error.type": "TOOL_FAILED",
      "weft.call.status": "failed",
    });
    const [run] = sdk.spansNamed("weft run");
    expect(run?.status.code).toBe(SpanStatusCode.ERROR);
    expect(run?.attributes["weft.run.status"]).toBe("failed");
  });

  it("ends an abandoned attempt's span when it was given up, with the timeout as its error", async () => {
    const slow: Tool = { name: "slow", timeoutMs: 10, execute: () => sleep(200) };
    await executorWith([slow])
      .run({ calls: [{ id: "x", tool: "slow" }] })
      .result();
    const span = callSpan("x");
    expect(span.attributes).toMatchObject({
      "weft.call.outcome": "abandoned",
      "weft.call.status": "failed",
      "error.type": "TOOL_TIMEOUT",
    });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    // Ended at the timeout, not when the tool's code finally settled.
    expect(milliseconds(span.endTime) - milliseconds(span.startTime)).toBeLessThan(150);
  });

  it("gives a call served from the cache a zero-length span with weft.call.cache_hit", async () => {
    let executions = 0;
    const cached: Tool = {
      name: "lookup",
      idempotent: true,
      cache: true,
      execute: () => {
        executions++;
        return "value";
      },
    };
    const executor = executorWith([cached]);
    await executor.run({ calls: [{ id: "first", tool: "lookup", args: { q: 1 } }] }).result();
    await executor.run({ calls: [{ id: "again", tool: "lookup", args: { q: 1 } }] }).result();
    expect(executions).toBe(1);
    const hit = callSpan("again", 0);
    expect(hit.name).toBe("execute_tool lookup");
    expect(hit.attributes).toMatchObject({
      "weft.call.cache_hit": true,
      "weft.call.status": "succeeded",
      "gen_ai.tool.call.id": "again",
    });
    expect(hit.endTime).toEqual(hit.startTime);
    const runs = sdk.spansNamed("weft run");
    expect(hit.parentSpanContext?.spanId).toBe(runs[1]?.spanContext().spanId);
    expect(callSpan("first").attributes["weft.call.cache_hit"]).toBe(false);
  });

  it("says a call held by its tool's limit queued on tool-limit", async () => {
    const executor = executorWith([sleeper("limited", { concurrency: 1 })]);
    await executor
      .run({
        calls: [
          { id: "one", tool: "limited", args: { ms: 20 } },
          { id: "two", tool: "limited", args: { ms: 20 } },
        ],
      })
      .result();
    const [earlier, later] = [callSpan("one"), callSpan("two")].sort(
      (left, right) => milliseconds(left.startTime) - milliseconds(right.startTime),
    );
    expect(earlier?.attributes["weft.call.queue_cause"]).toBe("concurrency");
    expect(later?.attributes["weft.call.queue_cause"]).toBe("tool-limit");
    // It waited for the first to finish.
    expect(Number(later?.attributes["weft.call.queue_ms"])).toBeGreaterThan(0);
    expect(milliseconds(later?.startTime ?? [0, 0])).toBeGreaterThanOrEqual(
      milliseconds(earlier?.endTime ?? [0, 0]),
    );
  });

  it("marks the spans of a hedged call, and gives its duplicate a span of its own", async () => {
    let executions = 0;
    const hedged: Tool = {
      name: "search",
      idempotent: true,
      hedge: { afterMs: 5 },
      // The primary hangs until aborted; the duplicate answers at once.
      execute: (_input: unknown, toolContext: ToolContext) => {
        if (executions++ > 0) return "fast";
        return new Promise((_resolve, reject) => {
          toolContext.signal.addEventListener("abort", () => reject(toolContext.signal.reason));
        });
      },
    };
    const result = await executorWith([hedged])
      .run({ calls: [{ id: "q", tool: "search" }] })
      .result();
    expect(result.calls[0]?.output).toBe("fast");
    const spans = sdk.spansNamed("execute_tool search");
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.attributes["weft.call.hedge"]).toBe(true);
    expect(spans.filter((span) => span.attributes["weft.call.hedge.duplicate"] === true)).toHaveLength(1);
    // The duplicate won: its span has the call's outcome, the primary's says it was stopped.
    const outcomes = spans.map((span) => [
      span.attributes["weft.call.hedge.duplicate"] === true,
      span.attributes["weft.call.outcome"],
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [true, "succeeded"],
        [false, "cancelled"],
      ]),
    );
  });
});

describe("openTelemetry(): safety", () => {
  it("checks its options up front", () => {
    expect(() => openTelemetry({ tracer: {} as never })).toThrow(/option "tracer"/);
    expect(() => openTelemetry({ meter: 5 as never })).toThrow(/option "meter".*5 \(number\)/);
    expect(() => openTelemetry(null as never)).toThrow(TypeError);
  });

  it("keeps a run whole when the tracer, the spans and the meter all throw", async () => {
    const fail = () => {
      throw new Error("telemetry down");
    };
    const brokenSpan = new Proxy({}, { get: () => fail });
    const tracer = { startSpan: () => brokenSpan, startActiveSpan: fail } as never;
    const throwingTracer = { startSpan: fail, startActiveSpan: fail } as never;
    const meter = { createCounter: fail } as never;
    for (const telemetry of [
      openTelemetry({ tracer, meter }),
      openTelemetry({ tracer: throwingTracer, meter }),
    ]) {
      const executor = new Executor({ tools: [sleeper("work")], telemetry });
      const result = await executor
        .run({
          calls: [
            { id: "a", tool: "work" },
            { id: "b", tool: "work", after: ["a"] },
          ],
        })
        .result();
      expect(result.status).toBe("succeeded");
      expect(result.calls.map((call) => call.output)).toEqual(["work", "work"]);
    }
  });

  it("keeps a run whole when the exporter throws", async () => {
    sdk.exporter.export = () => {
      throw new Error("exporter down");
    };
    const result = await executorWith([sleeper("work")])
      .run({ calls: [{ id: "a", tool: "work" }] })
      .result();
    expect(result.status).toBe("succeeded");
  });

  it("records nothing, and runs as usual, with no SDK registered", async () => {
    trace.disable();
    const executor = new Executor({ tools: [sleeper("work")], telemetry: openTelemetry() });
    const result = await executor.run({ calls: [{ id: "a", tool: "work" }] }).result();
    expect(result.status).toBe("succeeded");
    expect(sdk.spans()).toEqual([]);
  });
});
