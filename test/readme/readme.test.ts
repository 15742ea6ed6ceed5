import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { type CodeBlock, extractCodeBlocks } from "./code-blocks.js";
import { type BuildLayout, exportSources } from "./export-sources.js";

// Every code block of the README is a program a reader may paste: the TypeScript and JavaScript ones are type-checked
// here, each as a module of its own, against the sources behind the package's exports, so the README cannot drift
// from the API. A block that is not meant to compile starts with `// not checked: <why>`.

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const readmePath = join(repositoryRoot, "README.md");
const readme = await readFile(readmePath, "utf8");
const blocks = extractCodeBlocks(readme);

const checkedLanguages: Record<string, string> = {
  ts: ".ts",
  typescript: ".ts",
  js: ".js",
  javascript: ".js",
};
const otherLanguages = new Set(["json", "yaml", "sh", "text"]);
const notChecked = /^\/\/ not checked: \S/;

const codeBlocks = blocks.filter((block) => block.language in checkedLanguages);
const checkedBlocks = codeBlocks.filter((block) => !notChecked.test(block.code));

let temporaryFolder: string | undefined;
afterAll(async () => {
  if (temporaryFolder !== undefined) await rm(temporaryFolder, { recursive: true, force: true });
});

describe("README.md", () => {
  it("names a known language on every code block", () => {
    const unnamed = blocks
      .filter((block) => !(block.language in checkedLanguages) && !otherLanguages.has(block.language))
      .map((block) => `line ${block.fenceLine}: \`\`\`${block.language}`);
    expect(unnamed, "code blocks whose language is missing or unknown").toEqual([]);
  });

  it("has TypeScript blocks to check", () => {
    expect(checkedBlocks.length).toBeGreaterThanOrEqual(5);
  });

  it("names only entry points the package exports", () => {
    const exported = new Set(Object.keys(exportSources(repositoryRoot, buildLayout())));
    const named = new Set(
      [...readme.matchAll(/(?<![\w./-])weft\/([a-z][a-z0-9-]*)/g)].map((match) => `weft/${match[1]}`),
    );
    expect([...named].filter((specifier) => !exported.has(specifier))).toEqual([]);
  });

  it("has JSON blocks that parse", () => {
    const problems: string[] = [];
    for (const block of blocks.filter((candidate) => candidate.language === "json")) {
      try {
        JSON.parse(block.code);
      } catch (error) {
        problems.push(`README.md:${block.fenceLine + 1}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has TypeScript and JavaScript blocks that type-check under strict and noUncheckedIndexedAccess", async () => {
    temporaryFolder = await mkdtemp(join(tmpdir(), "weft-readme-"));
    const folder = temporaryFolder;
    // The blocks import zod, the providers' SDKs and node:* as a user's project would: from node_modules, as ES modules.
    await symlink(join(repositoryRoot, "node_modules"), join(folder, "node_modules"), "dir");
    await writeFile(join(folder, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
    const files = new Map<string, CodeBlock>();
    for (const block of checkedBlocks) {
      const file = join(folder, `readme-line-${block.fenceLine}${checkedLanguages[block.language]}`);
      // `export {}` keeps a block without imports a module, so that no two blocks share a scope.
      await writeFile(file, `${block.code}\nexport {};\n`);
      files.set(basename(file), block);
    }

    const options = compilerOptions();
    const typeScript = [...files.keys()].filter((name) => name.endsWith(".ts"));
    const javaScript = [...files.keys()].filter((name) => name.endsWith(".js"));
    const diagnostics = [
      ...typeCheck(folder, typeScript, options),
      // Plain JavaScript has no annotations to give: only its implicit `any`s are let through.
      ...typeCheck(folder, javaScript, { ...options, noImplicitAny: false }),
    ];
    expect(diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, files))).toEqual([]);
  }, 180_000);
});

/** The problems of the given files of `folder`, each a module of one program. */
function typeCheck(folder: string, names: readonly string[], options: ts.CompilerOptions): ts.Diagnostic[] {
  if (names.length === 0) return [];
  const program = ts.createProgram({ rootNames: names.map((name) => join(folder, name)), options });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const sourceFile of program.getSourceFiles()) {
    if (!names.includes(basename(sourceFile.fileName))) continue;
    diagnostics.push(
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    );
  }
  return diagnostics;
}

/** The repository's compiler options, strict, with `weft` and `weft/<subpath>` resolved to their sources. */
function compilerOptions(): ts.CompilerOptions {
  const paths: Record<string, string[]> = {};
  for (const [specifier, source] of Object.entries(exportSources(repositoryRoot, buildLayout()))) {
    paths[specifier] = [source];
  }
  return {
    ...parseConfig("tsconfig.json"),
    strict: true,
    noUncheckedIndexedAccess: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    paths,
  };
}

function buildLayout(): BuildLayout {
  const { rootDir, outDir } = parseConfig("tsconfig.build.json");
  if (rootDir === undefined || outDir === undefined) {
    throw new Error(
      "tsconfig.build.json sets no rootDir or outDir: the exports cannot be mapped to their sources",
    );
  }
  return { rootDir, outDir };
}

function parseConfig(name: string): ts.CompilerOptions {
  const path = join(repositoryRoot, name);
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, repositoryRoot, undefined, path).options;
}

/** `README.md:<line>: TS<code> <message>` for a diagnostic in a block; the file and line for any other. */
function describeDiagnostic(diagnostic: ts.Diagnostic, files: Map<string, CodeBlock>): string {
  const message = `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  const file = diagnostic.file;
  if (file === undefined || diagnostic.start === undefined) return message;
  const { line } = file.getLineAndCharacterOfPosition(diagnostic.start);
  const block = files.get(basename(file.fileName));
  if (block === undefined) return `${file.fileName}:${line + 1}: ${message}`;
  const source = block.code.split("\n")[line]?.trim() ?? "";
  return `README.md:${block.fenceLine + 1 + line}: ${message}\n    ${source}`;
}
