import { Agent, request as httpRequest } from "node:http";
import type { Socket } from "node:net";
import OpenAI from "openai";
import { describe, expect, it, vi } from "vitest";
import { type ReceivedRequest, startModelServer } from "../../src/testing/index.js";
import { modelServers } from "./helpers.js";

const originalSetTimeout = globalThis.setTimeout;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => originalSetTimeout(resolve, ms));
}

const serve = modelServers();

const chatBody = { model: "gpt-test", messages: [{ role: "user", content: "Hi" }] };
const anthropicHeaders = { "content-type": "application/json", "anthropic-version": "2023-06-01" };

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

describe("startModelServer", () => {
  it("listens on 127.0.0.1 and gives each SDK its base URL", async () => {
    const server = await serve({ script: [] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.openaiBaseURL).toBe(`${server.url}/v1`);
    expect(server.anthropicBaseURL).toBe(server.url);
  });

  it("answers an unknown path with a 404 in the format the client's headers suggest", async () => {
    const server = await serve({ script: [{ text: "unused" }] });
    const openai = await post(`${server.url}/v1/completions`, JSON.stringify(chatBody));
    expect(openai.status).toBe(404);
    expect(openai.body).toEqual({
      error: {
        message: "Invalid URL (POST /v1/completions)",
        type: "invalid_request_error",
        param: null,
        code: "unknown_url",
      },
    });
    const anthropic = await post(`${server.url}/v1/complete`, "{}", anthropicHeaders);
    expect(anthropic.status).toBe(404);
    expect(anthropic.body).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(anthropic.headers.get("request-id")).toMatch(/^req_/);
    const wrongMethod = await fetch(`${server.openaiBaseURL}/chat/completions`);
    expect(wrongMethod.status).toBe(404);
    expect(server.requests).toHaveLength(0);
  });

  it("answers a body that is not JSON, or lacks a required field, with a 400", async () => {
    const server = await serve({ script: [{ text: "unused" }] });
    const openai = await post(`${server.openaiBaseURL}/chat/completions`, "{not json");
    expect(openai.status).toBe(400);
    expect(openai.body).toMatchObject({ error: { type: "invalid_request_error" } });
    const anthropic = await post(`${server.url}/v1/messages`, "{not json", anthropicHeaders);
    expect(anthropic.status).toBe(400);
    expect(anthropic.body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const noMaxTokens = await post(`${server.url}/v1/messages`, JSON.stringify(chatBody), anthropicHeaders);
    expect(noMaxTokens.status).toBe(400);
    expect(noMaxTokens.body).toMatchObject({ error: { message: "max_tokens: Field required" } });
    const noMessages = await post(`${server.openaiBaseURL}/chat/completions`, JSON.stringify({ model: "m" }));
    expect(noMessages.status).toBe(400);
  });

  it("answers a request without a key with a 401 when a key is set", async () => {
    const server = await serve({ script: [{ text: "unused" }], apiKey: "secret" });
    const missing = await post(`${server.openaiBaseURL}/chat/completions`, JSON.stringify(chatBody));
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: "invalid_api_key" } });
    const anthropic = await post(`${server.url}/v1/messages`, "{}", {
      ...anthropicHeaders,
      "x-api-key": "nope",
    });
    expect(anthropic.body).toMatchObject({
      error: { type: "authentication_error", message: "invalid x-api-key" },
    });
  });

  it("answers with a 500 naming the number of turns once the script has run out", async () => {
    const server = await serve({ script: [{ text: "only one" }] });
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "k", maxRetries: 0 });
    await client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }] });
    const failure = client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
    });
    await expect(failure).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining("script ran out after 1 turn: request 2 has no scripted turn"),
    });
    expect(server.requests).toHaveLength(2);
  });

  it("asks a script function for each turn, with the request in neutral form", async () => {
    const seen: ReceivedRequest[] = [];
    const server = await serve({
      script: async (request) => {
        seen.push(request);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const last = request.messages.at(-1);
        if (last?.role === "user" && last.content === "boom") throw new Error("the script refused");
        return { text: `You said: ${last?.role === "user" ? last.content : "?"}` };
      },
    });
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "k", maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(completion.choices[0]?.message.content).toBe("You said: hello");
    expect(seen[0]).toBe(server.requests[0]);
    expect(seen[0]?.receivedAt).toBeGreaterThan(0);
    const failure = client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "boom" }],
    });
    await expect(failure).rejects.toMatchObject({ status: 500, message: "500 the script refused" });
  });

  it("checks its options up front", async () => {
    await expect(startModelServer({ script: "nope" as never })).rejects.toThrow(TypeError);
    await expect(startModelServer({ script: [], timing: { firstTokenMs: -1 } })).rejects.toThrow(
      /timing\.firstTokenMs must be a number ≥ 0, got -1/,
    );
    await expect(startModelServer({ script: [{ error: { status: 200, message: "ok" } }] })).rejects.toThrow(
      /script\[0\]\.error\.status must be an HTTP error status/,
    );
    await expect(
      startModelServer({ script: [{ toolCalls: [{ name: "", arguments: {} }] }] }),
    ).rejects.toThrow(/script\[0\]\.toolCalls\[0\]\.name/);
  });

  it("paces a turn: the first token after firstTokenMs, then tokensPerSecond", async () => {
    const server = await serve({
      script: [{ text: "x".repeat(80) }],
      timing: { firstTokenMs: 150, tokensPerSecond: 100 },
    });
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "k", maxRetries: 0 });
    const started = performance.now();
    let firstTokenMs: number | undefined;
    const stream = await client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let contentChunks = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        firstTokenMs ??= performance.now() - started;
        contentChunks++;
      }
    }
    const totalMs = performance.now() - started;
    expect(contentChunks).toBe(20);
    // Timers never fire early, so these lower bounds hold on any machine: 150 ms, then 19 gaps of 10 ms.
    expect(firstTokenMs).toBeGreaterThanOrEqual(140);
    expect(totalMs).toBeGreaterThanOrEqual(320);
  });

  it("lets a turn's own timing override the server's", async () => {
    const server = await serve({
      script: [{ text: "quick", timing: { firstTokenMs: 0 } }],
      timing: { firstTokenMs: 10_000 },
    });
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "k", maxRetries: 0 });
    const started = performance.now();
    await client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }] });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("stops writing when the client goes away mid-stream", async () => {
    const server = await serve({ script: [{ text: "y".repeat(400) }], timing: { tokensPerSecond: 20 } });
    // The writer waits for each token with a timer named after its `pump` function; count those being set.
    const pumpTimers: number[] = [];
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    setTimeoutSpy.mockImplementation(((callback: (...values: unknown[]) => void, ...rest: unknown[]) => {
      if (callback.name === "pump") pumpTimers.push(performance.now());
      return (originalSetTimeout as (...values: unknown[]) => unknown)(callback, ...rest);
    }) as typeof setTimeout);
    try {
      const abort = new AbortController();
      const response = await fetch(`${server.openaiBaseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...chatBody, stream: true }),
        signal: abort.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      await sleep(120);
      expect(pumpTimers.length).toBeGreaterThan(0);
      abort.abort();
      await sleep(100);
      const afterDisconnect = pumpTimers.length;
      await sleep(300);
      expect(pumpTimers.length).toBe(afterDisconnect);
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });

  it("closes idle keep-alive connections and open streams on close()", async () => {
    const server = await startModelServer({
      script: [{ text: "short" }, { text: "z".repeat(400), timing: { tokensPerSecond: 5 } }],
    });
    const agent = new Agent({ keepAlive: true });
    let socket: Socket | undefined;
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        `${server.openaiBaseURL}/chat/completions`,
        { method: "POST", agent, headers: { "content-type": "application/json" } },
        (response) => {
          response.resume();
          response.on("end", () => resolve());
        },
      );
      request.on("socket", (requestSocket) => {
        socket = requestSocket;
      });
      request.on("error", reject);
      request.end(JSON.stringify(chatBody));
    });
    // The answer is read and the socket waits, idle, in the agent's pool.
    const socketClosed = new Promise((resolve) => socket?.once("close", resolve));
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "k", maxRetries: 0 });
    const stream = await client.chat.completions.create({ ...chatBody, messages: [], stream: true });
    const streamEnded = (async () => {
      try {
        for await (const _chunk of stream);
        return "ended";
      } catch {
        return "failed";
      }
    })();
    await server.close();
    await socketClosed;
    // The SDK may report the cut stream either way; what matters is that it does not hang.
    expect(["ended", "failed"]).toContain(await streamEnded);
    agent.destroy();
  });
});
