import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repositoryRoot, weftBin } from "../cli/helpers.js";

const hook = pathToFileURL(join(repositoryRoot, "bench", "loaded-modules.js")).href;
const entry = pathToFileURL(join(repositoryRoot, "dist", "index.js")).href;

/** Libraries that only some programs use: none of them may load before it is needed. */
const heavy = [
  "@modelcontextprotocol/sdk",
  "hono",
  "@hono/node-server",
  "express",
  "ajv",
  "ajv-formats",
  "yaml",
  "piscina",
  "@opentelemetry/api",
  "openai",
  "@anthropic-ai/sdk",
  "ai",
  "zod",
];

interface Loaded {
  /** The packages whose modules were loaded, each once. */
  packages: string[];
  /** How many of weft's own modules (dist/, bin/) were loaded. */
  ownModules: number;
}

/** Runs node with `args` under bench/loaded-modules.js and says what it loaded. */
async function loadedBy(args: readonly string[]): Promise<Loaded> {
  const folder = await mkdtemp(join(tmpdir(), "weft-loaded-"));
  const file = join(folder, "modules.txt");
  try {
    await promisify(execFile)(process.execPath, ["--import", hook, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, WEFT_LOADED_MODULES_FILE: file, NO_COLOR: "1" },
    });
    const urls = new Set((await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean));
    const packages = new Set<string>();
    let ownModules = 0;
    for (const url of urls) {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      if (name === undefined) ownModules++;
      else packages.add(name);
    }
    return { packages: [...packages].sort(), ownModules };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("start-up loads only what the command uses", () => {
  it('import "weft" loads none of the optional libraries, nor ajv, yaml, piscina or OpenTelemetry', async () => {
    const loaded = await loadedBy(["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`]);
    expect(loaded.packages.filter((name) => heavy.includes(name))).toEqual([]);
  });

  it("weft --help loads commander and a few dozen of weft's modules, not the commands' code", async () => {
    const loaded = await loadedBy([weftBin, "--help"]);
    expect(loaded.packages.filter((name) => heavy.includes(name))).toEqual([]);
    // 25 today: main.ts and the option builders. The executor alone is over a hundred.
    expect(loaded.ownModules).toBeLessThanOrEqual(40);
  });

  it("weft run of a JSON plan with built-in tools loads no MCP SDK, ajv, yaml, piscina or OpenTelemetry", async () => {
    const loaded = await loadedBy([
      weftBin,
      "run",
      "bench/startup-plan.json",
      "--quiet",
      "--no-estimates",
      "--no-config",
      "--root",
      "bench",
    ]);
    // zod validates the built-in tools' input.
    const allowed = new Set(["zod"]);
    expect(loaded.packages.filter((name) => heavy.includes(name) && !allowed.has(name))).toEqual([]);
  });
});
