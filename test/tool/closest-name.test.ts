import { describe, expect, it } from "vitest";
import { closeNames, closestName } from "../../src/tool/closest-name.js";

describe("closeNames and closestName", () => {
  it("list every likely typo in the candidates' order, and pick the closest, the earliest on a tie", () => {
    expect(closeNames("echp", ["echo", "fetch", "ech"])).toEqual(["echo", "ech"]);
    expect(closestName("echp", ["ech", "echo"])).toBe("ech");
    expect(closestName("serach", ["search", "fetch"])).toBe("search");
  });

  it("count a case or separator slip as one edit", () => {
    expect(closeNames("SEARCH_WEB", ["search-web", "fetch_page"])).toEqual(["search-web"]);
    expect(closestName("Fs.Read", ["fs_write", "fs_read"])).toBe("fs_read");
  });

  it("allow two edits, or a quarter of a longer name, and suggest nothing further off", () => {
    expect(closestName("wether", ["weather"])).toBe("weather");
    expect(closestName("translate", ["search", "math", "echo"])).toBeUndefined();
    expect(closestName("sumarise_documnts", ["summarize_documents"])).toBe("summarize_documents");
    expect(closestName("fetch_all_pages", ["fetch_page"])).toBeUndefined();
    expect(closeNames("anything", [])).toEqual([]);
  });
});
