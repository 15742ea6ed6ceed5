/**
 * Start-up: how long `weft --help`, `weft run` of a 3-call plan and `import "weft"` take, as ratios to `node -e ''`
 * measured in the same interleaved loop (so that a busy machine slows every case alike), and how many modules each
 * loads. Part of `npm run bench`; alone: `node bench/startup.js [--quick]` (needs a build: it runs ../dist).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { markdownTable } from "./markdown-table.js";
import { missedTargetsLine, partRecordLines, runPartMain } from "./part-main.js";
import { median } from "./statistics.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const weft = join(root, "bin", "weft.js");
const entry = pathToFileURL(join(root, "dist", "index.js")).href;
const hook = pathToFileURL(fileURLToPath(new URL("./loaded-modules.js", import.meta.url))).href;

/** The cases, each a node command line run from the repository's root, with its target as a ratio to `node -e ''`. */
export const startupCases = [
  { name: "node -e ''", args: ["-e", ""] },
  { name: "weft --help", args: [weft, "--help"], target: 1.5 },
  {
    name: "weft run (3 calls)",
    args: [
      weft,
      "run",
      "bench/startup-plan.json",
      "--quiet",
      "--no-estimates",
      "--no-config",
      "--root",
      "bench",
    ],
    target: 2,
  },
  {
    name: 'import "weft"',
    args: ["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`],
    target: 1.5,
  },
];

function runOnce(args, env = process.env) {
  const started = performance.now();
  const outcome = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
  const elapsedMs = performance.now() - started;
  if (outcome.status !== 0) {
    throw new Error(
      `node ${args.join(" ")} exited with ${outcome.status ?? outcome.signal}: ${outcome.stderr}`,
    );
  }
  return elapsedMs;
}

/** The modules one run of `args` loads: weft's own and each package's, by the hook of bench/loaded-modules.js. */
export function loadedModules(args) {
  const folder = mkdtempSync(join(os.tmpdir(), "weft-modules-"));
  const file = join(folder, "modules.txt");
  try {
    runOnce(["--import", hook, ...args], { ...process.env, WEFT_LOADED_MODULES_FILE: file });
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const urls = [...new Set(text.split("\n").filter(Boolean))];
    const packages = new Map();
    let own = 0;
    for (const url of urls) {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      if (name === undefined) own++;
      else packages.set(name, (packages.get(name) ?? 0) + 1);
    }
    return { total: urls.length, own, packages: Object.fromEntries(packages) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function runStartup({ quick = false, log = () => {} } = {}) {
  const rounds = quick ? 3 : 11;
  const times = startupCases.map(() => []);
  for (const testCase of startupCases) runOnce(testCase.args); // warms the file cache
  for (let round = 0; round < rounds; round++) {
    for (const [index, testCase] of startupCases.entries()) times[index].push(runOnce(testCase.args));
    log(`round ${round + 1}/${rounds} done`);
  }
  const baselineMs = median(times[0]);
  const cases = startupCases.map((testCase, index) => {
    const medianMs = median(times[index]);
    const ratio = medianMs / baselineMs;
    return {
      name: testCase.name,
      medianMs,
      ratio,
      target: testCase.target,
      verdict: testCase.target === undefined ? "" : ratio <= testCase.target ? "met" : "MISSED",
      modules: loadedModules(testCase.args),
    };
  });
  return { rounds, cases, loadAverage: os.loadavg()[0] };
}

export function startupTable(report) {
  return markdownTable(
    [
      "command",
      "median",
      "÷ node -e ''",
      "target",
      "verdict",
      "modules (weft's / packages')",
      "packages loaded",
    ],
    report.cases.map((row) => [
      row.name,
      `${row.medianMs.toFixed(0)} ms`,
      `${row.ratio.toFixed(2)}×`,
      row.target === undefined ? "" : `≤ ${row.target}×`,
      row.verdict,
      `${row.modules.total} (${row.modules.own} / ${row.modules.total - row.modules.own})`,
      Object.entries(row.modules.packages)
        .map(([name, count]) => `${name} ${count}`)
        .join(", "),
    ]),
    { alignRight: [1, 2, 5] },
  );
}

function verdicts(report) {
  return report.cases
    .filter((row) => row.target !== undefined)
    .map((row) => ({ target: `${row.name} ≤ ${row.target}× node -e ''`, verdict: row.verdict }));
}

export function startupSection({ command, date, sourceVersion, machine, report }) {
  return [
    "## Start-up",
    [
      ...partRecordLines("startup", { command, date, sourceVersion, machine }),
      `- Load average (1 minute) at the end: ${report.loadAverage.toFixed(2)}`,
    ].join("\n"),
    `Each command is a fresh \`node\` process started from the repository's root; the four run in turn, ${report.rounds} rounds after one untimed warm-up round, and each is given as its median and as a ratio to the median of \`node -e ''\` from the same rounds, so that a busy machine slows every case alike. \`weft run\` runs \`bench/startup-plan.json\` (fs.list and two 1 ms sleeps) with \`--quiet --no-estimates --no-config\`; \`import "weft"\` is \`node --input-type=module -e 'await import(".../dist/index.js")'\`. Modules are counted in one more run of each, by \`bench/loaded-modules.js\` (ES modules through a resolve hook, CommonJS ones from the require cache).`,
    startupTable(report),
    missedTargetsLine(verdicts(report)),
  ].join("\n\n");
}

async function main() {
  await runPartMain({
    name: "startup",
    title: "start-up",
    run: runStartup,
    summary: (report, { elapsedMs }) => [
      `\n${startupTable(report)}\n`,
      missedTargetsLine(verdicts(report)),
      `Done in ${(elapsedMs / 1000).toFixed(0)} s.`,
    ],
    section: startupSection,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
