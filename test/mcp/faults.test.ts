import { afterEach, describe, expect, it } from "vitest";
import type { McpWeftTool } from "../../src/adapters/mcp/index.js";
import { McpConnectionError, mcpTools } from "../../src/adapters/mcp/index.js";
import { Executor, ToolTimeoutError } from "../../src/index.js";
import { deferred } from "../helpers.js";
import { everythingBin, fixtureServer, Opened, textOf } from "./helpers.js";

const opened = new Opened();
afterEach(() => opened.closeAll());

const fixture = { name: "fixture", command: process.execPath, args: [fixtureServer] };

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

  it("fails calls after close", async () => {
    const toolSet = await mcpTools(fixture, { onWarning: () => {} });
    await toolSet.close();
    const result = await new Executor({ tools: toolSet.tools })
      .run({ calls: [{ id: "g", tool: "fixture.good", args: { text: "x" } }] })
      .result();
    expect(result.calls[0]?.error).toMatchObject({ code: "MCP_CONNECTION_FAILED", phase: "closed" });
  });
});
