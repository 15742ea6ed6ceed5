import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/telemetry/index.js";
import { timelineViewScript } from "../../src/telemetry/report/timeline-view.js";
import { end, finishedTimeline, queued, start } from "./report-timelines.js";

const hostileId = "</script><script>window.pwned=1</script>";
const hostileTool = "<img src=x onerror=window.pwned=2>";
const timeline = finishedTimeline(
  [
    queued(hostileId, hostileTool, 0),
    start(hostileId, hostileTool, 1),
    end(hostileId, hostileTool, 5, "failed"),
  ],
  5,
  "failed",
);

/** The text of the JSON data block with this id. */
function dataBlock(html: string, id: string): string {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (match?.[1] === undefined) throw new Error(`no data block ${id}`);
  return match[1];
}

describe("renderReport", () => {
  const html = renderReport(timeline);

  it("is one document that loads nothing from elsewhere", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("never writes an id or tool name as markup: every `<` of the data is escaped", () => {
    expect(html).not.toContain(hostileId);
    expect(html).not.toContain(hostileTool);
    expect(html).not.toContain("<img");
    // Five script elements open and five close: the data could not close one early.
    expect(html.match(/<script/g)?.length).toBe(5);
    expect(html.match(/<\/script>/g)?.length).toBe(5);
  });

  it("embeds the timeline so that it reads back unchanged", () => {
    const block = dataBlock(html, "weft-timeline");
    expect(block).toContain("\\u003c/script>");
    expect(JSON.parse(block)).toEqual(timeline);
    const statistics = JSON.parse(dataBlock(html, "weft-tool-statistics")) as { tool: string }[];
    expect(statistics.map((row) => row.tool)).toEqual([hostileTool]);
  });

  it("keeps a title with markup as data, too", () => {
    const titled = renderReport(timeline, { title: "<b>bold</b>" });
    expect(titled).not.toContain("<b>bold</b>");
    expect(JSON.parse(dataBlock(titled, "weft-report-options"))).toEqual({ title: "<b>bold</b>" });
    expect(() => renderReport(timeline, { title: 3 as unknown as string })).toThrow(TypeError);
  });

  it("puts data on the page only through textContent, never as HTML", () => {
    expect(timelineViewScript).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
