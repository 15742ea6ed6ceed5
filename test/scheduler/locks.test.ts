import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fsListTool, fsReadTool, fsWriteTool } from "../../src/builtin/index.js";
import { defineTool, Executor, type ResourceClaim, type Tool, ToolResourcesError } from "../../src/index.js";
import type { Schedulable } from "../../src/scheduler/admission.js";
import { LockTable } from "../../src/scheduler/lock-table.js";
import { toolGroupKey } from "../../src/tool/annotations.js";
import { resolveTool } from "../../src/tool/resolve-tool.js";
import { useTemporaryDirectories } from "../builtin/helpers.js";
import { type Deferred, deferred, waitFor } from "../helpers.js";
import { type KeyedInput, keyedTool, LockWatch, read, write } from "./lock-watch.js";

const call = (id: string, claims: ResourceClaim[], extra: { ticks?: number; after?: string[] } = {}) => ({
  id,
  tool: "keyed",
  args: { claims, ticks: extra.ticks ?? 1 } satisfies KeyedInput,
  ...(extra.after === undefined ? {} : { after: extra.after }),
});

/** A chain of `length` quick calls after `id`: it raises `id`'s critical-path rank above its neighbours'. */
const chainAfter = (id: string, length: number) =>
  Array.from({ length }, (_, index) => ({
    id: `${id}-tail${index}`,
    tool: "plain",
    after: [index === 0 ? id : `${id}-tail${index - 1}`],
  }));

const plain: Tool = { name: "plain", execute: () => "ok" };

describe("resource locks", () => {
  it("lets calls reading one key run together", async () => {
    const watch = new LockWatch();
    const release = deferred();
    const executor = new Executor({ tools: [keyedTool("keyed", watch, { gate: () => release.promise })] });
    const run = executor.run([call("r1", [read("k")]), call("r2", [read("k")]), call("r3", [read("k")])]);
    await waitFor(() => watch.starts.length === 3);
    expect(watch.maxReaders).toBe(3);
    release.resolve();
    expect((await run.result()).status).toBe("succeeded");
    expect(watch.conflicts).toEqual([]);
  });

  it("runs a writer alone with its key, and later readers after it", async () => {
    const watch = new LockWatch();
    const gates = new Map([["r1", deferred()]]);
    const executor = new Executor({
      tools: [keyedTool("keyed", watch, { gate: (id) => gates.get(id)?.promise })],
    });
    const run = executor.run([call("r1", [read("k")]), call("w", [write("k")]), call("r2", [read("k")])]);
    await waitFor(() => watch.starts.length === 1);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    // r2 could share the key with r1, but the writer ahead of it in line comes first.
    expect(watch.starts).toEqual(["r1"]);
    gates.get("r1")?.resolve();
    expect((await run.result()).status).toBe("succeeded");
    expect(watch.starts).toEqual(["r1", "w", "r2"]);
    expect(watch.conflicts).toEqual([]);
  });

  it("keeps two writes to one key in plan order when the scheduler would rather start the second", async () => {
    let content = "";
    const slowWrite: Tool<{ text: string }> = {
      name: "slowWrite",
      resources: () => [write("file:a.txt")],
      async execute(input) {
        for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setImmediate(resolve));
        content = input.text;
      },
    };
    const fastWrite: Tool<{ text: string }> = {
      name: "fastWrite",
      estimateMs: 1000,
      resources: () => [write("file:a.txt")],
      execute(input) {
        content = input.text;
      },
    };
    const events: string[] = [];
    const executor = new Executor({ tools: [slowWrite, fastWrite, plain] });
    const result = await executor
      .run(
        [
          { id: "first", tool: "slowWrite", args: { text: "first" } },
          // Faster, and ranked far higher (estimate 1000 and a chain behind it): alone it would start first.
          { id: "second", tool: "fastWrite", args: { text: "second" } },
          ...chainAfter("second", 3),
        ],
        {
          onEvent: (event) => {
            if (event.type === "call-start" || event.type === "call-end")
              events.push(`${event.type} ${event.callId}`);
          },
        },
      )
      .result();
    expect(result.status).toBe("succeeded");
    expect(events.indexOf("call-end first")).toBeLessThan(events.indexOf("call-start second"));
    expect(content).toBe("second");
  });

  it("grants a call's keys all together or not at all", async () => {
    const watch = new LockWatch();
    const gates = new Map([
      ["holdA", deferred()],
      ["opener", deferred()],
    ]);
    const executor = new Executor({
      tools: [keyedTool("keyed", watch, { gate: (id) => gates.get(id)?.promise })],
    });
    const run = executor.run([
      call("opener", []),
      // Earlier in the plan than "both", but ready only once "opener" ends.
      call("readB", [read("b")], { after: ["opener"] }),
      call("holdA", [write("a")]),
      call("both", [write("a"), write("b")]),
    ]);
    await waitFor(() => watch.isRunning("holdA") && watch.isRunning("opener"));
    gates.get("opener")?.resolve();
    // "both" waits for a; it holds nothing meanwhile, so readB takes b at once.
    await waitFor(() => watch.ends.includes("readB"));
    expect(watch.starts).not.toContain("both");
    gates.get("holdA")?.resolve();
    expect((await run.result()).status).toBe("succeeded");
    expect(watch.starts.indexOf("both")).toBeGreaterThan(watch.starts.indexOf("readB"));
    expect(watch.conflicts).toEqual([]);
  });

  it("never deadlocks when calls name their keys in crossed orders", async () => {
    const watch = new LockWatch();
    const executor = new Executor({ concurrency: 8, tools: [keyedTool("keyed", watch)] });
    const calls = Array.from({ length: 60 }, (_, index) =>
      call(`c${index}`, index % 2 === 0 ? [write("a"), write("b")] : [write("b"), write("a")], {
        ticks: index % 3,
      }),
    );
    const result = await Promise.race([
      executor.run(calls).result(),
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error("deadlock")), 5000)),
    ]);
    expect(result.status).toBe("succeeded");
    expect(watch.conflicts).toEqual([]);
    // Each holds both keys, so they ran one at a time, in plan order.
    expect(watch.starts).toEqual(calls.map((entry) => entry.id));
  });

  it("does not starve a writer with a stream of later readers", async () => {
    const watch = new LockWatch();
    const gates = new Map<string, Deferred<void>>();
    const gateOf = (id: string) => {
      let gate = gates.get(id);
      if (gate === undefined) {
        gate = deferred();
        gates.set(id, gate);
      }
      return gate;
    };
    const executor = new Executor({
      concurrency: 16,
      tools: [keyedTool("keyed", watch, { gate: (id) => gateOf(id).promise })],
    });
    const run = executor.run([], { isOpen: true });
    run.add([call("r0", [read("k")]), call("r1", [read("k")])]);
    await waitFor(() => watch.starts.length === 2);
    run.add(call("writer", [write("k")]));
    // Readers keep arriving, each overlapping the one before: without a line, the key would never be free.
    for (let index = 2; index < 12; index++) {
      run.add(call(`r${index}`, [read("k")]));
      gateOf(`r${index - 2}`).resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    gateOf("r10").resolve();
    gateOf("r11").resolve();
    gateOf("writer").resolve();
    run.end();
    expect((await run.result()).status).toBe("succeeded");
    expect(watch.starts.slice(0, 3)).toEqual(["r0", "r1", "writer"]);
    expect(watch.conflicts).toEqual([]);
  });

  it("fails only the call whose resources function throws or returns garbage, naming the tool and the field", async () => {
    const watch = new LockWatch();
    const picky: Tool<{ what: string }> = {
      name: "picky",
      resources: (input) => {
        switch (input.what) {
          case "throw":
            throw new Error("no idea which file");
          case "object":
            return { key: "k", mode: "read" } as unknown as ResourceClaim[];
          case "empty-key":
            return [{ key: "", mode: "write" }];
          case "bad-mode":
            return [{ key: "k", mode: "delete" as "write" }];
          case "null-entry":
            return [null as unknown as ResourceClaim];
          default:
            return [write("k")];
        }
      },
      execute: () => "ok",
    };
    const executor = new Executor({ tools: [picky, keyedTool("keyed", watch)] });
    const whats = ["throw", "object", "empty-key", "bad-mode", "null-entry", "fine"];
    const result = await executor
      .run([
        ...whats.map((what) => ({ id: what, tool: "picky", args: { what } })),
        { id: "dependent", tool: "picky", args: { what: "fine" }, after: ["throw"] },
        call("other", [write("k")]),
      ])
      .result();
    const byId = new Map(result.calls.map((entry) => [entry.id, entry]));
    for (const what of whats.slice(0, 5)) {
      const outcome = byId.get(what);
      expect(outcome?.status).toBe("failed");
      expect(outcome?.attempts).toBe(0);
      expect(ToolResourcesError.isInstance(outcome?.error)).toBe(true);
      expect(outcome?.error?.code).toBe("TOOL_RESOURCES_INVALID");
      expect(outcome?.error?.message).toContain('tool "picky"');
      expect(outcome?.error?.message).toContain("`resources`");
    }
    expect(byId.get("throw")?.error?.message).toContain("no idea which file");
    expect(byId.get("bad-mode")?.error?.message).toContain('"delete"');
    expect(byId.get("fine")?.status).toBe("succeeded");
    expect(byId.get("other")?.status).toBe("succeeded");
    expect(byId.get("dependent")?.status).toBe("skipped");
  });

  it("checks `resources` and `annotations` when the tool is defined", () => {
    expect(() => defineTool({ name: "bad", resources: 42 as never, execute: () => 1 })).toThrow(
      /Tool "bad": expected `resources` to be a function/,
    );
    expect(() =>
      defineTool({ name: "hinted", annotations: { readOnlyHint: "yes" as never }, execute: () => 1 }),
    ).toThrow(/Tool "hinted": expected `annotations.readOnlyHint` to be a boolean/);
    expect(() => defineTool({ name: "hinted", annotations: [] as never, execute: () => 1 })).toThrow(
      /`annotations` to be an object/,
    );
    const executor = new Executor({ tools: [plain] });
    expect(() => executor.run([], { policies: { plain: { resources: "file:a" as never } } })).toThrow(
      /Tool "plain": expected `resources` to be a function/,
    );
  });

  it("forgets a cancelled call waiting in line, letting the calls behind it go", async () => {
    const watch = new LockWatch();
    const gates = new Map([["busy", deferred()]]);
    const tools = [
      // One call at a time: "queued" waits for "busy" to free the tool's slot, in line for k meanwhile.
      keyedTool("limited", watch, { gate: (id) => gates.get(id)?.promise, extra: { concurrency: 1 } }),
      keyedTool("keyed", watch),
    ];
    const executor = new Executor({ tools });
    const first = executor.run([{ id: "busy", tool: "limited", args: { claims: [write("other")] } }]);
    const second = executor.run([{ id: "queued", tool: "limited", args: { claims: [write("k")] } }]);
    await waitFor(() => watch.isRunning("busy"));
    const third = executor.run([call("reader", [read("k")])]);
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The write ahead of it in line holds the reader back, though nobody holds k.
    expect(watch.starts).not.toContain("reader");
    second.cancel();
    const thirdResult = await Promise.race([
      third.result(),
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error("never woken")), 5000)),
    ]);
    expect(thirdResult.status).toBe("succeeded");
    expect(watch.isRunning("busy")).toBe(true);
    expect((await second.result()).calls[0]?.status).toBe("cancelled");
    gates.get("busy")?.resolve();
    expect((await first.result()).status).toBe("succeeded");
    expect(watch.starts).not.toContain("queued");
  });

  it("does not wedge when a tool's concurrency limit hands its slot to a call the locks hold back", async () => {
    const watch = new LockWatch();
    const tools = [keyedTool("limited", watch, { extra: { concurrency: 1 } }), plain];
    const executor = new Executor({ tools });
    const limited = (id: string, claims: ResourceClaim[]) => ({
      id,
      tool: "limited",
      args: { claims, ticks: 3 },
    });
    // "late" outranks "early" (a chain behind it), so the tool's gate hands its slot to "late" first; the locks then
    // hold "late" back behind "early", which must get the slot instead.
    const result = await Promise.race([
      executor
        .run([
          limited("running", [write("other")]),
          ...chainAfter("running", 6),
          limited("early", [write("k")]),
          limited("late", [write("k")]),
          ...chainAfter("late", 3),
        ])
        .result(),
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error("wedged")), 5000)),
    ]);
    expect(result.status).toBe("succeeded");
    expect(watch.starts.indexOf("early")).toBeLessThan(watch.starts.indexOf("late"));
    expect(watch.conflicts).toEqual([]);
  });

  it("takes resources from a run's policies for a tool that declares none", async () => {
    const watch = new LockWatch();
    const bare = keyedTool("keyed", watch, { extra: { resources: undefined } });
    const executor = new Executor({ tools: [bare] });
    const calls = [call("w1", [write("k")], { ticks: 3 }), call("w2", [write("k")], { ticks: 3 })];
    await executor.run(calls).result();
    expect(watch.conflicts.length).toBeGreaterThan(0);
    const locked = new LockWatch();
    const lockedTool = keyedTool("keyed", locked, { extra: { resources: undefined } });
    const second = new Executor({ tools: [lockedTool] });
    const result = await second
      .run(calls, { policies: { keyed: { resources: (input: KeyedInput) => input.claims } } })
      .result();
    expect(result.status).toBe("succeeded");
    expect(locked.conflicts).toEqual([]);
  });
});

describe("MCP-style annotations", () => {
  const hinted = (name: string, annotations: Tool["annotations"], watch: LockWatch, ticks = 3): Tool => ({
    name,
    annotations,
    async execute(_input, context) {
      const claims = [
        { key: toolGroupKey(name), mode: annotations?.readOnlyHint ? "read" : "write" } as const,
      ];
      watch.enter(context.callId, claims);
      for (let tick = 0; tick < ticks; tick++) await new Promise((resolve) => setImmediate(resolve));
      watch.leave(context.callId, claims);
    },
  });

  it("lets read-only tools of a group run together and runs destructive ones alone with the group", async () => {
    const watch = new LockWatch();
    const executor = new Executor({
      tools: [
        hinted("db.query", { readOnlyHint: true }, watch),
        hinted("db.schema", { readOnlyHint: true }, watch),
        hinted("db.drop", { destructiveHint: true }, watch),
      ],
    });
    const result = await executor
      .run([
        { id: "q1", tool: "db.query" },
        { id: "s1", tool: "db.schema" },
        { id: "drop", tool: "db.drop" },
        { id: "q2", tool: "db.query" },
      ])
      .result();
    expect(result.status).toBe("succeeded");
    expect(watch.maxReaders).toBe(2);
    expect(watch.conflicts).toEqual([]);
    expect(watch.starts).toEqual(["q1", "s1", "drop", "q2"]);
  });

  it("gives tools without hints, or with other hints, no locks; idempotentHint makes a tool idempotent", async () => {
    expect(toolGroupKey("github.create_issue")).toBe("tool-group:github");
    expect(toolGroupKey("search")).toBe("tool-group:search");
    expect(resolveTool({ ...plain, annotations: { title: "Plain" } }).policy.resources).toBeUndefined();
    expect(
      resolveTool({ ...plain, name: "p2", annotations: { destructiveHint: false } }).policy.resources,
    ).toBe(undefined);
    const idempotent = resolveTool({ ...plain, name: "p3", annotations: { idempotentHint: true } });
    expect(idempotent.policy.idempotent).toBe(true);
    const overridden = resolveTool({
      ...plain,
      name: "p4",
      idempotent: false,
      annotations: { idempotentHint: true },
    });
    expect(overridden.policy.idempotent).toBe(false);
    // A tool's own resources win over its hints.
    const own = resolveTool({
      ...plain,
      name: "p5",
      annotations: { destructiveHint: true },
      resources: () => [read("mine")],
    });
    expect(own.policy.resources?.({})).toEqual([read("mine")]);
    const destructive = resolveTool({ ...plain, name: "p6.x", annotations: { destructiveHint: true } });
    expect(destructive.policy.resources?.({})).toEqual([write("tool-group:p6")]);
  });
});

describe("the built-in file tools", () => {
  const temporaryDirectory = useTemporaryDirectories();

  it("declare their paths: a file's key, and for a write the folders above it up to the root", async () => {
    const root = await temporaryDirectory();
    const claimsOf = (tool: Tool, input: unknown) => resolveTool(tool).policy.resources?.(input);
    expect(claimsOf(fsReadTool(root), { path: "a/b.txt" })).toEqual([read(`file:${join(root, "a/b.txt")}`)]);
    expect(claimsOf(fsListTool(root), { path: "a" })).toEqual([write(`dir:${join(root, "a")}`)]);
    expect(claimsOf(fsWriteTool(root), { path: "a/b/c.txt" })).toEqual([
      write(`file:${join(root, "a/b/c.txt")}`),
      read(`dir:${join(root, "a/b")}`),
      read(`dir:${join(root, "a")}`),
      read(`dir:${root}`),
    ]);
    expect(claimsOf(fsWriteTool(root), { path: "./x/../c.txt" })).toEqual([
      write(`file:${join(root, "c.txt")}`),
      read(`dir:${root}`),
    ]);
  });

  it("append to one file in plan order, and list a folder before and after a write in plan order", async () => {
    const root = await temporaryDirectory();
    const executor = new Executor({ tools: [fsWriteTool(root), fsListTool(root), plain] });
    const appends = [1, 2, 3, 4, 5].flatMap((index) => [
      {
        id: `w${index}`,
        tool: "fs.write",
        args: { path: "log.txt", content: String(index), mode: "append" },
      },
      // Later writes get longer chains behind them, so the scheduler ranks them first.
      ...chainAfter(`w${index}`, index),
    ]);
    const listings = [
      { id: "before", tool: "fs.list", args: { path: "sub", recursive: true } },
      { id: "write", tool: "fs.write", args: { path: "sub/deep/x.txt", content: "x" } },
      ...chainAfter("write", 4),
      { id: "after", tool: "fs.list", args: { path: "sub", recursive: true } },
    ];
    await executor
      .run([{ id: "mkdir", tool: "fs.write", args: { path: "sub/keep.txt", content: "" } }])
      .result();
    const result = await executor.run([...appends, ...listings]).result();
    expect(result.status).toBe("succeeded");
    expect(await readFile(join(root, "log.txt"), "utf8")).toBe("12345");
    const byId = new Map(result.calls.map((entry) => [entry.id, entry]));
    const paths = (id: string) =>
      (byId.get(id)?.output as { entries: { path: string }[] } | undefined)?.entries.map(
        (entry) => entry.path,
      );
    expect(paths("before")).not.toContain("sub/deep/x.txt");
    expect(paths("after")).toContain("sub/deep/x.txt");
  });
});

describe("LockTable", () => {
  let sequence = 0;
  const item = (claims: ResourceClaim[]): Schedulable & { claims: ResourceClaim[] } => ({
    claims,
    rank: 0,
    sequence: sequence++,
    heapTicket: 0,
    queuedIn: undefined,
    gates: [],
    dispatch: () => true,
  });
  const table = () => new LockTable((entry) => (entry as ReturnType<typeof item>).claims);
  const host = () => {
    const requeued: Schedulable[] = [];
    return {
      requeued,
      requeue: (entry: Schedulable) => requeued.push(entry),
      wake: () => {},
      now: () => 0,
      schedule: () => ({ cancel: () => {}, restart: () => {} }),
    };
  };

  it("wakes a call waiting for two keys only when both may be granted, and leaves no key behind", () => {
    const locks = table();
    const scheduler = host();
    const holdA = item([write("a")]);
    const holdB = item([read("b")]);
    const both = item([write("a"), write("b")]);
    for (const entry of [holdA, holdB, both]) locks.enter(entry);
    locks.acquire(holdA);
    locks.acquire(holdB);
    expect(locks.admits(both)).toBe(false);
    locks.hold(both, scheduler);
    locks.release(holdA, scheduler);
    expect(scheduler.requeued).toEqual([]);
    locks.release(holdB, scheduler);
    expect(scheduler.requeued).toEqual([both]);
    expect(locks.admits(both)).toBe(true);
    locks.acquire(both);
    locks.release(both, scheduler);
    expect(locks.size).toBe(0);
    expect(locks.waiting).toBe(0);
  });

  it("lets an earlier call that became ready late go before later calls in line", () => {
    const locks = table();
    const early = item([write("k")]);
    const late = item([write("k")]);
    locks.enter(late);
    expect(locks.admits(early)).toBe(true);
    expect(locks.admits(late)).toBe(true);
    locks.enter(early);
    expect(locks.admits(late)).toBe(false);
  });
});
