// The custom tools of the audit demo, loaded with `--tools examples/audit/tools.js`. Plain JavaScript with no import
// from weft: a tool is { name, description?, inputSchema?, execute(args, context) }.
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { renderReport } from "./render-report.js";

const languages = {
  ".ts": "TypeScript",
  ".tsx": "TypeScript",
  ".js": "JavaScript",
  ".mjs": "JavaScript",
  ".cjs": "JavaScript",
  ".json": "JSON",
  ".md": "Markdown",
  ".yaml": "YAML",
  ".yml": "YAML",
  ".css": "CSS",
  ".html": "HTML",
  ".sh": "Shell",
};

/** Counts lines per language over the files of an `fs.list` listing (paths relative to the working directory). */
export const countLines = {
  name: "audit.count-lines",
  description: "Count files and lines per language, from the entries of a recursive fs.list.",
  inputSchema: {
    type: "object",
    properties: {
      entries: { type: "array", items: { type: "object" } },
      skip: { type: "array", items: { type: "string" } },
    },
    required: ["entries"],
  },
  async execute({ entries, skip = [] }, context) {
    const files = entries.filter(
      (entry) =>
        entry.type === "file" &&
        entry.size < 2_000_000 &&
        !skip.some((folder) => entry.path === folder || entry.path.startsWith(`${folder}/`)),
    );
    const byLanguage = new Map();
    const perFile = [];
    let done = 0;
    await Promise.all(
      files.map(async (file) => {
        const language = languages[extname(file.path).toLowerCase()] ?? "Other";
        const text = await readFile(resolve(process.cwd(), file.path), "utf8");
        const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
        const tally = byLanguage.get(language) ?? { language, files: 0, lines: 0 };
        tally.files++;
        tally.lines += lines;
        byLanguage.set(language, tally);
        perFile.push({ path: file.path, lines });
        if (++done % 25 === 0) context.progress({ read: done, of: files.length });
      }),
    );
    perFile.sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path));
    return {
      files: files.length,
      lines: perFile.reduce((total, file) => total + file.lines, 0),
      languages: [...byLanguage.values()].sort((a, b) => b.lines - a.lines),
      largest: perFile.slice(0, 10),
    };
  },
};

/** Reads the project's manifests: package.json, tsconfig.json, biome.json, .gitignore. */
export const manifests = {
  name: "audit.manifests",
  description: "Summarise package.json, tsconfig.json, biome.json and .gitignore.",
  execute({ packageJson, tsconfigJson, biomeJson, gitignore }) {
    const pkg = parseJson(packageJson);
    const tsconfig = parseJson(tsconfigJson);
    const biome = parseJson(biomeJson);
    const compilerOptions = tsconfig?.compilerOptions ?? {};
    return {
      name: pkg?.name ?? "(unnamed)",
      version: pkg?.version ?? "?",
      node: pkg?.engines?.node ?? "any",
      dependencies: Object.keys(pkg?.dependencies ?? {}),
      devDependencies: Object.keys(pkg?.devDependencies ?? {}),
      scripts: Object.keys(pkg?.scripts ?? {}),
      strictness: [
        "strict",
        "noUncheckedIndexedAccess",
        "noImplicitOverride",
        "exactOptionalPropertyTypes",
      ].map((flag) => ({ flag, isOn: compilerOptions[flag] === true })),
      lineWidth: biome?.formatter?.lineWidth ?? null,
      lintPreset: biome?.linter?.rules?.preset ?? (biome?.linter?.rules?.recommended ? "recommended" : null),
      ignored: gitignore
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#")),
    };
  },
};

/** Turns `git log`, `git shortlog -sn` and `git status` outputs into statistics; tolerates a repo with no history. */
export const gitHistory = {
  name: "audit.git-history",
  description: "Summarise the outputs of git log, git shortlog -sn and git status --porcelain.",
  execute({ log, authors, status }) {
    if (log.exitCode !== 0) {
      return { isAvailable: false, reason: firstLine(log.stderr) || `git exited with ${log.exitCode}` };
    }
    const commits = log.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const [hash, date, author, ...subject] = line.split("\t");
        return { hash, date, author, subject: subject.join("\t") };
      });
    const byDay = new Map();
    for (const commit of commits) byDay.set(commit.date, (byDay.get(commit.date) ?? 0) + 1);
    return {
      isAvailable: true,
      commits: commits.length,
      first: commits.at(-1) ?? null,
      last: commits[0] ?? null,
      activeDays: byDay.size,
      authors:
        authors.exitCode === 0
          ? authors.stdout
              .split("\n")
              .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
              .filter((match) => match !== null)
              .map((match) => ({ name: match[2], commits: Number(match[1]) }))
          : [],
      uncommitted:
        status.exitCode === 0 ? status.stdout.split("\n").filter((line) => line !== "").length : null,
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
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  return text.split("\n").find((line) => line.trim() !== "") ?? "";
}

export default [countLines, manifests, gitHistory, report];
