import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { McpConnectionError, mcpTools } from "../../src/adapters/mcp/index.js";
import { Executor, type WeftEvent } from "../../src/index.js";
import { everythingBin, Opened, textOf } from "./helpers.js";

const opened = new Opened();
const children: ChildProcess[] = [];

afterEach(async () => {
  await opened.closeAll();
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the real everything server in its Streamable HTTP mode and resolves with its URL once it listens. */
async function startEverythingOverHttp(
  port?: number,
): Promise<{ url: string; port: number; child: ChildProcess }> {
  port ??= await freePort();
  const child = spawn(everythingBin, ["streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes("listening on port")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the everything server exited with ${code}: ${stderr}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, port, child };
}

describe("weft/mcp over Streamable HTTP, with the real everything server", () => {
  it("runs calls concurrently over one session, with progress and image content", async () => {
    const { url } = await startEverythingOverHttp();
    const remote = await opened.tools({ name: "remote", url });
    expect(remote.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["remote.echo", "remote.get-sum", "remote.trigger-long-running-operation"]),
    );
    const executor = new Executor({ tools: remote.tools });
    const events: WeftEvent[] = [];
    const result = await executor
      .run(
        {
          calls: [
            { id: "long", tool: "remote.trigger-long-running-operation", args: { duration: 1, steps: 4 } },
            { id: "echo", tool: "remote.echo", args: { message: "over http" } },
            { id: "sum", tool: "remote.get-sum", args: { a: 20, b: 22 } },
            { id: "image", tool: "remote.get-tiny-image" },
          ],
        },
        { onEvent: (event) => events.push(event) },
      )
      .result();
    expect(result.status).toBe("succeeded");
    const byId = new Map(result.calls.map((call) => [call.id, call]));
    expect(textOf(byId.get("echo")?.output)).toContain("over http");
    expect(textOf(byId.get("sum")?.output)).toContain("42");
    const image = byId.get("image")?.output as { content: { type: string }[] } | undefined;
    expect(image?.content.some((block) => block.type === "image")).toBe(true);
    // The quick calls ended while the long one was still running: one session carried them all at once.
    const longEnd = byId.get("long")?.endMs ?? 0;
    expect(byId.get("echo")?.endMs).toBeLessThan(longEnd);
    expect(events.filter((event) => event.type === "call-progress").length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a bad argument by the tool's schema before sending it, and the session keeps working", async () => {
    const { url } = await startEverythingOverHttp();
    const remote = await opened.tools({ name: "remote", url });
    const executor = new Executor({ tools: remote.tools });
    const result = await executor
      .run({ calls: [{ id: "bad", tool: "remote.get-sum", args: { a: "two", b: 2 } }] })
      .result();
    expect(result.calls[0]?.status).toBe("failed");
    expect(result.calls[0]?.error?.code).toBe("TOOL_INPUT_INVALID");
    const echo = await executor
      .run({ calls: [{ id: "e", tool: "remote.echo", args: { message: "still here" } }] })
      .result();
    expect(textOf(echo.calls[0]?.output)).toContain("still here");
  });

  it("rejects a URL where no server listens with McpConnectionError", async () => {
    const port = await freePort();
    const attempt = mcpTools(
      { name: "nowhere", url: `http://127.0.0.1:${port}/mcp` },
      { connectTimeoutMs: 5_000 },
    );
    const error = await attempt.catch((thrown: unknown) => thrown);
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect((error as McpConnectionError).phase).toBe("start");
    expect((error as Error).message).toContain('MCP server "nowhere" failed to start');
  });

  it("fails the call in flight when the server dies, and reconnects once it is back", async () => {
    const { url, port, child } = await startEverythingOverHttp();
    const remote = await opened.tools({ name: "remote", url });
    const executor = new Executor({ tools: remote.tools });
    const run = executor.run({
      calls: [
        { id: "long", tool: "remote.trigger-long-running-operation", args: { duration: 30, steps: 30 } },
      ],
    });
    await new Promise<void>((resolve) =>
      run.subscribe((event) => {
        if (event.type === "call-progress") resolve();
      }),
    );
    const killedAt = Date.now();
    child.kill("SIGKILL");
    const result = await run.result();
    const error = result.calls[0]?.error;
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect((error as McpConnectionError).phase).toBe("call");
    // Well before the 60 s default timeout: the broken stream failed the call.
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    await startEverythingOverHttp(port);
    const echo = await executor
      .run({ calls: [{ id: "e", tool: "remote.echo", args: { message: "back again" } }] })
      .result();
    expect(textOf(echo.calls[0]?.output)).toContain("back again");
  });
});
