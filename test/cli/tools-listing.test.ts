import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWeft, temporaryFolder } from "./helpers.js";

interface Listing {
  name: string;
  locks: { isPerCall: boolean; claims: { key: string; mode: string }[] };
}

describe("weft tools", () => {
  it("gives every tool's locks one shape in --json, whether they are per call, fixed or none", async () => {
    const folder = await temporaryFolder();
    const module = join(folder, "tools.js");
    await writeFile(
      module,
      `export default [
  { name: "plain", execute: () => 1 },
  { name: "readonly", annotations: { readOnlyHint: true }, execute: () => 1 },
];
`,
    );
    const outcome = await runWeft(["tools", "--tools", module, "--no-config", "--json"]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const listings = JSON.parse(outcome.stdout) as Listing[];
    for (const listing of listings) {
      expect(typeof listing.locks.isPerCall, listing.name).toBe("boolean");
      expect(Array.isArray(listing.locks.claims), listing.name).toBe(true);
    }
    const byName = new Map(listings.map((listing) => [listing.name, listing.locks]));
    // The built-in fs tools lock the paths each call names.
    expect(byName.get("fs.read")).toEqual({ isPerCall: true, claims: [] });
    expect(byName.get("plain")).toEqual({ isPerCall: false, claims: [] });

    const table = await runWeft(["tools", "--tools", module, "--no-config"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^fs\.read\s.*\sper call\s/m);
    expect(table.stdout).toMatch(/^plain\s+\S+\s+no\s+–\s+–\s+–\s+–$/m);
  });
});
