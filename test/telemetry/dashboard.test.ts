import { createServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDashboardToken,
  DashboardHub,
  type DashboardServer,
  type DashboardSnapshot,
  dashboardHandler,
  Executor,
  startDashboard,
} from "../../src/index.js";
import { rawRequest } from "../raw-request.js";
import { gatedTool } from "./gated-tool.js";

/** Whether this machine can listen on an address (a container may have no IPv6 loopback). */
function canListen(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen(0, host, () => probe.close(() => resolve(true)));
  });
}

const hasIpv6Loopback = await canListen("::1");

const servers: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(hub: DashboardHub, options: Parameters<typeof startDashboard>[1] = {}) {
  const server = await startDashboard(hub, { throttleMs: 10, ...options });
  servers.push(server);
  return server;
}

/** Reads the server-sent `snapshot` events of a dashboard, one at a time. */
async function openEvents(url: string, signal: AbortSignal) {
  const response = await fetch(url, { signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let buffer = "";
  const next = async (): Promise<DashboardSnapshot> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const lines = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        const data = lines.find((line) => line.startsWith("data: "));
        if (lines.includes("event: snapshot") && data !== undefined) {
          return JSON.parse(data.slice("data: ".length)) as DashboardSnapshot;
        }
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("the event stream ended");
      buffer += value;
    }
  };
  return {
    async until(predicate: (snapshot: DashboardSnapshot) => boolean): Promise<DashboardSnapshot> {
      for (;;) {
        const snapshot = await next();
        if (predicate(snapshot)) return snapshot;
      }
    },
  };
}

const callOf = (snapshot: DashboardSnapshot, id: string) =>
  snapshot.selected?.timeline.calls.find((call) => call.id === id);

describe("the dashboard's server", () => {
  it("refuses every request without the token, or with a wrong one, with 403", async () => {
    const server = await serve(new DashboardHub());
    const base = `http://127.0.0.1:${server.port}`;
    for (const path of [
      "/",
      "/events",
      "/api/runs",
      "/?token=",
      `/?token=${server.token}x`,
      "/api/runs?token=no",
    ]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(403);
      expect(await response.text()).toMatch(/token/);
    }
    const posted = await fetch(`${base}/api/runs`, { method: "POST", body: "{}" });
    expect(posted.status).toBe(403);
  });

  it("refuses a foreign Host on every request and a foreign Origin, and starts no run for them", async () => {
    const hub = new DashboardHub();
    const started: string[] = [];
    const executor = new Executor({ tools: [{ name: "echo", execute: async (input: unknown) => input }] });
    const server = await serve(hub, {
      allowedOrigins: ["http://app.example:3000"],
      runPlan: (plan) => {
        started.push(plan.calls.map((call) => call.id).join());
        return executor.run(plan);
      },
    });
    const api = `http://127.0.0.1:${server.port}/api/runs?token=${server.token}`;
    const post = (id: string, headers: Record<string, string>) =>
      rawRequest(api, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ calls: [{ id, tool: "echo", args: {} }] }),
      });
    for (const host of ["evil.example", `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`]) {
      const page = await rawRequest(`http://127.0.0.1:${server.port}/?token=${server.token}`, {
        headers: { host },
      });
      expect(page.status, host).toBe(403);
      expect(page.body).toMatch(/Host/);
      expect((await post("foreign-host", { host })).status, host).toBe(403);
    }
    const foreign = await post("foreign-origin", { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/Origin/);
    expect((await post("null-origin", { origin: "null" })).status).toBe(403);
    expect(started).toEqual([]);

    expect((await post("own-origin", { origin: `http://127.0.0.1:${server.port}` })).status).toBe(202);
    expect((await post("localhost", { host: `localhost:${server.port}` })).status).toBe(202);
    expect((await post("allowed-origin", { origin: "http://app.example:3000" })).status).toBe(202);
    expect((await post("no-origin", {})).status).toBe(202);
    expect(started).toEqual(["own-origin", "localhost", "allowed-origin", "no-origin"]);
  });

  it("listens on the host asked for, answers it and localhost with the token, and still refuses a foreign Host", async () => {
    const server = await serve(new DashboardHub(), { host: "localhost" });
    expect(server.host).toBe("localhost");
    expect(server.url).toBe(`http://localhost:${server.port}/?token=${server.token}`);
    expect((await fetch(server.url)).status).toBe(200);
    const api = server.url.replace("/?", "/api/runs?");
    expect((await rawRequest(api, { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
    const foreign = await rawRequest(api, { headers: { host: `evil.example:${server.port}` } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/Host/);
    expect((await rawRequest(api.replace(/token=[^&]+/, "token=wrong"))).status).toBe(403);
  });

  it.skipIf(!hasIpv6Loopback)(
    "listens on ::1 with the address in brackets in its URL and its Host",
    async () => {
      const server = await serve(new DashboardHub(), { host: "::1" });
      expect(server.url).toBe(`http://[::1]:${server.port}/?token=${server.token}`);
      expect((await fetch(server.url)).status).toBe(200);
      const api = `http://[::1]:${server.port}/api/runs?token=${server.token}`;
      for (const host of [`[::1]:${server.port}`, `localhost:${server.port}`]) {
        expect((await rawRequest(api, { headers: { host } })).status, host).toBe(200);
      }
      expect((await rawRequest(api, { headers: { host: `evil.example:${server.port}` } })).status).toBe(403);
    },
  );

  it("checks its host up front", async () => {
    await expect(startDashboard(new DashboardHub(), { host: " " })).rejects.toThrow(/options\.host/);
    await expect(startDashboard(new DashboardHub(), { host: 8080 as unknown as string })).rejects.toThrow(
      /options\.host.*number/,
    );
  });

  it("checks allowedHosts and allowedOrigins up front", () => {
    const token = createDashboardToken();
    const hub = new DashboardHub();
    expect(() => dashboardHandler(hub, { token, allowedOrigins: ["app.example"] })).toThrow(/allowedOrigins/);
    expect(() => dashboardHandler(hub, { token, allowedHosts: [""] })).toThrow(/allowedHosts/);
    expect(() => dashboardHandler(hub, { token: "short" })).toThrow(/options\.token/);
  });

  it("serves the page with the token in the URL or as a bearer, behind a strict content security policy", async () => {
    const server = await serve(new DashboardHub());
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'nonce-[^']+'/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await page.text();
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain("WeftTimelineView");
    const bearer = await fetch(`http://127.0.0.1:${server.port}/api/runs`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toEqual({ runs: [] });
  });

  it("streams snapshots in which a call appears running, then finished", async () => {
    const hub = new DashboardHub();
    const gated = gatedTool("slow");
    const executor = new Executor({ tools: [gated.tool], telemetry: hub.telemetry });
    hub.watch(executor);
    const server = await serve(hub);
    const stop = new AbortController();
    try {
      const events = await openEvents(
        `http://127.0.0.1:${server.port}/events?token=${server.token}`,
        stop.signal,
      );
      const empty = await events.until(() => true);
      expect(empty.runs).toEqual([]);
      expect(empty.selected).toBeNull();
      const run = executor.run({ calls: [{ id: "a", tool: "slow" }] });
      const running = await events.until((snapshot) => callOf(snapshot, "a")?.status === "running");
      expect(running.runs[0]).toMatchObject({ runId: run.id, status: "running" });
      expect(running.runs[0]?.counts.running).toBe(1);
      expect(running.usage.some((sample) => sample.running === 1)).toBe(true);
      gated.gate("a").resolve();
      const ended = await events.until((snapshot) => snapshot.selected?.timeline.status === "succeeded");
      expect(callOf(ended, "a")).toMatchObject({ status: "succeeded", tool: "slow" });
      expect(ended.runs[0]).toMatchObject({ runId: run.id, status: "succeeded" });
      await run.result();
    } finally {
      stop.abort();
    }
    // The page went away: the hub no longer feeds it.
    await expect.poll(() => hub.subscriberCount).toBe(0);
  });

  it("sends the run asked for with ?run=, and the latest one otherwise", async () => {
    const hub = new DashboardHub();
    const executor = new Executor({
      tools: [{ name: "echo", execute: async () => "ok" }],
      telemetry: hub.telemetry,
    });
    const first = executor.run({ calls: [{ id: "one", tool: "echo" }] });
    await first.result();
    const second = executor.run({ calls: [{ id: "two", tool: "echo" }] });
    await second.result();
    const server = await serve(hub);
    const stop = new AbortController();
    try {
      const base = `http://127.0.0.1:${server.port}/events?token=${server.token}`;
      const latest = await (await openEvents(base, stop.signal)).until(() => true);
      expect(latest.selected?.runId).toBe(second.id);
      expect(latest.runs.map((run) => run.runId)).toEqual([second.id, first.id]);
      const asked = await (await openEvents(`${base}&run=${first.id}`, stop.signal)).until(() => true);
      expect(asked.selected?.timeline.calls.map((call) => call.id)).toEqual(["one"]);
    } finally {
      stop.abort();
    }
  });

  it("runs a plan POSTed to /api/runs and follows it", async () => {
    const hub = new DashboardHub();
    const executor = new Executor({
      tools: [{ name: "echo", execute: async (input: { text: string }) => input.text }],
      telemetry: hub.telemetry,
    });
    const server = await serve(hub, { runPlan: (plan) => executor.run(plan) });
    const api = `http://127.0.0.1:${server.port}/api/runs?token=${server.token}`;
    const response = await fetch(api, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ calls: [{ id: "hello", tool: "echo", args: { text: "hi" } }] }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await expect.poll(() => hub.timeline(runId)?.status).toBe("succeeded");
    const timeline = await fetch(`http://127.0.0.1:${server.port}/api/runs/${runId}?token=${server.token}`);
    expect(((await timeline.json()) as { calls: { id: string }[] }).calls.map((call) => call.id)).toEqual([
      "hello",
    ]);

    const invalid = await fetch(api, {
      method: "POST",
      body: JSON.stringify({ calls: [{ id: "x", tool: "nope" }] }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toMatch(/PLAN/);
    const garbled = await fetch(api, { method: "POST", body: "{ not json" });
    expect(garbled.status).toBe(400);
    expect(hub.runs()).toHaveLength(1);
  });

  it("only watches when no runPlan is given", async () => {
    const server = await serve(new DashboardHub());
    const response = await fetch(`http://127.0.0.1:${server.port}/api/runs?token=${server.token}`, {
      method: "POST",
      body: JSON.stringify({ calls: [] }),
    });
    expect(response.status).toBe(405);
  });
});

describe("dashboardHandler in a server of one's own", () => {
  it("serves the page, its events and its API under a prefix, and sends heartbeats", async () => {
    const hub = new DashboardHub();
    const token = createDashboardToken();
    const handler = dashboardHandler(hub, { token, heartbeatMs: 20 });
    const server = createServer((request, response) => {
      if (request.url?.startsWith("/weft/")) {
        request.url = request.url.slice("/weft".length);
        handler(request, response);
        return;
      }
      response.writeHead(404).end("the app's own 404");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stop = new AbortController();
    try {
      expect((await fetch(`${base}/weft/?token=${token}`)).status).toBe(200);
      expect((await fetch(`${base}/weft/`)).status).toBe(403);
      expect(await (await fetch(`${base}/other`)).text()).toBe("the app's own 404");
      // The page's links are relative, so they reach the handler under the prefix.
      const events = await fetch(`${base}/weft/events?token=${token}`, { signal: stop.signal });
      const reader = (events.body as ReadableStream<Uint8Array>)
        .pipeThrough(new TextDecoderStream())
        .getReader();
      let text = "";
      while (!text.includes(": heartbeat")) text += (await reader.read()).value ?? "";
      expect(text).toContain("event: snapshot");
    } finally {
      stop.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("DashboardHub", () => {
  it("keeps the runs in progress and only the latest ended ones", async () => {
    const hub = new DashboardHub({ recentRuns: 2 });
    const gated = gatedTool("slow");
    const executor = new Executor({
      tools: [gated.tool, { name: "echo", execute: async () => "ok" }],
      telemetry: hub.telemetry,
    });
    const long = executor.run({ calls: [{ id: "long", tool: "slow" }] });
    const ended: string[] = [];
    for (let index = 0; index < 4; index++) {
      const run = executor.run({ calls: [{ id: `call-${index}`, tool: "echo" }] });
      await run.result();
      ended.push(run.id);
    }
    expect(hub.runs().map((run) => run.runId)).toEqual([long.id, ended[3], ended[2]]);
    expect(hub.timeline(ended[0] as string)).toBeUndefined();
    gated.gate("long").resolve();
    await long.result();
    // The long run ended last: it is the newest of the two kept.
    expect(hub.runs().map((run) => run.runId)).toEqual([long.id, ended[3]]);
  });

  it("samples the pools of an executor it watches", async () => {
    const hub = new DashboardHub();
    const gated = gatedTool("heavy");
    const executor = new Executor({
      tools: [{ ...gated.tool, uses: { cpu: 2 } }],
      pools: { cpu: 3 },
      telemetry: hub.telemetry,
    });
    hub.watch(executor);
    const run = executor.run({
      calls: [
        { id: "one", tool: "heavy" },
        { id: "two", tool: "heavy" },
      ],
    });
    await expect
      .poll(() => hub.snapshot().usage.some((sample) => sample.pools.cpu?.waiting === 1))
      .toBe(true);
    const busy = hub.snapshot().usage.find((sample) => sample.pools.cpu?.waiting === 1);
    expect(busy?.pools.cpu).toMatchObject({ capacity: 3, inUse: 2 });
    gated.gate("one").resolve();
    gated.gate("two").resolve();
    await run.result();
  });

  it("checks its options", () => {
    expect(() => new DashboardHub({ recentRuns: -1 })).toThrow(RangeError);
    expect(() => new DashboardHub({ recentRuns: 1.5 })).toThrow(/recentRuns/);
    expect(() => dashboardHandler(new DashboardHub(), { token: "short" })).toThrow(TypeError);
    expect(() => dashboardHandler(new DashboardHub(), { token: "x".repeat(20), throttleMs: -1 })).toThrow(
      /throttleMs/,
    );
  });
});
