import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ThreadBackend } from "../../src/backend/thread-backend.js";
import { defineTool, Executor, type Tool, ToolTimeoutError, type WeftEvent } from "../../src/index.js";
import { loadToolModule } from "../../src/tool/load-tool-module.js";
import { describeBackendCases } from "./backend.cases.js";

const backendTools = new URL("./fixtures/backend-tools.js", import.meta.url);
const threadTools = new URL("./fixtures/thread-tools.js", import.meta.url);

/** A tool of a fixture module, declared to run in a thread. */
function threadTool(module: URL, name: string, extra: Partial<Tool> = {}): Tool {
  return { ...defineTool({ name, runIn: "thread", module }), ...extra };
}

describeBackendCases({
  name: "thread",
  tool: (name, extra) => threadTool(backendTools, name, extra),
  executorOptions: { threads: { maxThreads: 2 } },
  skips: {
    "signal on timeout":
      "a timed-out or cancelled call's thread is terminated at once, so its code never runs again to observe the signal",
  },
});

/** The most calls running at once, from the run's call-start and call-end events. */
function overlapCounter(): { onEvent(event: WeftEvent): void; readonly most: number } {
  let running = 0;
  let most = 0;
  return {
    onEvent(event) {
      if (event.type === "call-start") most = Math.max(most, ++running);
      if (event.type === "call-end" && event.status !== "skipped") running--;
    },
    get most() {
      return most;
    },
  };
}

describe("thread tools", () => {
  it("run their module's code in a thread, never the execute on the main thread", async () => {
    const specifier = new URL("./fixtures/self-hosted.js", import.meta.url).href;
    const { double } = (await import(specifier)) as { double: Tool };
    const executor = new Executor({ tools: [double], threads: { maxThreads: 1 } });
    try {
      const result = await executor
        .run([
          { id: "a", tool: "double", args: { n: 21 } },
          { id: "bad", tool: "double", args: { n: "21" } },
        ])
        .result();
      expect(result.calls[0]?.output).toEqual({ doubled: 42, isMainThread: false });
      // The schema is checked on the main thread: the bad call never reached a thread.
      expect(result.calls[1]?.error?.code).toBe("TOOL_INPUT_INVALID");
      expect(result.calls[1]?.attempts).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it("run CPU-bound code truly in parallel, where inline code runs one call at a time", async () => {
    const calls = (shared: SharedArrayBuffer) =>
      Array.from({ length: 4 }, (_, index) => ({
        id: `c${index}`,
        tool: "cpu-overlap",
        args: { shared, ms: 150 },
      }));
    const onThreads = new SharedArrayBuffer(8);
    const executor = new Executor({
      tools: [threadTool(threadTools, "cpu-overlap")],
      threads: { maxThreads: 2 },
    });
    try {
      expect((await executor.run(calls(onThreads)).result()).status).toBe("succeeded");
    } finally {
      await executor.close();
    }
    const inlineTools = await loadToolModule(fileURLToPath(threadTools), process.cwd());
    const inline = new Executor({ tools: inlineTools });
    const onEventLoop = new SharedArrayBuffer(8);
    expect((await inline.run(calls(onEventLoop)).result()).status).toBe("succeeded");
    expect(new Int32Array(onThreads)[1]).toBe(2);
    expect(new Int32Array(onEventLoop)[1]).toBe(1);
  });

  it("wait in the scheduler for a free thread, so that waiting never counts against their timeout", async () => {
    // Three 250 ms calls on one thread with a 600 ms timeout: queued inside the pool, the third would time out.
    const spin = threadTool(threadTools, "spin", { timeoutMs: 600 });
    const executor = new Executor({ tools: [spin], threads: { maxThreads: 1 } });
    const counter = overlapCounter();
    try {
      const result = await executor
        .run(
          Array.from({ length: 3 }, (_, index) => ({ id: `s${index}`, tool: "spin", args: { ms: 250 } })),
          { onEvent: counter.onEvent },
        )
        .result();
      expect(result.calls.map((call) => call.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect(counter.most).toBe(1);
    } finally {
      await executor.close();
    }
  });

  it("stop a CPU loop that times out by terminating its thread, leaving other calls and the pool unharmed", async () => {
    const tools = [threadTool(threadTools, "spin", { timeoutMs: 100 }), threadTool(threadTools, "hash")];
    const executor = new Executor({ tools, threads: { maxThreads: 2 } });
    try {
      const result = await executor
        .run([
          { id: "stuck", tool: "spin", args: {} },
          { id: "hash", tool: "hash", args: { text: "weft", rounds: 20_000 } },
        ])
        .result();
      expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
      expect(result.calls[1]?.output).toBe(await hashOnMainThread("weft", 20_000));
      // The loop was killed with its thread: nothing abandoned keeps running.
      expect(executor.abandonedAttempts).toBe(0);
      const again = await executor.run([{ id: "after", tool: "spin", args: { ms: 1 } }]).result();
      expect(again.status).toBe("succeeded");
      expect(executor.running).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it("stop a cancelled CPU loop without touching another run's thread call", async () => {
    const tools = [threadTool(threadTools, "spin"), threadTool(threadTools, "hash")];
    const executor = new Executor({ tools, threads: { maxThreads: 2 } });
    try {
      const doomed = executor.run([{ id: "stuck", tool: "spin", args: {} }]);
      const other = executor.run([{ id: "hash", tool: "hash", args: { text: "x", rounds: 20_000 } }]);
      doomed.subscribe((event) => {
        if (event.type === "call-start") setTimeout(() => doomed.cancel("enough"), 50);
      });
      const [cancelled, finished] = await Promise.all([doomed.result(), other.result()]);
      expect(cancelled.calls[0]?.status).toBe("cancelled");
      expect(finished.calls[0]?.output).toBe(await hashOnMainThread("x", 20_000));
      expect(executor.abandonedAttempts).toBe(0);
    } finally {
      await executor.close();
    }
  });
});

describe("thread tool definitions", () => {
  const existing = fileURLToPath(threadTools);

  it.each([
    [{ runIn: "thread" }, /Tool "t": runIn: "thread" needs `module`, the ES module that exports the tool/],
    [
      { runIn: "thread", module: "/nowhere/hash.js" },
      /Tool "t": `module` names \/nowhere\/hash\.js, which does not exist/,
    ],
    [
      { runIn: "thread", module: "./hash.js" },
      /Tool "t": expected `module` to be a file: URL or an absolute path .*"\.\/hash\.js", which is relative/,
    ],
    [
      { runIn: "thread", module: 42 },
      /Tool "t": expected `module` to be a file: URL or an absolute path .*got number 42/,
    ],
    [
      { runIn: "thread", module: new URL("https://example.test/hash.js") },
      /Tool "t": expected `module` to be a file: URL, got https:/,
    ],
    [{ module: existing }, /Tool "t": `module` is only used by tools that run in a thread/],
    [
      { runIn: "inline", transferInput: true },
      /Tool "t": `transferInput` is only used by tools that run in a thread/,
    ],
    [{ runIn: "process" }, /Tool "t": expected `runIn` to be "inline" or "thread", got string "process"/],
    [
      { runIn: "thread", module: existing, transferInput: "yes" },
      /Tool "t": expected `transferInput` to be a boolean/,
    ],
    [
      { runIn: "thread", module: existing, transferInput: true, idempotent: true, retry: 2 },
      /Tool "t": transferInput moves the input's buffers to the thread, leaving nothing for a retry to send/,
    ],
  ])("refuses %o when the tool is defined", (options, message) => {
    expect(() => defineTool({ name: "t", execute: () => 1, ...(options as object) })).toThrow(message);
    expect(() => new Executor({ tools: [{ name: "t", execute: () => 1, ...(options as object) }] })).toThrow(
      message,
    );
  });

  it("accepts a file: URL string, a URL or an absolute path, and declarations without execute", () => {
    for (const module of [threadTools, threadTools.href, existing]) {
      expect(() => defineTool({ name: "t", runIn: "thread", module })).not.toThrow();
    }
    const declared = defineTool({ name: "t", runIn: "thread", module: threadTools });
    expect(() => declared.execute({}, {} as never)).toThrow(
      /runs in a worker thread .* run it through an Executor/,
    );
    expect(
      () => new Executor({ tools: [{ name: "plain", runIn: "thread", module: existing } as Tool] }),
    ).not.toThrow();
  });

  it("sizes the pool to the machine by default and checks its options", () => {
    expect(new ThreadBackend().maxThreads).toBe(availableParallelism());
    expect(() => new Executor({ threads: { maxThreads: 0 } })).toThrow(
      /Expected `threads.maxThreads` to be an integer ≥ 1, got 0/,
    );
    expect(() => new Executor({ threads: { maxThreads: "2" as never } })).toThrow(
      /Expected `threads.maxThreads` to be a number, got "2"/,
    );
    expect(() => new Executor({ threads: { idleTimeoutMs: -1 } })).toThrow(/threads.idleTimeoutMs/);
    expect(() => new Executor({ threads: { resourceLimits: 5 as never } })).toThrow(/threads.resourceLimits/);
  });
});

async function hashOnMainThread(text: string, rounds: number): Promise<string> {
  const { createHash } = await import("node:crypto");
  let digest = text;
  for (let round = 0; round < rounds; round++) digest = createHash("sha256").update(digest).digest("hex");
  return digest;
}
