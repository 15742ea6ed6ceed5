import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { McpWeftTool } from "../../src/adapters/mcp/index.js";
import { McpConnectionError, McpResultError, mcpTools } from "../../src/adapters/mcp/index.js";
import { Executor, ToolTimeoutError } from "../../src/index.js";
import { deferred } from "../helpers.js";
import { everythingBin, fixtureServer, Opened, textOf } from "./helpers.js";

const opened = new Opened();
afterEach(() => opened.closeAll());

const fixture = { name: "fixture", command: process.execPath, args: [fixtureServer] };

async function waitFor(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 500 && !condition(); turn++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe("weft/mcp faults", () => {
  it("rejects a command that does not exist with a clear error", async () => {
    const attempt = mcpTools({ name: "missing", command: "/nonexistent/mcp-server" });
    await expect(attempt).rejects.toSatisfy(McpConnectionError.isInstance);
    await expect(attempt).rejects.toThrow(/MCP server "missing" failed to start: .*ENOENT/);
  });

  it("rejects a server that exits at start with its stderr", async () => {
    const attempt = mcpTools({ ...fixture, args: [fixtureServer, "--fail-at-start"] });
    const error = await attempt.catch((thrown: unknown) => thrown);
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect((error as McpConnectionError).phase).toBe("start");
    expect((error as McpConnectionError).stderr).toContain("cannot open config file");
    expect((error as Error).message).toContain("cannot open config file");
  });

  it("checks the server description up front", async () => {
    await expect(mcpTools({ name: "a.b", command: "x" })).rejects.toThrow(TypeError);
    await expect(mcpTools({ name: "a", command: "x", url: "http://localhost" } as never)).rejects.toThrow(
      /exactly one of/,
    );
    await expect(mcpTools({ name: "a", command: "x" }, { timeoutMs: -1 })).rejects.toThrow(RangeError);
  });

  it("leaves out a tool whose schema cannot be compiled, with a warning; the rest work", async () => {
    const warnings: string[] = [];
    const toolSet = await opened.tools(fixture, { onWarning: (message) => warnings.push(message) });
    expect(toolSet.tools.map((tool) => tool.name)).toEqual([
      "fixture.good",
      "fixture.hang",
      "fixture.add_tool",
      "fixture.malformed",
      "fixture.one_at_a_time",
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"fixture.bad_schema"');
    const result = await new Executor({ tools: toolSet.tools })
      .run({ calls: [{ id: "g", tool: "fixture.good", args: { text: "ok" } }] })
      .result();
    expect(textOf(result.calls[0]?.output)).toBe('good: {"text":"ok"}');
  });

  it("times a hung call out with the tool's timeoutMs", async () => {
    const toolSet = await opened.tools(fixture, { timeoutMs: 300, onWarning: () => {} });
    const result = await new Executor({ tools: toolSet.tools })
      .run({ calls: [{ id: "h", tool: "fixture.hang" }] })
      .result();
    expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
  });

  it("fails a call whose result is malformed with a clear error; the connection keeps working", async () => {
    const toolSet = await opened.tools(fixture, { onWarning: () => {} });
    const executor = new Executor({ tools: toolSet.tools });
    const bad = await executor.run({ calls: [{ id: "bad", tool: "fixture.malformed" }] }).result();
    const error = bad.calls[0]?.error;
    expect(McpResultError.isInstance(error)).toBe(true);
    expect((error as McpResultError).problems).toEqual([
      "content.0.text: Invalid input: expected string, received undefined",
      "isError: Invalid input: expected boolean, received string",
    ]);
    expect(error?.message).toContain(
      'MCP server "fixture" answered tool "fixture.malformed" with a malformed result',
    );
    const next = await executor
      .run({ calls: [{ id: "next", tool: "fixture.good", args: { text: "fine" } }] })
      .result();
    expect(textOf(next.calls[0]?.output)).toBe('good: {"text":"fine"}');
  });

  it("spreads calls over a pool of connections for a server that handles one request at a time", async () => {
    const overlapWith = async (connections: number) => {
      const toolSet = await opened.tools({ ...fixture, connections }, { onWarning: () => {} });
      const calls = [1, 2, 3].map((n) => ({ id: `c${n}`, tool: "fixture.one_at_a_time", args: { ms: 800 } }));
      const result = await new Executor({ tools: toolSet.tools }).run({ calls }).result();
      const served = result.calls.map(
        (call) => JSON.parse(textOf(call.output)) as { pid: number; startedAt: number; endedAt: number },
      );
      const most = Math.max(
        ...served.map(
          (one) =>
            served.filter((other) => other.startedAt <= one.startedAt && one.startedAt < other.endedAt)
              .length,
        ),
      );
      return { most, pids: new Set(served.map((one) => one.pid)), open: toolSet.serverPids.length };
    };
    const single = await overlapWith(1);
    expect(single).toEqual({ most: 1, pids: new Set(single.pids), open: 1 });
    expect(single.pids.size).toBe(1);
    const pooled = await overlapWith(3);
    // Three processes, one call each. The first call starts at once on the connection opened to list the tools, the
    // other two once their processes are up, so at least two (usually three) run at once.
    expect(pooled.pids.size).toBe(3);
    expect(pooled.open).toBe(3);
    expect(pooled.most).toBeGreaterThanOrEqual(2);
  });

  it("re-lists the tools when the server announces a change", async () => {
    const changed = deferred<readonly McpWeftTool[]>();
    const toolSet = await opened.tools(fixture, { onWarning: () => {}, onToolsChanged: changed.resolve });
    await new Executor({ tools: toolSet.tools })
      .run({ calls: [{ id: "add", tool: "fixture.add_tool" }] })
      .result();
    const tools = await changed.promise;
    expect(tools.map((tool) => tool.name)).toContain("fixture.added");
    expect(toolSet.tools).toBe(tools);
  });

  it("fails the calls in flight when the server dies, and reconnects on the next call", async () => {
    const everything = await opened.tools({ name: "everything", command: everythingBin });
    const firstPid = everything.serverPid;
    expect(firstPid).toBeTypeOf("number");
    const executor = new Executor({ tools: everything.tools });
    const run = executor.run({
      calls: [
        { id: "long", tool: "everything.trigger-long-running-operation", args: { duration: 60, steps: 60 } },
      ],
    });
    run.subscribe((event) => {
      if (event.type === "call-start") setTimeout(() => process.kill(firstPid as number, "SIGKILL"), 200);
    });
    const result = await run.result();
    const error = result.calls[0]?.error;
    expect(result.calls[0]?.status).toBe("failed");
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect((error as McpConnectionError).phase).toBe("call");
    const next = await executor
      .run({ calls: [{ id: "e", tool: "everything.echo", args: { message: "back" } }] })
      .result();
    expect(textOf(next.calls[0]?.output)).toContain("back");
    expect(everything.serverPid).not.toBe(firstPid);
  });

  it("waits before starting again a server that failed to start, failing calls at once meanwhile", async () => {
    const marker = join(await opened.directory(), "started");
    const toolSet = await opened.tools(
      { ...fixture, args: [fixtureServer, "--fail-on-restart", marker] },
      { onWarning: () => {} },
    );
    const executor = new Executor({ tools: toolSet.tools });
    const call = async () =>
      (await executor.run({ calls: [{ id: "g", tool: "fixture.good", args: { text: "x" } }] }).result())
        .calls[0]?.error as McpConnectionError | undefined;
    process.kill(toolSet.serverPid as number, "SIGKILL");
    await waitFor(() => toolSet.serverPid === undefined);
    const restartFailed = await call();
    expect(restartFailed?.phase).toBe("start");
    expect(restartFailed?.stderr).toContain("the port is still held");
    const heldBack = await call();
    expect(heldBack?.phase).toBe("start");
    expect(heldBack?.message).toMatch(/its last start failed .*; the next start is tried in \d+ ms/);
    expect(heldBack?.stderr).toContain("the port is still held");
    // The first start and one restart: the call held back started no process.
    expect((await readFile(`${marker}.starts`, "utf8")).trim().split("\n")).toHaveLength(2);
  });

  it("fails calls after close", async () => {
    const toolSet = await mcpTools(fixture, { onWarning: () => {} });
    await toolSet.close();
    const result = await new Executor({ tools: toolSet.tools })
      .run({ calls: [{ id: "g", tool: "fixture.good", args: { text: "x" } }] })
      .result();
    expect(result.calls[0]?.error).toMatchObject({ code: "MCP_CONNECTION_FAILED", phase: "closed" });
  });
});
