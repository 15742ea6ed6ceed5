import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DashboardHub, type DashboardServer, Executor, startDashboard, type Tool } from "../../src/index.js";
import { gatedTool } from "../telemetry/gated-tool.js";
import { isChromiumMissing, launchChromium, skipReason } from "./chromium.js";

const hostile = `<img src=x onerror="pwned=1"><script>pwned=1</script>`;

describe.skipIf(isChromiumMissing)(`the live dashboard in chromium${skipReason}`, () => {
  let browser: Browser;
  const servers: DashboardServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function setUp(tools: Tool<never>[] = [], pools: Record<string, number> = {}) {
    const hub = new DashboardHub();
    const slow = gatedTool("slow", (callId) => `the service behind ${callId} answered 503`);
    const executor = new Executor({
      tools: [slow.tool, ...tools] as Tool[],
      concurrency: 4,
      pools,
      telemetry: hub.telemetry,
    });
    hub.watch(executor);
    const server = await startDashboard(hub, { throttleMs: 20 });
    servers.push(server);
    const page = await browser.newPage();
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('#connection[data-state="live"]');
    // A reload would lose this mark: the page must change by itself.
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    return { hub, executor, server, page, slow };
  }

  const isSameDocument = (page: Page) =>
    page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument === true);

  it("shows a running call, then shows it finished, live", async () => {
    const { executor, page, slow } = await setUp();
    const run = executor.run({ calls: [{ id: "fetch-page", tool: "slow" }] });
    const running = await page.waitForSelector('#running-body tr[data-call-id="fetch-page"]');
    expect(await running.textContent()).toContain("slow");
    expect(await page.textContent(`#runs li[data-run-id="${run.id}"]`)).toContain("running");
    slow.gate("fetch-page").resolve();
    await run.result();
    await page.waitForSelector(`#runs li[data-run-id="${run.id}"][data-status="succeeded"]`);
    await page.waitForSelector('#running-body tr[data-call-id="fetch-page"]', { state: "detached" });
    await page.waitForSelector('#timeline tr[data-call-id="fetch-page"][data-status="succeeded"]');
    expect(await page.textContent("#run-status")).toBe("succeeded");
    expect(await isSameDocument(page)).toBe(true);
    await page.close();
  });

  it("marks a failed call", async () => {
    const { executor, page, slow } = await setUp();
    const run = executor.run({
      calls: [
        { id: "ok", tool: "slow" },
        { id: "broken", tool: "slow", args: { fail: true } },
      ],
    });
    await page.waitForSelector('#running-body tr[data-call-id="broken"]');
    slow.gate("broken").resolve();
    const failed = await page.waitForSelector('#failed-body tr[data-call-id="broken"][data-status="failed"]');
    expect(await failed.textContent()).toContain("answered 503");
    expect(await failed.isVisible()).toBe(true);
    // The other call is still running beside it.
    expect(await page.$('#running-body tr[data-call-id="ok"]')).not.toBeNull();
    slow.gate("ok").resolve();
    await run.result();
    await page.waitForSelector(`#runs li[data-run-id="${run.id}"][data-status="failed"]`);
    expect(await page.$('#failed-body tr[data-call-id="ok"]')).toBeNull();
    expect(await isSameDocument(page)).toBe(true);
    await page.close();
  });

  it("shows the run chosen in the list", async () => {
    const { executor, page, slow } = await setUp();
    const older = executor.run({ calls: [{ id: "older-call", tool: "slow" }] });
    const newer = executor.run({ calls: [{ id: "newer-call", tool: "slow" }] });
    await page.waitForSelector('#running-body tr[data-call-id="newer-call"]');
    expect(await page.textContent("#run-title")).toBe(newer.id);
    await page.click(`#runs li[data-run-id="${older.id}"] button`);
    await page.waitForSelector('#running-body tr[data-call-id="older-call"]');
    expect(await page.textContent("#run-title")).toBe(older.id);
    expect(await page.$(`#runs li.selected[data-run-id="${older.id}"]`)).not.toBeNull();
    slow.gate("older-call").resolve();
    slow.gate("newer-call").resolve();
    await Promise.all([older.result(), newer.result()]);
    // The choice holds while the other run changes.
    await page.waitForSelector(`#runs li[data-run-id="${newer.id}"][data-status="succeeded"]`);
    expect(await page.textContent("#run-title")).toBe(older.id);
    await page.close();
  });

  it("refuses a request without the token, or with a wrong one", async () => {
    const { server, page } = await setUp();
    const bare = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(bare?.status()).toBe(403);
    expect(await page.textContent("body")).toMatch(/Forbidden.*token/);
    const wrong = await page.goto(`http://127.0.0.1:${server.port}/?token=${"0".repeat(43)}`);
    expect(wrong?.status()).toBe(403);
    await page.close();
  });

  it("says so when the server refuses its stream", async () => {
    const { server, page } = await setUp();
    // The page is served, then the server restarts under another token: the page's events are refused.
    await server.close();
    const other = await startDashboard(new DashboardHub(), { port: server.port });
    servers.push(other);
    await page.waitForSelector('#connection[data-state="refused"]');
    expect(await page.textContent("#connection")).toMatch(/403/);
    await page.close();
  });

  it("shows markup in call ids and tool names as text, and runs none of it", async () => {
    const marked: Tool = { name: `<b>${hostile}</b>`, execute: () => new Promise(() => {}) };
    const { executor, page, slow } = await setUp([marked as Tool<never>]);
    const run = executor.run({
      calls: [
        { id: hostile, tool: "slow", args: { fail: true } },
        { id: "plain", tool: marked.name },
      ],
    });
    const row = await page.waitForSelector('#running-body tr[data-call-id="plain"]');
    expect(await row.$eval("td:nth-child(2)", (cell) => cell.textContent)).toBe(marked.name);
    slow.gate(hostile).resolve();
    await page.waitForSelector("#failed-body tr.call");
    expect(await page.$eval("#failed-body tr.call td", (cell) => cell.textContent)).toBe(hostile);
    expect(await page.$$("img")).toHaveLength(0);
    expect(await page.$$("#detail b, nav b")).toHaveLength(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    run.cancel("test over");
    await run.result();
    await page.close();
  });

  // Rewrites a file kept in the repository, so it runs only when asked: WEFT_SCREENSHOTS=1.
  it.runIf(process.env.WEFT_SCREENSHOTS === "1")(
    "saves a screenshot to docs/dashboard.png (skipped unless WEFT_SCREENSHOTS=1: it rewrites a file in docs/)",
    async () => {
      const untilCancelled = (_input: unknown, context: { signal: AbortSignal }) =>
        new Promise((resolve) => context.signal.addEventListener("abort", resolve));
      const { executor, page, slow } = await setUp(
        [
          { name: "fetch", execute: () => new Promise((resolve) => setTimeout(resolve, 300)) } as Tool<never>,
          { name: "render", uses: { gpu: 1 }, execute: untilCancelled } as Tool<never>,
        ],
        { gpu: 1 },
      );
      await page.setViewportSize({ width: 1280, height: 900 });
      const calls = [
        ...Array.from({ length: 6 }, (_, index) => ({ id: `fetch-${index + 1}`, tool: "fetch" })),
        { id: "summarize", tool: "slow", after: ["fetch-1", "fetch-2", "fetch-3"] },
        { id: "translate", tool: "slow", after: ["fetch-4"] },
        { id: "broken-link", tool: "slow", args: { fail: true } },
        ...Array.from({ length: 3 }, (_, index) => ({ id: `render-${index + 1}`, tool: "render" })),
        { id: "publish", tool: "slow", after: ["summarize", "translate"] },
      ];
      const run = executor.run({ calls });
      slow.gate("broken-link").resolve();
      await page.waitForSelector('#running-body tr[data-call-id="summarize"]', { timeout: 10_000 });
      await page.waitForTimeout(700);
      await page.screenshot({ path: join(import.meta.dirname, "../../docs/dashboard.png"), fullPage: true });
      run.cancel("screenshot taken");
      await run.result();
      await page.close();
    },
  );
});
