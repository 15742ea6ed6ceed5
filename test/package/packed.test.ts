import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "./entries.js";

/**
 * The done-when check of the package: `npm pack`, install the tarball into an empty project from the registry as a
 * user would, and run the README's first library example there, once as an ES module and once through require().
 */
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function hasNpm(): boolean {
  try {
    execFileSync(npm, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The README's first TypeScript block, which the consumer section keeps as the smallest program. */
async function firstReadmeExample(): Promise<string> {
  const readme = await readFile(join(repositoryRoot, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README.md has no ```ts block");
  return block;
}

/**
 * The example as JavaScript in the given module format. Its statements go into an async function, since a CommonJS
 * file cannot await at top level; its imports stay at the top, where TypeScript turns them into require() for CJS.
 */
function asJavaScript(example: string, module: ts.ModuleKind): string {
  const lines = example.split("\n");
  const imports = lines.filter((line) => line.startsWith("import "));
  const body = lines.filter((line) => !line.startsWith("import "));
  const source = `${imports.join("\n")}\nasync function main() {\n${body.join("\n")}\n}\nmain().then(() => console.log("example finished"), (error) => { console.error(error); process.exitCode = 1; });\n`;
  return ts.transpileModule(source, { compilerOptions: { module, target: ts.ScriptTarget.ES2022 } })
    .outputText;
}

let folder: string;
let tarball: string;
let project: string;

const isNpmAvailable = hasNpm();

describe.skipIf(!isNpmAvailable)(
  `the packed package${isNpmAvailable ? "" : " (skipped: npm is not on PATH)"}`,
  () => {
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), "weft-packed-"));
      // The test setup has built dist/ already; --ignore-scripts keeps prepack from rebuilding it under the other
      // test files, which spawn bin/weft.js meanwhile.
      const { stdout } = await run(
        npm,
        ["pack", "--ignore-scripts", "--json", "--pack-destination", folder],
        {
          cwd: repositoryRoot,
        },
      );
      const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
      tarball = join(folder, packed.filename);
      project = join(folder, "project");
      await run(process.execPath, ["-e", `require("node:fs").mkdirSync(${JSON.stringify(project)})`]);
      await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
      await run(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, "zod"], {
        cwd: project,
        timeout: 280_000,
      });
    }, 300_000);

    afterAll(async () => {
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    });

    it("ships a manifest without prepare, a LICENSE, and source maps that carry their sources", async () => {
      const installed = join(project, "node_modules", "weft");
      const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as {
        scripts?: Record<string, string>;
        repository?: unknown;
        homepage?: string;
      };
      expect(manifest.scripts?.prepare).toBeUndefined();
      expect(manifest.repository).toBeDefined();
      expect(manifest.homepage).toMatch(/^https:\/\//);
      expect(await readFile(join(installed, "LICENSE"), "utf8")).toContain("MIT License");
      const map = JSON.parse(await readFile(join(installed, "dist", "index.js.map"), "utf8")) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(map.sourcesContent?.length).toBe(map.sources.length);
      const { stdout } = await run(process.execPath, [join(installed, "bin", "weft.js"), "run", "--help"]);
      expect(stdout).not.toContain("examples/");
    });

    it("runs the README's first example as an ES module", async () => {
      await writeFile(
        join(project, "example.mjs"),
        asJavaScript(await firstReadmeExample(), ts.ModuleKind.ESNext),
      );
      const { stdout } = await run(process.execPath, ["example.mjs"], { cwd: project, timeout: 60_000 });
      expect(stdout).toContain("succeeded [ 'Hello, Ada!', 'Hello, Alan!' ]");
      expect(stdout).toContain("example finished");
    }, 90_000);

    it("runs the README's first example through require()", async () => {
      const example = asJavaScript(await firstReadmeExample(), ts.ModuleKind.CommonJS);
      expect(example).toContain('require("weft")');
      await writeFile(join(project, "example.cjs"), example);
      const { stdout } = await run(process.execPath, ["example.cjs"], { cwd: project, timeout: 60_000 });
      expect(stdout).toContain("succeeded [ 'Hello, Ada!', 'Hello, Alan!' ]");
      expect(stdout).toContain("example finished");
    }, 90_000);
  },
);
