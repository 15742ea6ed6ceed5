import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport, TimelineBuilder } from "../../src/telemetry/index.js";
import { repositoryRoot, runWeft, temporaryFolder, textTools, writePlan } from "../cli/helpers.js";
import { end, finishedTimeline, queued, start, syntheticTimeline } from "../telemetry/report-timelines.js";
import { isChromiumMissing, launchChromium, skipReason } from "./chromium.js";

// The page's globals, for the functions that run in chromium: the tests compile without the DOM library, and these
// declarations stay inside this module.
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
}
interface PageCanvas {
  width: number;
  getBoundingClientRect(): { left: number; top: number; width: number };
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
  } | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): { length: number };
};
declare const window: { pwned?: unknown };
declare function getComputedStyle(element: unknown): { backgroundColor: string };

let browser: Browser | undefined;
beforeAll(async () => {
  if (!isChromiumMissing) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a report file and waits until its script has drawn it; page errors fail the test. */
async function openReport(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  if (browser === undefined) throw new Error("no browser");
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 }).catch((error: unknown) => {
    throw new Error(`the report did not draw itself: ${errors.join("; ") || String(error)}`);
  });
  expect(errors).toEqual([]);
  return page;
}

/** Where the call's bar is on the page, as the view reports it. */
async function locate(page: Page, callId: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    (id) =>
      (
        globalThis as unknown as {
          WeftTimelineView: {
            locate(container: PageElement | null, id: string): { x: number; y: number } | null;
          };
        }
      ).WeftTimelineView.locate(document.getElementById("timeline"), id),
    callId,
  );
  if (point === null) throw new Error(`call ${callId} is not on screen`);
  return point;
}

/** The colour of the chart's pixel at a page point, as [r, g, b]. */
function pixelAt(page: Page, point: { x: number; y: number }): Promise<number[]> {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector(".wt-canvas") as PageCanvas | null;
    if (canvas === null) throw new Error("no canvas");
    const bounds = canvas.getBoundingClientRect();
    const ratio = canvas.width / bounds.width;
    const context = canvas.getContext("2d");
    const data = context?.getImageData(
      Math.round((x - bounds.left) * ratio),
      Math.round((y - bounds.top) * ratio),
      1,
      1,
    ).data;
    return data === undefined ? [] : [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
  }, point);
}

const failedRed = [217, 54, 54];

const realPlan = {
  calls: [
    { id: "fetch-users", tool: "sleep", args: { ms: 120 } },
    { id: "fetch-orders", tool: "sleep", args: { ms: 160 } },
    { id: "fetch-stock", tool: "sleep", args: { ms: 90 } },
    { id: "fetch-prices", tool: "sleep", args: { ms: 70 } },
    { id: "join", tool: "text.upper", args: { text: "joined" }, after: ["fetch-users", "fetch-orders"] },
    { id: "validate", tool: "demo.fail", args: {}, after: ["fetch-stock"] },
    { id: "publish", tool: "sleep", args: { ms: 5 }, after: ["validate"] },
    { id: "summarise", tool: "sleep", args: { ms: 80 }, after: ["join", "fetch-prices"] },
    { id: "notify", tool: "sleep", args: { ms: 40 }, after: ["summarise"] },
  ],
};

describe.skipIf(isChromiumMissing)(`the HTML report in chromium${skipReason}`, () => {
  let reportPath = "";
  let reportFolder = "";
  beforeAll(async () => {
    const planPath = await writePlan(realPlan);
    // Its own folder: the helpers' temporary folders go after each test, and this report serves several.
    reportFolder = await mkdtemp(join(tmpdir(), "weft-report-"));
    reportPath = join(reportFolder, "report.html");
    const outcome = await runWeft([
      "run",
      planPath,
      "--tools",
      textTools,
      "--concurrency",
      "3",
      "--no-estimates",
      "-q",
      "--report",
      reportPath,
    ]);
    expect(outcome.code).toBe(1);
  });
  afterAll(async () => {
    await rm(reportFolder, { recursive: true, force: true });
  });

  it("shows every call of a real run and the headline", async () => {
    const page = await openReport(reportPath);
    const rows = await page.$$eval("tr[data-call-id]", (elements) =>
      elements.map((element) => [
        (element as unknown as PageElement).dataset.callId,
        (element as unknown as PageElement).dataset.status,
      ]),
    );
    expect(Object.fromEntries(rows)).toEqual({
      "fetch-users": "succeeded",
      "fetch-orders": "succeeded",
      "fetch-stock": "succeeded",
      "fetch-prices": "succeeded",
      join: "succeeded",
      validate: "failed",
      publish: "skipped",
      summarise: "succeeded",
      notify: "succeeded",
    });
    const metric = (name: string) => page.textContent(`[data-metric=${name}] .card-value`);
    expect(await metric("status")).toBe("failed");
    expect(await metric("calls")).toBe("9");
    for (const name of ["makespan", "sequential", "lower-bound"])
      expect(await metric(name)).toMatch(/^\d+(\.\d+)? (ms|s)$/);
    expect(await metric("speedup")).toMatch(/^\d+\.\d\d×$/);
    // Eight calls ran (an attempt each) and one was skipped (a mark): nine things drawn.
    expect(await page.getAttribute(".weft-timeline", "data-drawn-bars")).toBe("9");
    const tools = await page.$$eval("#tool-statistics tbody tr", (elements) =>
      elements.map((element) => (element as unknown as PageElement).dataset.tool),
    );
    expect(tools).toEqual(["demo.fail", "sleep", "text.upper"]);

    if (process.env.WEFT_SCREENSHOTS === "1") {
      await page.mouse.move(...(Object.values(await locate(page, "summarise")) as [number, number]));
      await mkdir(join(repositoryRoot, "docs"), { recursive: true });
      await page.screenshot({ path: join(repositoryRoot, "docs", "report.png"), fullPage: true });
    }
    await page.close();
  });

  it("marks a failed call in red, in the list and on the chart, and tells why on hover", async () => {
    const page = await openReport(reportPath);
    const row = page.locator('tr[data-call-id="validate"]');
    expect(await row.getAttribute("data-status")).toBe("failed");
    expect(await row.isVisible()).toBe(true);
    expect(
      await row.locator(".wt-status-swatch").evaluate((element) => getComputedStyle(element).backgroundColor),
    ).toBe(`rgb(${failedRed.join(", ")})`);
    const point = await locate(page, "validate");
    expect(await pixelAt(page, point)).toEqual(failedRed);
    expect(await pixelAt(page, await locate(page, "fetch-users"))).not.toEqual(failedRed);

    await page.mouse.move(point.x, point.y);
    const tooltip = page.locator(".wt-tooltip");
    expect(await tooltip.isVisible()).toBe(true);
    expect(await tooltip.locator(".wt-tip-title").textContent()).toBe("validate");
    expect(await tooltip.locator(".wt-tip-status").getAttribute("data-status")).toBe("failed");
    expect(await tooltip.textContent()).toContain("TOOL_FAILED");
    expect(await tooltip.textContent()).toContain("after fetch-stock");
    expect(await page.getAttribute(".weft-timeline", "data-hover-call-id")).toBe("validate");
    await page.close();
  });

  it("shows ids and tool names holding HTML as text, and runs none of it", async () => {
    const hostileId = "</script><script>window.pwned=1</script>";
    const hostileTool = "<img src=x onerror=window.pwned=2>";
    const timeline = finishedTimeline(
      [
        queued(hostileId, hostileTool, 0),
        start(hostileId, hostileTool, 1),
        end(hostileId, hostileTool, 30, "failed", { message: "<b onmouseover=window.pwned=3>x</b>" }),
      ],
      30,
      "failed",
    );
    const path = join(await temporaryFolder(), "hostile.html");
    await writeFile(path, renderReport(timeline));
    const page = await openReport(path);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(await page.locator("img, b").count()).toBe(0);
    const row = page.locator("tr[data-call-id]");
    expect(await row.getAttribute("data-call-id")).toBe(hostileId);
    expect(await row.locator("td").nth(1).textContent()).toBe(hostileId);
    expect(await row.locator("td").nth(2).textContent()).toBe(hostileTool);
    expect(await page.textContent("#tool-statistics tbody td")).toBe(hostileTool);
    const point = await locate(page, hostileId);
    await page.mouse.move(point.x, point.y);
    expect(await page.textContent(".wt-tip-title")).toBe(hostileId);
    expect(await page.locator(".wt-tooltip img, .wt-tooltip b").count()).toBe(0);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    await page.close();
  });

  it("draws 10,000 calls, lists them a page at a time, and answers hover, filter and the tool toggle", async () => {
    const path = join(await temporaryFolder(), "large.html");
    await writeFile(path, renderReport(syntheticTimeline(10_000, { failEvery: 1000 })));
    const startedAt = Date.now();
    const page = await openReport(path);
    // A generous bound: it must not take seconds of script to open.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(await page.getAttribute(".weft-timeline", "data-call-count")).toBe("10000");
    expect(Number(await page.getAttribute(".weft-timeline", "data-drawn-bars"))).toBeGreaterThan(1000);
    expect(await page.locator("tr[data-call-id]").count()).toBe(200);
    expect(await page.textContent(".wt-calls-summary")).toBe("Calls: 10000, showing the first 200");

    await page.click(".wt-more");
    expect(await page.locator("tr[data-call-id]").count()).toBe(700);

    await page.fill(".wt-filter", "failed");
    const statuses = await page.$$eval("tr[data-call-id]", (elements) =>
      elements.map((element) => (element as unknown as PageElement).dataset.status),
    );
    expect(statuses).toEqual(Array.from({ length: 10 }, () => "failed"));

    // Zoom in around the failed call with Ctrl+wheel, where its bar is wide enough to hold a pixel of its own.
    const far = await locate(page, "call-999");
    await page.mouse.move(far.x, far.y);
    await page.keyboard.down("Control");
    for (let step = 0; step < 8; step++) await page.mouse.wheel(0, -100);
    await page.keyboard.up("Control");
    const point = await locate(page, "call-999");
    expect(await pixelAt(page, point)).toEqual(failedRed);
    await page.mouse.move(point.x, point.y);
    expect(await page.textContent(".wt-tip-title")).toBe("call-999");

    await page.click("button[data-mode=tool]");
    expect(await locate(page, "call-6").catch(() => null)).toBeNull();
    await page.click("button[title='Show the whole run']");
    expect(await page.getAttribute(".weft-timeline", "data-mode")).toBe("tool");
    expect(Number(await page.getAttribute(".weft-timeline", "data-drawn-bars"))).toBeGreaterThan(1000);
    const byTool = await locate(page, "call-6");
    await page.mouse.move(byTool.x, byTool.y);
    expect(await page.textContent(".wt-tip-title")).toBe("call-6");
    await page.close();
  });

  it("draws a run still going: a running call in blue, a waiting one listed", async () => {
    const builder = new TimelineBuilder();
    for (const event of [
      { type: "run-start", runId: "live", time: 0, calls: 2, concurrency: 1 } as const,
      queued("busy", "work", 0),
      start("busy", "work", 1),
      queued("queued", "work", 2),
      {
        type: "call-progress",
        runId: "live",
        time: 40,
        callId: "busy",
        tool: "work",
        attempt: 1,
        progress: 0.5,
      } as const,
    ]) {
      builder.add(event);
    }
    const path = join(await temporaryFolder(), "live.html");
    await writeFile(path, renderReport(builder.snapshot()));
    const page = await openReport(path);
    const statuses = await page.$$eval("tr[data-call-id]", (elements) =>
      elements.map((element) => (element as unknown as PageElement).dataset.status),
    );
    expect(statuses).toEqual(["running", "waiting"]);
    expect(await pixelAt(page, await locate(page, "busy"))).toEqual([59, 130, 246]);
    await page.close();
  });

  it("keeps the zoom and the mode when drawn again with a newer snapshot", async () => {
    const path = join(await temporaryFolder(), "live.html");
    await writeFile(path, renderReport(syntheticTimeline(200)));
    const page = await openReport(path);
    await page.click("button[data-mode=tool]");
    await page.click("button[title^='Zoom in']");
    const before = await locate(page, "call-100");
    const calls = await page.evaluate(() => {
      const view = (globalThis as unknown as { WeftTimelineView: { render(...args: unknown[]): void } })
        .WeftTimelineView;
      const timeline = JSON.parse(document.getElementById("weft-timeline")?.textContent ?? "{}") as {
        calls: { id: string }[];
      };
      const grown = {
        ...timeline,
        calls: [...timeline.calls, { ...timeline.calls[0], id: "late-call", tool: "tool-5" }],
      };
      view.render(document.getElementById("timeline"), grown, {});
      return document.querySelectorAll(".weft-timeline").length;
    });
    expect(calls).toBe(1);
    expect(await page.getAttribute(".weft-timeline", "data-mode")).toBe("tool");
    expect(await page.getAttribute(".weft-timeline", "data-call-count")).toBe("201");
    expect(await locate(page, "call-100")).toEqual(before);
    await page.close();
  });
});
