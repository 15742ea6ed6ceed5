import { describe, expect, it } from "vitest";
import {
  defineTool,
  Executor,
  type ExecutorOptions,
  type Tool,
  ToolInputError,
  ToolThreadError,
  type ToolThreadFailure,
  WeftError,
} from "../../src/index.js";

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);
const threadTools = fixture("thread-tools.js");

function threadTool(module: URL, name: string, extra: Partial<Tool> = {}): Tool {
  return { ...defineTool({ name, runIn: "thread", module }), ...extra };
}

/** Runs `calls` on a fresh executor; returns each call's error (or output) by id, then a call of `hash` after them. */
async function runOnce(
  tools: Tool[],
  calls: { id: string; tool: string; args?: Record<string, unknown> }[],
  options: ExecutorOptions = {},
) {
  const executor = new Executor({
    threads: { maxThreads: 2 },
    ...options,
    tools: [...tools, threadTool(threadTools, "hash")],
  });
  try {
    const result = await executor.run(calls).result();
    const byId = new Map(result.calls.map((call) => [call.id, call]));
    // The pool recovered: a call after the failure runs on a sound thread.
    const after = await executor
      .run([{ id: "after", tool: "hash", args: { text: "a", rounds: 1 } }])
      .result();
    return { byId, after: after.calls[0], executor };
  } finally {
    await executor.close();
  }
}

function expectThreadError(error: unknown, reason: ToolThreadFailure, message: RegExp): void {
  expect(ToolThreadError.isInstance(error)).toBe(true);
  expect((error as ToolThreadError).reason).toBe(reason);
  expect((error as ToolThreadError).code).toBe("TOOL_THREAD_FAILED");
  expect((error as Error).message).toMatch(message);
}

describe("a thread that fails", () => {
  it.each([
    [
      "exit",
      { code: 7 },
      "exit",
      /Call "x" \(tool "exit"\) failed in its worker thread: the thread exited with code 7/,
    ],
    ["late-throw", {}, "crash", /the thread crashed: thrown from a timer; the pool replaced it/],
    ["unsendable", {}, "crash", /the thread crashed: .*cannot be cloned/],
  ] as const)(
    "%s fails only its own call, with a ToolThreadError (%s)",
    async (tool, args, reason, message) => {
      const { byId, after } = await runOnce(
        [threadTool(threadTools, tool)],
        [
          { id: "x", tool, args },
          { id: "beside", tool: "hash", args: { text: "b", rounds: 5000 } },
        ],
      );
      expectThreadError(byId.get("x")?.error, reason, message);
      expect(byId.get("beside")?.status).toBe("succeeded");
      expect(after?.status).toBe("succeeded");
    },
  );

  it("runs out of memory under resourceLimits: only its call fails, and the pool starts a new thread", async () => {
    const { byId, after } = await runOnce(
      [threadTool(threadTools, "oom")],
      [
        { id: "x", tool: "oom" },
        { id: "beside", tool: "hash", args: { text: "b", rounds: 5000 } },
      ],
      { threads: { maxThreads: 2, resourceLimits: { maxOldGenerationSizeMb: 32 } } },
    );
    expectThreadError(
      byId.get("x")?.error,
      "out-of-memory",
      /the thread ran out of memory \(resourceLimits \{"maxOldGenerationSizeMb":32\}\); the pool replaced it/,
    );
    expect(byId.get("beside")?.status).toBe("succeeded");
    expect(after?.status).toBe("succeeded");
  });

  it("cannot even start under tiny resourceLimits: its calls fail at once instead of waiting forever", async () => {
    const executor = new Executor({
      tools: [threadTool(threadTools, "hash")],
      threads: { resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 } },
    });
    try {
      const calls = ["a", "b", "c"].map((id) => ({ id, tool: "hash", args: { text: id, rounds: 1 } }));
      const result = await executor.run(calls).result();
      for (const call of result.calls) {
        expectThreadError(call.error, "out-of-memory", /no thread of the pool could start/);
      }
    } finally {
      await executor.close();
    }
  });
});

describe("a thread tool that cannot be loaded", () => {
  it.each([
    [
      "throws-at-load.js",
      "broken",
      /Call "x" \(tool "broken"\) failed in its worker thread: cannot load it from `module` .*throws-at-load\.js: loading it threw: this module refuses to load/,
    ],
    [
      "thread-tools.js",
      "missing",
      /cannot load it from `module` .*thread-tools\.js: it exports no tool named "missing" \(it exports "spin", "exit", .*"hash"\)/,
    ],
    [
      "declaration-only.js",
      "declared",
      /declaration-only\.js: it exports tool "declared" without its code \(a declaration with no execute\)/,
    ],
  ])(
    "%s / %s fails its calls with a load error naming the tool and `module`",
    async (file, tool, message) => {
      const { byId, after } = await runOnce(
        [threadTool(fixture(file), tool)],
        [
          { id: "x", tool },
          { id: "beside", tool: "hash", args: { text: "b", rounds: 10 } },
        ],
      );
      expectThreadError(byId.get("x")?.error, "load", message);
      expect(byId.get("beside")?.status).toBe("succeeded");
      expect(after?.status).toBe("succeeded");
    },
  );
});

describe("thread calls", () => {
  it("fail with reason input when their input cannot be sent to a thread", async () => {
    const { byId, after } = await runOnce(
      [],
      [{ id: "x", tool: "hash", args: { text: "a", rounds: 1, callback: () => 1 } }],
    );
    expect(after?.status).toBe("succeeded");
    expectThreadError(
      byId.get("x")?.error,
      "input",
      /the input cannot be sent to a thread: .*could not be cloned/,
    );
  });

  it("keep the kind of a weft error thrown in the thread", async () => {
    const { byId } = await runOnce(
      [threadTool(fixture("weft-error-tool.js"), "strict")],
      [{ id: "x", tool: "strict" }],
    );
    const error = byId.get("x")?.error;
    expect(ToolInputError.isInstance(error)).toBe(true);
    expect(WeftError.isInstance(error)).toBe(true);
    expect(error?.code).toBe("TOOL_INPUT_INVALID");
    expect((error as ToolInputError).issues).toEqual([{ path: "x", message: "too big" }]);
    expect((error as WeftError).toJSON()).toMatchObject({ code: "TOOL_INPUT_INVALID", toolName: "strict" });
  });

  it("fail with reason closed when the executor is closed under them; a later call starts a new pool", async () => {
    const executor = new Executor({ tools: [threadTool(threadTools, "spin")], threads: { maxThreads: 1 } });
    try {
      const run = executor.run([{ id: "x", tool: "spin", args: {} }]);
      run.subscribe((event) => {
        if (event.type === "call-start") setTimeout(() => void executor.close(), 50);
      });
      const result = await run.result();
      expectThreadError(result.calls[0]?.error, "closed", /the executor was closed while the call ran/);
      const again = await executor.run([{ id: "y", tool: "spin", args: { ms: 1 } }]).result();
      expect(again.status).toBe("succeeded");
    } finally {
      await executor.close();
    }
  });
});
