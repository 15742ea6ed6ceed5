import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { runWeft } from "../cli/helpers.js";
import { rawRequest } from "../raw-request.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const weftBin = join(root, "bin", "weft.js");
const recordingTools = fileURLToPath(new URL("./fixtures/recording-tools.mjs", import.meta.url));

const clients: Client[] = [];
const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), "weft-guard-"));
  folders.push(made);
  return made;
}

interface Served {
  url: string;
  token: string;
  port: number;
  stderr: () => string;
}

/** Starts `weft mcp serve --no-config --http 0 ...args` and resolves once it printed its URL and token line. */
async function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [weftBin, "mcp", "serve", "--no-config", "--http", "0", ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  return new Promise<Served>((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const url = /listening on (http:\/\/\S+\/mcp)\n/.exec(stderr)?.[1];
      const token = /token: (\S+) /.exec(stderr)?.[1];
      if (url !== undefined && token !== undefined) {
        resolve({ url, token, port: Number(new URL(url).port), stderr: () => stderr });
      }
    });
    child.once("exit", (code) => reject(new Error(`weft exited with ${code}: ${stderr}`)));
  });
}

async function connect(url: string, token: string): Promise<{ client: Client; sessionId: string }> {
  const client = new Client({ name: "weft-test", version: "0.0.0" });
  clients.push(client);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, sessionId: transport.sessionId as string };
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

/** A `tools/call` of record.touch, in an open session, sent with exactly these headers. */
function touchRequest(url: string, sessionId: string, label: string, headers: Record<string, string>) {
  return rawRequest(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": sessionId,
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "record.touch", arguments: { label } },
    }),
  });
}

async function recorded(file: string): Promise<string[]> {
  return existsSync(file) ? (await readFile(file, "utf8")).split("\n").filter((line) => line !== "") : [];
}

describe("weft mcp serve --http guards every request", () => {
  it("refuses a missing or wrong token (401), a foreign Host or Origin (403), and runs nothing for them", async () => {
    const record = join(await folder(), "record.txt");
    const served = await serve(["--tools", recordingTools, "--allow-origin", "http://app.example:5173"], {
      WEFT_TEST_RECORD: record,
    });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { sessionId } = await connect(served.url, served.token);
    const good = { authorization: `Bearer ${served.token}` };

    const missing = await touchRequest(served.url, sessionId, "missing-token", {});
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    const wrong = await touchRequest(served.url, sessionId, "wrong-token", {
      authorization: `Bearer ${"x".repeat(43)}`,
    });
    expect(wrong.status).toBe(401);
    const foreignHost = await touchRequest(served.url, sessionId, "foreign-host", {
      ...good,
      host: `evil.example:${served.port}`,
    });
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.body).toMatch(/Host/);
    const foreignOrigin = await touchRequest(served.url, sessionId, "foreign-origin", {
      ...good,
      origin: "http://evil.example",
    });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toMatch(/Origin/);
    // The SDK's own client, with a wrong token, cannot even open a session.
    await expect(connect(served.url, "y".repeat(43))).rejects.toThrow();
    expect(await recorded(record)).toEqual([]);

    const allowedOrigin = await touchRequest(served.url, sessionId, "allowed-origin", {
      ...good,
      origin: "http://app.example:5173",
    });
    expect(allowedOrigin.status).toBe(200);
    const localhost = await touchRequest(served.url, sessionId, "localhost-host", {
      ...good,
      host: `localhost:${served.port}`,
    });
    expect(localhost.status).toBe(200);
    const { client } = await connect(served.url, served.token);
    const result = (await client.callTool({
      name: "record.touch",
      arguments: { label: "client" },
    })) as CallToolResult;
    expect(textOf(result)).toBe("client");
    expect(await recorded(record)).toEqual(["allowed-origin", "localhost-host", "client"]);
  });

  it("takes a fixed token from WEFT_TOKEN without printing it, and --token over WEFT_TOKEN", async () => {
    const fixed = "a-fixed-token-of-enough-length";
    const served = await serve(["--no-builtin", "--tools", recordingTools], { WEFT_TOKEN: fixed });
    expect(served.stderr()).toContain("token: the one of WEFT_TOKEN");
    expect(served.stderr()).not.toContain(fixed);
    const { client } = await connect(served.url, fixed);
    expect(await toolNames(client)).toEqual(["record.touch", "run_plan"]);
    const other = "another-token-given-with-the-option";
    const byOption = await serve(["--no-builtin", "--tools", recordingTools, "--token", other], {
      WEFT_TOKEN: fixed,
    });
    expect(byOption.stderr()).toContain("token: the one of --token");
    await expect(connect(byOption.url, fixed)).rejects.toThrow();
    await connect(byOption.url, other);
  });

  it("warns when it listens beyond loopback", async () => {
    const served = await serve(["--no-builtin", "--tools", recordingTools, "--host", "0.0.0.0"]);
    await expect.poll(() => served.stderr()).toMatch(/warning: listening on 0\.0\.0\.0.*beyond loopback/);
  });

  it("rejects bad HTTP options with exit code 2, before serving", async () => {
    const short = await runWeft(["mcp", "serve", "--no-config", "--http", "0", "--token", "short"]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--token.*16 characters/);
    const stray = await runWeft(["mcp", "serve", "--no-config", "--host", "0.0.0.0"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--host applies to --http only/);
    const origin = await runWeft([
      "mcp",
      "serve",
      "--no-config",
      "--http",
      "0",
      "--allow-origin",
      "app.example",
    ]);
    expect(origin.code).toBe(2);
    expect(origin.stderr).toMatch(/--allow-origin/);
  });
});

describe("weft mcp serve --http serves only the tools chosen", () => {
  it("leaves shell.exec out by default and for a * pattern, and a plan calling it runs nothing", async () => {
    const out = join(await folder(), "touched");
    const served = await serve([]);
    expect(served.stderr()).toMatch(/shell\.exec is not served over HTTP.*--allow-tools shell\.exec/);
    const { client } = await connect(served.url, served.token);
    const names = await toolNames(client);
    expect(names).toEqual(expect.arrayContaining(["fs.read", "sleep", "run_plan"]));
    expect(names).not.toContain("shell.exec");
    const called = (await client.callTool({
      name: "shell.exec",
      arguments: { command: ["touch", out] },
    })) as CallToolResult;
    expect(called.isError).toBe(true);
    const planned = (await client.callTool({
      name: "run_plan",
      arguments: { calls: [{ id: "touch", tool: "shell.exec", args: { command: ["touch", out] } }] },
    })) as CallToolResult;
    expect(planned.isError).toBe(true);
    expect(textOf(planned)).toContain("shell.exec");
    expect(existsSync(out)).toBe(false);

    const everything = await serve(["--allow-tools", "*"]);
    const { client: starClient } = await connect(everything.url, everything.token);
    expect(await toolNames(starClient)).not.toContain("shell.exec");
  });

  it("serves shell.exec when --allow-tools names it", async () => {
    const out = join(await folder(), "touched");
    const served = await serve(["--allow-tools", "*,shell.exec"]);
    expect(served.stderr()).not.toMatch(/shell\.exec is not served/);
    const { client } = await connect(served.url, served.token);
    expect(await toolNames(client)).toEqual(expect.arrayContaining(["fs.read", "shell.exec", "run_plan"]));
    const called = (await client.callTool({
      name: "shell.exec",
      arguments: { command: ["touch", out] },
    })) as CallToolResult;
    expect(called.isError, textOf(called)).not.toBe(true);
    expect(existsSync(out)).toBe(true);
  });

  it("lists exactly what --allow-tools, --deny-tools and --no-builtin leave", async () => {
    const served = await serve([
      "--allow-tools",
      "fs.*",
      "--allow-tools",
      "sleep",
      "--deny-tools",
      "fs.write",
    ]);
    const { client } = await connect(served.url, served.token);
    expect(await toolNames(client)).toEqual(["fs.list", "fs.read", "run_plan", "sleep"]);
    const none = await serve(["--no-builtin", "--tools", recordingTools, "--deny-tools", "record.*"]);
    const { client: bare } = await connect(none.url, none.token);
    expect(await toolNames(bare)).toEqual(["run_plan"]);
  });
});
