import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
  "lru-cache",
];

interface Loaded {
  /** The packages whose modules were loaded, each once. */
  packages: string[];
  /** How many of weft's own files (dist/, bin/) were loaded. */
  ownModules: number;
  /** weft's source modules inside the loaded files of the bundle (`src/executor/run.ts`), from their source maps. */
  sources: string[];
}

/** The files of src/ that a built file holds, from its source map (none for a file without one, as bin/weft.js). */
async function sourcesOf(file: string): Promise<string[]> {
  const text = await readFile(`${file}.map`, "utf8").catch(() => undefined);
  if (text === undefined) return [];
  const map = JSON.parse(text) as { sources: string[] };
  return map.sources
    .map((source) =>
      relative(repositoryRoot, resolve(dirname(file), source))
        .split(sep)
        .join("/"),
    )
    .filter((source) => source.startsWith("src/"));
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
    const sources = new Set<string>();
    let ownModules = 0;
    for (const url of urls) {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      if (name !== undefined) {
        packages.add(name);
        continue;
      }
      ownModules++;
      for (const source of await sourcesOf(fileURLToPath(url))) sources.add(source);
    }
    return { packages: [...packages].sort(), ownModules, sources: [...sources].sort() };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("start-up loads only what the command uses", () => {
  it('import "weft" loads none of the optional libraries, nor ajv, yaml, piscina or OpenTelemetry', async () => {
    const loaded = await loadedBy(["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`]);
    expect(loaded.packages.filter((name) => heavy.includes(name))).toEqual([]);
    // The agent's loops and the dashboard's page load with their first use.
    expect(loaded.sources.filter((source) => /^src\/(agent\/compiler|cli)\//.test(source))).toEqual([]);
    expect(loaded.sources).not.toContain("src/telemetry/dashboard/dashboard-page-script.ts");
    expect(loaded.sources).toContain("src/executor/executor.ts");
    // Few files: Node's cost of loading a module graph grows with its number of files (scripts/build.js).
    expect(loaded.ownModules).toBeLessThanOrEqual(5);
  });

  it("weft --help loads no package (commander is bundled) and a few dozen of weft's modules, not the commands' code", async () => {
    const loaded = await loadedBy([weftBin, "--help"]);
    expect(loaded.packages).toEqual([]);
    // main.ts and the option builders; the executor is not among them.
    expect(loaded.sources.length).toBeLessThanOrEqual(40);
    expect(loaded.ownModules).toBeLessThanOrEqual(8);
    expect(loaded.sources).toContain("src/cli/main.ts");
    expect(loaded.sources).not.toContain("src/executor/executor.ts");
    expect(loaded.sources).not.toContain("src/cli/run-command.ts");
  });

  it("weft run of a JSON plan with built-in tools loads no zod, MCP SDK, ajv, yaml, piscina or OpenTelemetry", async () => {
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
    // The built-in tools check their input with weft's own schemas (src/builtin/input-schema.ts), not zod's.
    expect(loaded.packages.filter((name) => heavy.includes(name))).toEqual([]);
    expect(loaded.sources).toContain("src/builtin/input-schema.ts");
    // The command's code comes in a few files of its own beside the core's (scripts/build.js says why).
    expect(loaded.ownModules).toBeLessThanOrEqual(20);
    expect(loaded.sources).not.toContain("src/cli/mcp-serve-command.ts");
    expect(loaded.sources).not.toContain("src/telemetry/dashboard/dashboard-page-script.ts");
  });

  it('import "weft" loads none of Node\'s modules for servers, hashing and threads, nor node:fs with its streams', async () => {
    const loaded = await builtinsLoadedAfter(`await import(${JSON.stringify(entry)});`);
    // Each is taken where it is used (process.getBuiltinModule): a server, a token, a thread tool.
    const seldomUsed = ["http", "net", "crypto", "worker_threads", "perf_hooks", "stream"];
    expect(loaded.filter((name) => seldomUsed.includes(name))).toEqual([]);
    // The same check sees them once they are used.
    const afterUse = await builtinsLoadedAfter(
      `await import(${JSON.stringify(entry)}); process.getBuiltinModule("node:http"); await import("node:fs");`,
    );
    expect(afterUse).toEqual(expect.arrayContaining(["http", "net", "stream"]));
  });
});

/** The names of Node's own modules that `code`, run as an ES module, loads (from `process.moduleLoadList`). */
async function builtinsLoadedAfter(code: string): Promise<string[]> {
  const script = `const before = new Set(process.moduleLoadList);
${code}
console.log(JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: repositoryRoot,
  });
  return (JSON.parse(stdout) as string[]).map((name) => name.replace(/^NativeModule /, ""));
}
