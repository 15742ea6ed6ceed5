import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { Executor } from "../../src/index.js";
import { createWeftMcpServer, type HttpEndpoint, serveHttp } from "../../src/mcp-server/index.js";
import { rawRequest } from "../raw-request.js";

const endpoints: HttpEndpoint[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
});

/** An executor whose one tool records every call it runs. */
function recordingExecutor(): { executor: Executor; calls: string[] } {
  const calls: string[] = [];
  const executor = new Executor({
    tools: [
      {
        name: "record",
        inputSchema: { type: "object", properties: { label: { type: "string" } }, required: ["label"] },
        execute: async (input: { label: string }) => {
          calls.push(input.label);
          return input.label;
        },
      },
    ],
  });
  return { executor, calls };
}

async function start(
  executor: Executor,
  options: Parameters<typeof serveHttp>[1] = {},
): Promise<HttpEndpoint> {
  const endpoint = await serveHttp(
    () => createWeftMcpServer(executor, { name: "weft", version: "0.0.0" }),
    options,
  );
  endpoints.push(endpoint);
  return endpoint;
}

async function connect(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "weft-test", version: "0.0.0" });
  clients.push(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

function initialize(url: string, headers: Record<string, string>) {
  return rawRequest(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    }),
  });
}

describe("serveHttp", () => {
  it("checks its options up front, naming the option", async () => {
    const create = (): Server =>
      createWeftMcpServer(new Executor({ tools: [] }), { name: "w", version: "0" });
    await expect(serveHttp(create, { port: 70_000 })).rejects.toThrow(RangeError);
    await expect(serveHttp(create, { port: 70_000 })).rejects.toThrow(/options\.port/);
    await expect(serveHttp(create, { token: "short" })).rejects.toThrow(/options\.token.*16 characters/);
    await expect(serveHttp(create, { token: 42 as unknown as string })).rejects.toThrow(TypeError);
    await expect(serveHttp(create, { allowedOrigins: ["localhost:3000"] })).rejects.toThrow(
      /options\.allowedOrigins/,
    );
    await expect(serveHttp(create, { allowedOrigins: ["http://a.example/path"] })).rejects.toThrow(TypeError);
    await expect(serveHttp(create, { host: "" })).rejects.toThrow(/options\.host/);
    await expect(serveHttp(create, 3333 as unknown as object)).rejects.toThrow(/options must be an object/);
  });

  it("listens on 127.0.0.1 with a random token, and answers only the token's holder", async () => {
    const { executor, calls } = recordingExecutor();
    const endpoint = await start(executor, { allowedOrigins: ["https://app.example"] });
    expect(endpoint.host).toBe("127.0.0.1");
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}/mcp`);
    expect(endpoint.token).toMatch(/^[\w-]{43}$/);
    const bearer = { authorization: `Bearer ${endpoint.token}` };

    const missing = await initialize(endpoint.url, {});
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toBe('Bearer realm="weft"');
    expect((await initialize(endpoint.url, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await initialize(endpoint.url, { authorization: endpoint.token })).status).toBe(401);
    expect((await initialize(endpoint.url, { ...bearer, host: "evil.example" })).status).toBe(403);
    expect(
      (await initialize(endpoint.url, { ...bearer, host: `127.0.0.1:${endpoint.port + 1}` })).status,
    ).toBe(403);
    expect((await initialize(endpoint.url, { ...bearer, origin: "http://evil.example" })).status).toBe(403);
    expect((await initialize(endpoint.url, { ...bearer, origin: "null" })).status).toBe(403);
    expect((await initialize(endpoint.url, { ...bearer, origin: "https://app.example" })).status).toBe(200);
    expect((await initialize(endpoint.url, { ...bearer, host: `LOCALHOST:${endpoint.port}` })).status).toBe(
      200,
    );

    const client = await connect(endpoint.url, { Authorization: `Bearer ${endpoint.token}` });
    await client.callTool({ name: "record", arguments: { label: "with the token" } });
    await expect(
      connect(endpoint.url, { Authorization: "Bearer wrong-token-of-some-length" }),
    ).rejects.toThrow();
    expect(calls).toEqual(["with the token"]);
  });

  it("takes a fixed token", async () => {
    const { executor } = recordingExecutor();
    const endpoint = await start(executor, { token: "a-token-chosen-by-the-user" });
    expect(endpoint.token).toBe("a-token-chosen-by-the-user");
    const client = await connect(endpoint.url, { Authorization: "Bearer a-token-chosen-by-the-user" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["record", "run_plan"]);
  });
});
