import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpFetchOutput, httpFetchTool } from "../../src/builtin/index.js";
import { ToolTimeoutError } from "../../src/index.js";
import { runOne } from "./helpers.js";

let server: Server;
let baseUrl: string;
/** One promise per request to /slow, resolved when the client closes it. */
const slowRequestsClosed: Promise<void>[] = [];

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    switch (request.url) {
      case "/json":
        response.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-custom": "yes" });
        response.end(JSON.stringify({ hello: "world", list: [1, 2] }));
        break;
      case "/problem":
        response.writeHead(422, { "content-type": "application/problem+json" });
        response.end(JSON.stringify({ title: "invalid" }));
        break;
      case "/text":
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("plain text ✓");
        break;
      case "/echo":
        response.writeHead(201, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ method: request.method, header: request.headers["x-token"] ?? null, body }),
        );
        break;
      case "/big":
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("x".repeat(1_000));
        break;
      case "/big-streamed":
        response.writeHead(200, { "content-type": "text/plain" });
        for (let index = 0; index < 10; index++) response.write("y".repeat(100));
        response.end();
        break;
      case "/broken-json":
        response.writeHead(200, { "content-type": "application/json" });
        response.end("{oops");
        break;
      case "/empty-json":
        response.writeHead(200, { "content-type": "application/json" });
        response.end();
        break;
      case "/slow":
        slowRequestsClosed.push(new Promise((resolve) => response.on("close", () => resolve())));
        // Never answers: only an abort ends this request.
        break;
      default:
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("no such page");
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function fetchOutput(args: Record<string, unknown>): Promise<HttpFetchOutput> {
  const call = await runOne(httpFetchTool(), args);
  if (call.status !== "succeeded") throw new Error(`http.fetch failed: ${call.error?.message}`);
  return call.output as HttpFetchOutput;
}

describe("http.fetch", () => {
  it("parses a JSON response and returns status and headers", async () => {
    const output = await fetchOutput({ url: `${baseUrl}/json` });
    expect(output.status).toBe(200);
    expect(output.statusText).toBe("OK");
    expect(output.url).toBe(`${baseUrl}/json`);
    expect(output.body).toEqual({ hello: "world", list: [1, 2] });
    expect(output.headers["x-custom"]).toBe("yes");
    expect(output.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("returns text for a text response, and text for JSON when responseType says so", async () => {
    expect((await fetchOutput({ url: `${baseUrl}/text` })).body).toBe("plain text ✓");
    const raw = await fetchOutput({ url: `${baseUrl}/json`, responseType: "text" });
    expect(raw.body).toBe('{"hello":"world","list":[1,2]}');
  });

  it("returns a 404 or 422 response instead of failing the call", async () => {
    const missing = await runOne(httpFetchTool(), { url: `${baseUrl}/nowhere` });
    expect(missing.status).toBe("succeeded");
    expect(missing.output).toMatchObject({ status: 404, statusText: "Not Found", body: "no such page" });
    const problem = await fetchOutput({ url: `${baseUrl}/problem` });
    expect(problem).toMatchObject({ status: 422, body: { title: "invalid" } });
  });

  it("sends the method, headers and body", async () => {
    const output = await fetchOutput({
      url: `${baseUrl}/echo`,
      method: "POST",
      headers: { "x-token": "secret" },
      body: "payload",
    });
    expect(output.status).toBe(201);
    expect(output.body).toEqual({ method: "POST", header: "secret", body: "payload" });
  });

  it("returns null for an empty JSON body and fails on JSON that does not parse", async () => {
    expect((await fetchOutput({ url: `${baseUrl}/empty-json` })).body).toBeNull();
    const broken = await runOne(httpFetchTool(), { url: `${baseUrl}/broken-json` });
    expect(broken.status).toBe("failed");
    expect(broken.error?.message).toContain("is not valid JSON");
    expect(broken.error?.message).toContain('responseType: "text"');
  });

  it("fails when the body exceeds maxBytes, whether declared or streamed", async () => {
    for (const path of ["/big", "/big-streamed"]) {
      const call = await runOne(httpFetchTool(), { url: `${baseUrl}${path}`, maxBytes: 500 });
      expect(call.status).toBe("failed");
      expect(call.error?.message).toContain("over maxBytes (500)");
    }
    expect((await fetchOutput({ url: `${baseUrl}/big`, maxBytes: 1_000 })).body).toBe("x".repeat(1_000));
  });

  it("refuses URLs that are not http or https, and a body on GET, before any request", async () => {
    for (const args of [
      { url: "file:///etc/passwd" },
      { url: "ftp://example.com/file" },
      { url: "not a url" },
      { url: `${baseUrl}/echo`, body: "payload" },
      { url: `${baseUrl}/echo`, method: "TRACE" },
    ]) {
      const call = await runOne(httpFetchTool(), args);
      expect(call.error?.code).toBe("TOOL_INPUT_INVALID");
    }
  });

  it("aborts the request when the call times out", async () => {
    const call = await runOne(
      httpFetchTool(),
      { url: `${baseUrl}/slow` },
      { policies: { "http.fetch": { timeoutMs: 100 } } },
    );
    expect(call.status).toBe("failed");
    expect(call.error?.code).toBe("TOOL_TIMEOUT");
    expect(ToolTimeoutError.isInstance(call.error)).toBe(true);
    // The server sees the connection closed: the signal reached fetch, no request is left hanging.
    expect(slowRequestsClosed).toHaveLength(1);
    await expect(
      Promise.race([
        slowRequestsClosed[0]?.then(() => "closed"),
        new Promise((resolve) => setTimeout(() => resolve("still open"), 5_000)),
      ]),
    ).resolves.toBe("closed");
    await expect.poll(() => call.executor.abandonedAttempts, { timeout: 5_000 }).toBe(0);
  });

  it("is not idempotent, because POST is not; a run may opt in", () => {
    expect(httpFetchTool().idempotent).toBeFalsy();
  });
});
