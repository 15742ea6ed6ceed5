#!/usr/bin/env node
// `npm run demo`: an agent answers a travel question with tools that call remote APIs, in weft's three modes, and the
// measured latencies are compared. The model is simulated (weft/test's model server, streaming at a real model's
// pace) and the APIs are a local stand-in service (seeded latencies, a 429 with retry-after, a 503), so it needs no
// key and no network, and every run meets the same latencies. What is measured is real: wall-clock time, real HTTP
// calls, weft's real scheduling.
//
//   node examples/demo/run-demo.js [--seed 7] [--time-scale 1] [--report <path>] [--json] [--help]
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeReportFile } from "weft";
import { sampleCpuBusy } from "../audit/speedup.js";
import { expectedAnswer, problemsOf } from "./check-mode.js";
import { comparison, introduction, modeHeading, modeResult, seconds } from "./demo-output.js";
import { runMode } from "./run-mode.js";
import { question } from "./trip-question.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const usage = `Usage: node examples/demo/run-demo.js [options]

Runs an agent in sequential, parallel and compiler mode against a simulated model and stand-in remote APIs, and
compares the measured latencies.

Options:
  --seed <n>          draws the stand-in APIs' latencies and data (default 7)
  --time-scale <x>    multiplies every latency of the model and the APIs, such as 0.2 for a quick run (default 1)
  --report <path>     where the fastest mode's HTML report goes (default .weft/demo-report.html in the repository)
  --json              print one JSON document with every mode's figures, calls and requests instead
  --help              show this
`;
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      seed: { type: "string", default: "7" },
      "time-scale": { type: "string", default: "1" },
      report: { type: "string", default: join(repositoryRoot, ".weft", "demo-report.html") },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }));
} catch (error) {
  fail(`${error.message}\n\n${usage}`);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const seed = Number(options.seed);
const timeScale = Number(options["time-scale"]);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${JSON.stringify(options.seed)}`);
if (!(Number.isFinite(timeScale) && timeScale > 0)) {
  fail(`--time-scale must be a number > 0, got ${JSON.stringify(options["time-scale"])}`);
}
const reportPath = resolve(options.report);
const print = options.json ? () => {} : (lines) => console.log([lines].flat().join("\n"));

const cores = availableParallelism();
// Sampled before the demo starts anything of its own: how much of the machine other programs leave to it.
const busyBefore = await sampleCpuBusy(400);
print(introduction({ seed, timeScale, cores, busyBefore }));

const expected = expectedAnswer(seed);
const runs = [];
const problems = {};
for (const mode of ["sequential", "parallel", "compiler"]) {
  print(modeHeading(mode));
  let run;
  try {
    run = await runMode(mode, { seed, timeScale });
  } catch (error) {
    problems[mode] = [`the agent threw: ${error instanceof Error ? error.stack : String(error)}`];
    print(`  ${problems[mode][0]}\n`);
    continue;
  }
  problems[mode] = problemsOf(run, expected);
  runs.push(run);
  print([
    ...modeResult(run, runs[0]?.mode === "sequential" ? runs[0].latencyMs : undefined, problems[mode]),
    "",
  ]);
}

const succeeded = runs.filter((run) => problems[run.mode].length === 0);
const fastest = succeeded.toSorted((a, b) => a.latencyMs - b.latencyMs)[0] ?? runs[0];
if (fastest !== undefined) {
  await writeReportFile(reportPath, fastest.timeline, {
    title: `weft demo, ${fastest.mode} mode: ${question}`,
  });
}
const isFailed = Object.values(problems).some((list) => list.length > 0);

if (options.json) {
  const sequential = runs.find((run) => run.mode === "sequential");
  const modes = runs.map(({ timeline, ...run }) => ({
    ...run,
    speedup: sequential === undefined ? undefined : sequential.latencyMs / run.latencyMs,
    problems: problems[run.mode],
  }));
  const document = {
    seed,
    timeScale,
    cores,
    busyBefore,
    question,
    expectedAnswer: expected,
    modes,
    problems,
  };
  console.log(
    JSON.stringify(
      { ...document, report: fastest === undefined ? undefined : { path: reportPath, mode: fastest.mode } },
      null,
      2,
    ),
  );
} else {
  print([...comparison(runs), ""]);
  if (fastest?.answer !== undefined) {
    const isSame = succeeded.length === runs.length && runs.length === 3;
    print([
      isSame ? "Answer (the same in every mode):" : `Answer (${fastest.mode} mode):`,
      ...fastest.answer.split("\n").map((line) => `  ${line}`),
      "",
    ]);
  }
  if (fastest !== undefined) {
    print(
      `Report of the fastest mode (${fastest.mode}, ${seconds(fastest.latencyMs)}): ${shownPath(reportPath)}\n  open it in a browser: every tool call and model turn on one timeline, and what each waited for (its speedup
  compares the run with its own call and turn times added up, not with sequential mode).`,
    );
  }
  print(
    "The model and the remote APIs are simulated, with the latencies above; the times are measured, of real HTTP calls scheduled by weft.",
  );
  if (isFailed) console.error("\nA mode failed: see the ✗ lines above.");
}
process.exit(isFailed ? 1 : 0);

/** A path under the working folder as a relative one, shorter to read; any other as it is. */
function shownPath(path) {
  const shown = relative(process.cwd(), path);
  return shown.startsWith("..") ? path : shown;
}

function fail(message) {
  console.error(`run-demo: ${message}`);
  process.exit(2);
}
