import { describe, expect, it } from "vitest";
import type { CacheEntry, CacheStore } from "../../src/index.js";
import { defineTool, Executor, MemoryCacheStore } from "../../src/index.js";
import { describeCacheStore } from "../store/cache-store.case.js";

/** A store across a pretend network: every answer comes a few turns of the event loop later. */
class RemoteCacheStore implements CacheStore {
  readonly #memory = new MemoryCacheStore();
  lookups = 0;
  #answer<Value>(compute: () => Value): Promise<Value> {
    return new Promise((resolve) => setTimeout(() => resolve(compute()), 2));
  }
  get(key: string): Promise<CacheEntry | undefined> {
    this.lookups++;
    return this.#answer(() => this.#memory.get(key));
  }
  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    return this.#answer(() => this.#memory.set(key, value, ttlMs));
  }
  delete(key: string): Promise<void> {
    return this.#answer(() => this.#memory.delete(key));
  }
}

describeCacheStore("a store that answers with promises", () => new RemoteCacheStore());

function countingTool() {
  const executions: unknown[] = [];
  const tool = defineTool({
    name: "square",
    idempotent: true,
    cache: { ttlMs: 60_000 },
    execute: (input: unknown) => {
      executions.push(input);
      return ((input as { n: number }).n ?? 0) ** 2;
    },
  });
  return { tool, executions };
}

describe("an executor with a cache that answers with promises", () => {
  it("serves a later run's call from it, without running the tool again", async () => {
    const { tool, executions } = countingTool();
    const cache = new RemoteCacheStore();
    const executor = new Executor({ tools: [tool], cache });
    const first = await executor.run([{ id: "a", tool: "square", args: { n: 3 } }]).result();
    expect(first.calls[0]?.output).toBe(9);
    // The write is done once its promise has resolved.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await executor.run([{ id: "b", tool: "square", args: { n: 3 } }]).result();
    expect(second.calls[0]).toMatchObject({ status: "succeeded", output: 9, isCached: true });
    expect(executions).toHaveLength(1);
    expect(cache.lookups).toBe(2);
  });

  it("runs the call when a lookup throws, rejects or answers garbage, and succeeds when a write fails", async () => {
    const stores: CacheStore[] = [
      {
        get: () => Promise.reject(new Error("down")),
        set: () => Promise.reject(new Error("down")),
        delete() {},
      },
      {
        get: () => {
          throw new Error("down");
        },
        set: () => {
          throw new Error("down");
        },
        delete() {},
      },
      { get: () => Promise.resolve("garbage" as never), set: () => Promise.resolve(), delete() {} },
    ];
    for (const cache of stores) {
      const { tool, executions } = countingTool();
      const executor = new Executor({ tools: [tool], cache });
      const result = await executor.run([{ id: "a", tool: "square", args: { n: 4 } }]).result();
      expect(result.calls[0]).toMatchObject({ status: "succeeded", output: 16, isCached: false });
      expect(executions).toHaveLength(1);
    }
  });

  it("never starts a call whose run was cancelled while its lookup was pending", async () => {
    const { tool, executions } = countingTool();
    let answer: ((entry: CacheEntry | undefined) => void) | undefined;
    const cache: CacheStore = {
      get: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
      set() {},
      delete() {},
    };
    const run = new Executor({ tools: [tool], cache }).run([{ id: "a", tool: "square", args: { n: 5 } }]);
    for (let turn = 0; answer === undefined && turn < 100; turn++) await new Promise(setImmediate);
    expect(answer).toBeDefined();
    run.cancel();
    answer?.(undefined);
    const result = await run.result();
    expect(result.calls[0]?.status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(executions).toEqual([]);
  });
});
