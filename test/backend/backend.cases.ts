import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Executor,
  type ExecutorOptions,
  type Tool,
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
} from "../../src/index.js";

/** The tools of fixtures/backend-tools.js. */
export type CaseToolName =
  | "echo"
  | "fail"
  | "fail-string"
  | "fail-first"
  | "sleep"
  | "watch-signal"
  | "progress"
  | "make-buffer"
  | "overlap";

/** One backend as the shared cases see it. */
export interface BackendHarness {
  name: string;
  /** A tool of fixtures/backend-tools.js, set to run on this backend, with more options on top. */
  tool(name: CaseToolName, extra?: Partial<Tool>): Tool;
  /** Options every executor of the cases gets (the thread pool's size…). */
  executorOptions?: ExecutorOptions;
  /** Cases this backend cannot support, each with the reason. */
  skips?: Partial<Record<CaseName, string>>;
}

export type CaseName =
  | "outputs"
  | "thrown errors"
  | "thrown non-errors"
  | "retries"
  | "input checked first"
  | "timeouts"
  | "timed-out code stops"
  | "signal on timeout"
  | "cancellation"
  | "progress"
  | "large outputs"
  | "concurrency";

/**
 * The behaviour every backend must share, run against each one (test/backend/inline.test.ts,
 * test/backend/thread.test.ts). A backend that cannot support a case names it in `skips`, with the reason.
 */
export function describeBackendCases(harness: BackendHarness): void {
  const executorWith = (tools: Tool[], options: ExecutorOptions = {}): Executor =>
    new Executor({ ...harness.executorOptions, ...options, tools });

  /** Runs `body` with an executor that is closed afterwards, whatever happens. */
  const withExecutor = async (
    tools: Tool[],
    options: ExecutorOptions,
    body: (executor: Executor) => Promise<void>,
  ): Promise<void> => {
    const executor = executorWith(tools, options);
    try {
      await body(executor);
    } finally {
      await executor.close();
    }
  };

  const test = (name: CaseName, title: string, body: () => Promise<void>): void => {
    const reason = harness.skips?.[name];
    if (reason === undefined) it(`${name}: ${title}`, body);
    else it.skip(`${name}: ${title} (not on ${harness.name}: ${reason})`, body);
  };

  describe(`the ${harness.name} backend`, () => {
    test("outputs", "returns the tool's output, with the call's id, attempt and run id", async () => {
      await withExecutor([harness.tool("echo")], {}, async (executor) => {
        const result = await executor
          .run([{ id: "a", tool: "echo", args: { text: "héllo", list: [1, { deep: true }] } }], {
            runId: "r1",
          })
          .result();
        expect(result.calls[0]?.status).toBe("succeeded");
        expect(result.calls[0]?.output).toEqual({
          input: { text: "héllo", list: [1, { deep: true }] },
          callId: "a",
          attempt: 1,
          runId: "r1",
        });
      });
    });

    test(
      "thrown errors",
      "fails the call with a ToolExecutionError keeping the error's kind and fields",
      async () => {
        await withExecutor([harness.tool("fail")], {}, async (executor) => {
          const result = await executor
            .run([{ id: "a", tool: "fail", args: { message: "no way" } }])
            .result();
          const error = result.calls[0]?.error;
          expect(ToolExecutionError.isInstance(error)).toBe(true);
          expect(error?.message).toBe('Call "a" (tool "fail") failed: no way');
          const cause = error?.cause as Error & { code?: string; details?: unknown };
          expect(cause).toBeInstanceOf(Error);
          expect(cause.name).toBe("RangeError");
          expect(cause.message).toBe("no way");
          expect(cause.code).toBe("E_ON_PURPOSE");
          expect(cause.details).toEqual({ tried: 3, where: ["here"] });
          expect(cause.stack).toContain("backend-tools.js");
        });
      },
    );

    test("thrown non-errors", "describes a thrown value that is not an Error", async () => {
      await withExecutor([harness.tool("fail-string")], {}, async (executor) => {
        const result = await executor.run([{ id: "a", tool: "fail-string" }]).result();
        const error = result.calls[0]?.error;
        expect(ToolExecutionError.isInstance(error)).toBe(true);
        expect(error?.message).toContain('threw a string instead of an Error: "a bare string"');
        expect(error?.cause).toBe("a bare string");
      });
    });

    test("retries", "retries a failed attempt of an idempotent tool, with the attempt number", async () => {
      const tool = harness.tool("fail-first", { idempotent: true, retry: { attempts: 2, backoffMs: 0 } });
      await withExecutor([tool], {}, async (executor) => {
        const result = await executor.run([{ id: "a", tool: "fail-first" }]).result();
        expect(result.calls[0]?.status).toBe("succeeded");
        expect(result.calls[0]?.attempts).toBe(2);
        expect(result.calls[0]?.output).toBe(2);
      });
    });

    test("input checked first", "checks the input against the schema before the tool runs", async () => {
      const schema = {
        type: "object",
        properties: { text: { type: "string" } },
        required: ["text"],
        additionalProperties: false,
      } as const;
      await withExecutor([harness.tool("echo", { inputSchema: schema })], {}, async (executor) => {
        const result = await executor
          .run([
            { id: "bad", tool: "echo", args: { text: 42 } },
            { id: "good", tool: "echo", args: { text: "fine" } },
          ])
          .result();
        const [bad, good] = result.calls;
        expect(ToolInputError.isInstance(bad?.error)).toBe(true);
        expect(bad?.attempts).toBe(0);
        expect(good?.status).toBe("succeeded");
      });
    });

    test("timeouts", "fails a call that runs past its timeout and frees its slot for the next", async () => {
      const sleep = harness.tool("sleep", { timeoutMs: 100 });
      await withExecutor([sleep, harness.tool("echo")], { concurrency: 1 }, async (executor) => {
        const result = await executor
          .run([
            { id: "slow", tool: "sleep", args: { ms: 20_000 } },
            { id: "next", tool: "echo", after: ["slow"] },
            { id: "beside", tool: "echo" },
          ])
          .result();
        const [slow, next, beside] = result.calls;
        expect(ToolTimeoutError.isInstance(slow?.error)).toBe(true);
        expect(next?.status).toBe("skipped");
        expect(beside?.status).toBe("succeeded");
        // The slot came back with the timeout, long before the 20 s tool would have ended.
        expect(result.makespanMs).toBeLessThan(10_000);
      });
    });

    test("timed-out code stops", "stops the timed-out attempt's code: nothing is left running", async () => {
      await withExecutor([harness.tool("sleep", { timeoutMs: 50 })], {}, async (executor) => {
        const result = await executor.run([{ id: "slow", tool: "sleep", args: { ms: 20_000 } }]).result();
        expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
        expect(executor.abandonedAttempts).toBe(0);
      });
    });

    test("signal on timeout", "aborts the tool's signal when its call times out", async () => {
      await withExecutor([harness.tool("watch-signal", { timeoutMs: 50 })], {}, async (executor) => {
        const result = await executor.run([{ id: "a", tool: "watch-signal" }]).result();
        expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
        // The tool resolved once it saw the abort, so the abandoned attempt settles.
        await expect.poll(() => executor.abandonedAttempts).toBe(0);
      });
    });

    test("cancellation", "cancels a running call without touching another run", async () => {
      await withExecutor([harness.tool("sleep"), harness.tool("echo")], {}, async (executor) => {
        const doomed = executor.run([{ id: "slow", tool: "sleep", args: { ms: 20_000 } }]);
        const other = executor.run([
          { id: "short", tool: "sleep", args: { ms: 50 } },
          { id: "then", tool: "echo", args: { ok: true }, after: ["short"] },
        ]);
        doomed.subscribe((event) => {
          if (event.type === "call-start") doomed.cancel("the user gave up");
        });
        const [cancelled, finished] = await Promise.all([doomed.result(), other.result()]);
        expect(cancelled.status).toBe("cancelled");
        expect(CancelledError.isInstance(cancelled.calls[0]?.error)).toBe(true);
        expect(cancelled.calls[0]?.error?.message).toContain("the user gave up");
        expect(finished.status).toBe("succeeded");
        expect(finished.calls.map((call) => call.status)).toEqual(["succeeded", "succeeded"]);
      });
    });

    test("progress", "reports progress in order, every step before the call ends", async () => {
      const seen: string[] = [];
      await withExecutor([harness.tool("progress")], {}, async (executor) => {
        await executor
          .run([{ id: "p", tool: "progress", args: { steps: 25 } }], {
            onEvent: (event) => {
              if (event.type === "call-progress")
                seen.push(String((event.progress as { step: number }).step));
              if (event.type === "call-end") seen.push("end");
            },
          })
          .result();
      });
      expect(seen).toEqual([...Array.from({ length: 25 }, (_, index) => String(index + 1)), "end"]);
    });

    test("large outputs", "returns a large binary output whole", async () => {
      const bytes = 8 * 1024 * 1024;
      await withExecutor([harness.tool("make-buffer")], {}, async (executor) => {
        const result = await executor.run([{ id: "big", tool: "make-buffer", args: { bytes } }]).result();
        const output = result.calls[0]?.output;
        expect(output).toBeInstanceOf(ArrayBuffer);
        const view = new Uint8Array(output as ArrayBuffer);
        expect(view.byteLength).toBe(bytes);
        for (const index of [0, 4096, 4096 * 1000, bytes - 4096])
          expect(view[index]).toBe((index / 4096) % 251);
      });
    });

    test("concurrency", "runs calls at once up to the limit, and never more", async () => {
      const shared = new SharedArrayBuffer(8);
      await withExecutor([harness.tool("overlap")], { concurrency: 2 }, async (executor) => {
        const calls = Array.from({ length: 6 }, (_, index) => ({
          id: `c${index}`,
          tool: "overlap",
          args: { shared, ms: 100 },
        }));
        const result = await executor.run(calls).result();
        expect(result.status).toBe("succeeded");
      });
      const [running, most] = new Int32Array(shared);
      expect(running).toBe(0);
      expect(most).toBe(2);
    });
  });
}
