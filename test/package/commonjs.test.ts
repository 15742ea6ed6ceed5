import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageEntries, repositoryRoot } from "./entries.js";

const run = promisify(execFile);
const tsc = join(repositoryRoot, "node_modules", "typescript", "bin", "tsc");

// A CommonJS project of its own, outside the repository, with weft linked into its node_modules as npm would
// install it; weft's own dependencies resolve from the repository, where the link points.
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "weft-commonjs-"));
  await mkdir(join(project, "node_modules"));
  await symlink(repositoryRoot, join(project, "node_modules", "weft"), "dir");
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", type: "commonjs" }));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/** The top-level awaits of a file: require() cannot load a module graph that has one. */
function topLevelAwaits(fileName: string, text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      found.push(`${fileName}:${line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  visit(sourceFile);
  return found;
}

describe("weft from CommonJS", () => {
  it("has no top-level await in dist/, where every module may be reached by require()", async () => {
    const distDirectory = join(repositoryRoot, "dist");
    const files = (await readdir(distDirectory, { recursive: true })).filter((file) => file.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    const found = await Promise.all(
      files.map(async (file) => topLevelAwaits(file, await readFile(join(distDirectory, file), "utf8"))),
    );
    expect(found.flat()).toEqual([]);
  });

  it("require()s every entry of the package", async () => {
    const script = `
      const names = {};
      for (const specifier of ${JSON.stringify(packageEntries.map((entry) => entry.specifier))}) {
        names[specifier] = Object.keys(require(specifier)).length;
      }
      process.stdout.write(JSON.stringify(names));
    `;
    await writeFile(join(project, "require-all.js"), script);
    const { stdout } = await run(process.execPath, ["require-all.js"], { cwd: project });
    const names = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(names)).toEqual(packageEntries.map((entry) => entry.specifier));
    for (const [specifier, count] of Object.entries(names)) expect(count, specifier).toBeGreaterThan(0);
  });

  it("type-checks a .cts consumer under module: nodenext, and the compiled file runs", async () => {
    const imports = packageEntries.map(
      (entry, index) => `import * as entry${index} from "${entry.specifier}";`,
    );
    const consumer = `${imports.join("\n")}
import { defineTool, Executor, type RunResult } from "weft";
import { builtinTools } from "weft/builtin";

const upper = defineTool({
  name: "upper",
  input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } as const,
  execute: async ({ text }) => text.toUpperCase(),
});

async function main(): Promise<void> {
  const executor = new Executor({ tools: [upper, ...builtinTools()] });
  const run = executor.run({ calls: [{ id: "a", tool: "upper", args: { text: "cjs" } }] });
  const result: RunResult = await run.result();
  const loaded = [${packageEntries.map((_, index) => `entry${index}`).join(", ")}].map((entry) => Object.keys(entry).length);
  console.log(JSON.stringify({ status: result.status, output: result.calls[0]?.output, loaded }));
  await executor.close();
}
void main();
`;
    await writeFile(join(project, "consumer.cts"), consumer);
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          noUncheckedIndexedAccess: true,
          // The providers' SDKs ship declarations that need @types packages this project lacks; weft's own
          // declarations are checked by the API report test.
          skipLibCheck: true,
          outDir: "out",
          typeRoots: [join(repositoryRoot, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["consumer.cts"],
      }),
    );
    await run(process.execPath, [tsc, "-p", "."], { cwd: project }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${error.stdout ?? String(error)}`);
    });
    const { stdout } = await run(process.execPath, [join("out", "consumer.cjs")], { cwd: project });
    const outcome = JSON.parse(stdout) as { status: string; output: unknown; loaded: number[] };
    expect(outcome).toMatchObject({ status: "succeeded", output: "CJS" });
    expect(outcome.loaded.every((count) => count > 0)).toBe(true);
  }, 120_000);
});
