// The custom tools of the audit demo, loaded with `--tools examples/audit/tools.js`. Plain JavaScript with no import
// from weft: a tool is { name, description?, inputSchema?, execute(args, context) }.
import { fileHistory, gitHistory } from "./git-tools.js";
import { languageOf } from "./languages.js";
import { dependencies, packageContents } from "./npm-tools.js";
import { ownership } from "./ownership.js";
import { renderReport } from "./render-report.js";

/** Counts files and lines per language over `fs.read` outputs ({ path, content, bytes }). */
export const countLines = {
  name: "audit.count-lines",
  description: "Count files and lines per language, from the outputs of fs.read calls.",
  inputSchema: {
    type: "object",
    properties: {
      files: {
        type: "array",
        items: {
          type: "object",
          properties: { path: { type: "string" }, content: { type: "string" } },
          required: ["path", "content"],
        },
      },
      top: { type: "integer", minimum: 0 },
    },
    required: ["files"],
  },
  execute({ files, top = 10 }) {
    const byLanguage = new Map();
    const perFile = files.map(({ path, content }) => {
      const lines = content === "" ? 0 : content.split("\n").length - (content.endsWith("\n") ? 1 : 0);
      const language = languageOf(path) ?? "Other";
      const tally = byLanguage.get(language) ?? { language, files: 0, lines: 0 };
      tally.files++;
      tally.lines += lines;
      byLanguage.set(language, tally);
      return { path, lines };
    });
    perFile.sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path));
    return {
      files: files.length,
      lines: perFile.reduce((total, file) => total + file.lines, 0),
      languages: [...byLanguage.values()].sort((a, b) => b.lines - a.lines),
      largest: perFile.slice(0, top),
    };
  },
};

/** Summarises the manifests it is given by name: package.json, tsconfig.json, biome.json, .gitignore. */
export const manifests = {
  name: "audit.manifests",
  description:
    "Summarise package.json, tsconfig.json, biome.json and .gitignore, given as { files: { name: text } }.",
  execute({ files }) {
    const pkg = parseJson(files["package.json"]);
    const tsconfig = parseJson(files["tsconfig.json"]);
    const biome = parseJson(files["biome.json"]);
    const compilerOptions = tsconfig?.compilerOptions ?? {};
    return {
      present: Object.keys(files),
      name: pkg?.name ?? "(unnamed)",
      version: pkg?.version ?? "?",
      node: pkg?.engines?.node ?? "any",
      dependencies: Object.keys(pkg?.dependencies ?? {}),
      devDependencies: Object.keys(pkg?.devDependencies ?? {}),
      scripts: Object.keys(pkg?.scripts ?? {}),
      strictness:
        tsconfig === undefined
          ? []
          : ["strict", "noUncheckedIndexedAccess", "noImplicitOverride", "exactOptionalPropertyTypes"].map(
              (flag) => ({ flag, isOn: compilerOptions[flag] === true }),
            ),
      lineWidth: biome?.formatter?.lineWidth ?? null,
      lintPreset: biome?.linter?.rules?.preset ?? (biome?.linter?.rules?.recommended ? "recommended" : null),
      ignored: (files[".gitignore"] ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#")),
    };
  },
};

/** Writes the Markdown report from everything the other calls found. */
export const report = {
  name: "audit.report",
  description: "Render the audit report as Markdown.",
  execute(input) {
    return { markdown: renderReport(input, new Date()) };
  },
};

function parseJson(text) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { dependencies, fileHistory, gitHistory, ownership, packageContents };
export default [
  countLines,
  manifests,
  gitHistory,
  fileHistory,
  ownership,
  dependencies,
  packageContents,
  report,
];
