import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  type Progress,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const weftBin = join(root, "bin", "weft.js");
const textTools = join(root, "examples", "tools", "text-tools.js");
const serveArgs = ["mcp", "serve", "--tools", textTools, "--no-config"];

interface JsonCall {
  id: string;
  status: string;
  output: unknown;
  error: { code: string; message: string } | null;
  startMs: number | null;
  endMs: number | null;
}

const clients: Client[] = [];
const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(child.signalCode ?? child.exitCode).not.toBeNull();
  }
});

async function stdioClient(extraArgs: readonly string[] = []): Promise<Client> {
  const client = new Client({ name: "weft-test", version: "0.0.0" });
  clients.push(client);
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [weftBin, ...serveArgs, ...extraArgs],
      cwd: root,
    }),
  );
  return client;
}

/** Starts `weft mcp serve --http 0` and connects with its token once it prints its address and token. */
async function httpClient(
  extraArgs: readonly string[] = [],
): Promise<{ client: Client; url: string; token: string }> {
  const child = spawn(process.execPath, [weftBin, ...serveArgs, ...extraArgs, "--http", "0"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      const token = /token: ([\w-]+) /.exec(stderr)?.[1];
      if (url !== undefined && token !== undefined) resolve({ url, token });
    });
    child.once("exit", (code) => reject(new Error(`weft exited with ${code}: ${stderr}`)));
  });
  const client = new Client({ name: "weft-test", version: "0.0.0" });
  clients.push(client);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return { client, url, token };
}

/** A weft.config.json that starts the fixture MCP server (whose add_tool adds a tool), in a folder of its own. */
async function fixtureConfig(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "weft-serve-"));
  folders.push(folder);
  const config = join(folder, "weft.config.json");
  const fixture = fileURLToPath(new URL("./fixtures/fixture-server.mjs", import.meta.url));
  await writeFile(
    config,
    JSON.stringify({ mcpServers: { fixture: { command: process.execPath, args: [fixture] } } }),
  );
  return config;
}

/** Calls add_tool and checks that the client is told, and then lists and can call the added tool. */
async function checkToolAddedLater(client: Client): Promise<void> {
  const changed = new Promise<void>((resolve) =>
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
  );
  const before = (await client.listTools()).tools.map((tool) => tool.name);
  expect(before).toContain("fixture.add_tool");
  expect(before).not.toContain("fixture.added");
  await client.callTool({ name: "fixture.add_tool", arguments: {} });
  await changed;
  expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("fixture.added");
  const added = (await client.callTool({ name: "fixture.added", arguments: {} })) as CallToolResult;
  expect(textOf(added)).toBe("added: {}");
}

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

function callsOf(result: CallToolResult): Map<string, JsonCall> {
  const document = JSON.parse(textOf(result)) as { calls: JsonCall[] };
  return new Map(document.calls.map((call) => [call.id, call]));
}

const dependentPlan = {
  calls: [
    { id: "shout", tool: "text.upper", args: { text: "hello weft" } },
    { id: "add", tool: "math.sum", args: { numbers: [1, 2, 3] } },
    { id: "wait", tool: "sleep", args: { ms: 20, value: "slept" }, after: ["shout", "add"] },
  ],
};

/**
 * One notification per finished call, in order, out of 3. The last is sent just before the result; the SDK's client
 * handles notifications a microtask later than responses, so when both arrive in one read it has already forgotten
 * the request and drops that last one. The two sent while the plan still ran always arrive.
 */
function checkPlanProgress(progress: readonly Progress[]): void {
  const values = progress.map((update) => update.progress);
  expect([
    [1, 2],
    [1, 2, 3],
  ]).toContainEqual(values);
  expect(progress.every((update) => update.total === 3)).toBe(true);
}

function checkDependentPlan(result: CallToolResult): void {
  expect(result.isError).not.toBe(true);
  const calls = callsOf(result);
  expect(calls.get("shout")).toMatchObject({ status: "succeeded", output: "HELLO WEFT", error: null });
  expect(calls.get("add")).toMatchObject({ status: "succeeded", output: 6 });
  const wait = calls.get("wait");
  expect(wait).toMatchObject({ status: "succeeded", output: "slept" });
  expect(wait?.startMs).toBeGreaterThanOrEqual(calls.get("shout")?.endMs ?? Number.POSITIVE_INFINITY);
}

describe("weft mcp serve over stdio", () => {
  it("lists the configured tools and run_plan, with their schemas", async () => {
    const client = await stdioClient();
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["text.upper", "math.sum", "sleep", "fs.read", "run_plan"]));
    const upper = tools.find((tool) => tool.name === "text.upper");
    expect(upper?.description).toBe("Return the text in upper case.");
    expect(upper?.inputSchema).toMatchObject({ type: "object", required: ["text"] });
    expect(tools.find((tool) => tool.name === "run_plan")?.inputSchema).toMatchObject({
      required: ["calls"],
    });
  });

  it("calls a plain tool, and turns a weft error into isError with its message", async () => {
    const client = await stdioClient();
    const upper = (await client.callTool({
      name: "text.upper",
      arguments: { text: "abc" },
    })) as CallToolResult;
    expect(upper.isError).not.toBe(true);
    expect(textOf(upper)).toBe("ABC");

    const failed = (await client.callTool({
      name: "demo.fail",
      arguments: { message: "broken on purpose" },
    })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("broken on purpose");

    const invalid = (await client.callTool({ name: "text.upper", arguments: { text: 3 } })) as CallToolResult;
    expect(invalid.isError).toBe(true);
  });

  it("runs a dependent plan with run_plan and reports progress once per finished call", async () => {
    const client = await stdioClient();
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: "run_plan", arguments: dependentPlan }, undefined, {
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    checkDependentPlan(result);
    checkPlanProgress(progress);
  });

  it("answers an invalid plan with isError and its problems", async () => {
    const client = await stdioClient();
    const result = (await client.callTool({
      name: "run_plan",
      arguments: {
        calls: [
          { id: "a", tool: "no.such.tool" },
          { id: "b", tool: "sleep", after: ["ghost"] },
        ],
      },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("no.such.tool");
    expect(textOf(result)).toContain("ghost");
  });

  it("stops the plan at the first failure when run_plan is asked to failFast", async () => {
    const client = await stdioClient();
    const calls = [
      { id: "bad", tool: "demo.fail", args: { message: "broken" } },
      { id: "slow", tool: "sleep", args: { ms: 20_000 }, after: [] },
    ];
    const result = (await client.callTool({
      name: "run_plan",
      arguments: { calls, failFast: true },
    })) as CallToolResult;
    const outcome = callsOf(result);
    expect(outcome.get("bad")?.status).toBe("failed");
    expect(outcome.get("slow")?.status).toBe("cancelled");
  });

  it("serves the tools a configured MCP server adds later, and tells the client", async () => {
    const client = await stdioClient(["--config", await fixtureConfig()]);
    await checkToolAddedLater(client);
  });

  it("applies --deny-tools to the tools a configured server adds later", async () => {
    const client = await stdioClient(["--config", await fixtureConfig(), "--deny-tools", "fixture.added"]);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("fixture.add_tool");
    await client.callTool({ name: "fixture.add_tool", arguments: {} });
    // The server has added its tool by the time add_tool answers; give a notification the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain("fixture.added");
    const called = (await client.callTool({ name: "fixture.added", arguments: {} })) as CallToolResult;
    expect(called.isError).toBe(true);
  });

  it("cancels the plan when the request is cancelled", async () => {
    // One call at a time: the next plan can only run once the cancelled sleep has given its slot back.
    const client = await stdioClient(["--concurrency", "1"]);
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.callTool(
      { name: "run_plan", arguments: { calls: [{ id: "long", tool: "sleep", args: { ms: 20_000 } }] } },
      undefined,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort("enough"), 300);
    await expect(pending).rejects.toThrow();
    // The server stopped the sleep: the next plan runs at once, well before the first sleep would have ended.
    const next = (await client.callTool({ name: "run_plan", arguments: dependentPlan })) as CallToolResult;
    checkDependentPlan(next);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("weft mcp serve --http", () => {
  it("lists the tools and runs a plan over Streamable HTTP on loopback", async () => {
    const { client } = await httpClient();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["text.upper", "run_plan"]));
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: "run_plan", arguments: dependentPlan }, undefined, {
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    checkDependentPlan(result);
    checkPlanProgress(progress);
  });

  it("tells each HTTP session of the tools a configured server adds later", async () => {
    const { client } = await httpClient(["--config", await fixtureConfig()]);
    await checkToolAddedLater(client);
  });

  it("refuses a request without a session unless it is initialize, and an unknown session", async () => {
    const { url, token } = await httpClient();
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${token}`,
          ...headers,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
      });
    expect((await post({})).status).toBe(400);
    const unknown = await post({ "mcp-session-id": "no-such-session" });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Session not found");
  });
});
