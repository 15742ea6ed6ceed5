/**
 * MCP tools through weft (issue 5).
 *
 *   node --expose-gc bench/mcp.js [--quick]
 *
 * Real MCP servers from npm, started over stdio: `@modelcontextprotocol/server-everything` and
 * `@modelcontextprotocol/server-filesystem`. Three measurements:
 *
 * 1. 20 calls of `trigger-long-running-operation` (1 s, 5 progress steps each): one by one through the SDK's client,
 *    against one weft plan of the 20 calls.
 * 2. 200 `read_text_file` calls on 200 files of 4 KB: one by one through the SDK's client, against one weft plan.
 * 3. The time weft adds to one MCP call: `echo` called through the SDK's client directly, and as a one-call weft run
 *    over `mcpTools`, alternately, each on a server process of its own; the target is under 0.2 ms at p50.
 *
 * A full run rewrites the "mcp" section of bench/RESULTS.md; `--quick` measures less and writes nothing. Needs a
 * build (`npx tsc -p tsconfig.build.json`).
 */
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mcpTools } from "../dist/adapters/mcp/index.js";
import { Executor } from "../dist/index.js";
import { markdownTable } from "./markdown-table.js";
import { missedTargetsLine, partRecordLines, runPartMain } from "./part-main.js";
import { median } from "./statistics.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const everythingBin = join(root, "node_modules/.bin/mcp-server-everything");
const filesystemBin = join(root, "node_modules/.bin/mcp-server-filesystem");
/** The SDK client's own timeout is 60 s by default; the one-by-one runs never come near it. */
const callOptions = { timeout: 120_000 };
const overheadTargetMs = 0.2;

/**
 * Runs the benchmark and returns its figures.
 *
 * @param {{ quick?: boolean, log?: (line: string) => void }} options
 */
export async function runMcp({ quick = false, log = () => {} } = {}) {
  const settings = {
    longCalls: quick ? 5 : 20,
    longArgs: { duration: 1, steps: 5 },
    files: quick ? 50 : 200,
    fileBytes: 4096,
    readRounds: quick ? 2 : 5,
    overheadRounds: quick ? 300 : 3000,
    warmup: quick ? 50 : 200,
    concurrency: 32,
  };
  const loadBefore = os.loadavg()[0];
  const long = await measureLongRunning(settings, log);
  const reads = await measureReads(settings, log);
  const overhead = await measureOverhead(settings, log);
  const inProcess = await measureInProcess(settings, log);
  return { settings, long, reads, overhead, inProcess, loadBefore, loadAfter: os.loadavg()[0] };
}

/** Workload 1: the everything server's long-running operation, one by one and as one weft plan. */
async function measureLongRunning(settings, log) {
  const tool = "trigger-long-running-operation";
  const direct = await connect("everything", everythingBin, []);
  const toolSet = await mcpTools({ name: "everything", command: everythingBin });
  try {
    const executor = new Executor({ tools: toolSet.tools, concurrency: settings.concurrency });
    let progressDirect = 0;
    const oneByOneMs = await timed(async () => {
      for (let index = 0; index < settings.longCalls; index++) {
        await direct.callTool({ name: tool, arguments: settings.longArgs }, undefined, {
          ...callOptions,
          onprogress: () => progressDirect++,
        });
      }
    });
    log(`long-running: one by one ${(oneByOneMs / 1000).toFixed(2)} s`);
    const weftRuns = [];
    let progressWeft = 0;
    for (let round = 0; round < 3; round++) {
      const calls = Array.from({ length: settings.longCalls }, (_, index) => ({
        id: `long${index}`,
        tool: `everything.${tool}`,
        args: settings.longArgs,
      }));
      progressWeft = 0;
      let result;
      const wallMs = await timed(async () => {
        result = await executor
          .run(calls, {
            // The calls are identical and the tool is idempotent: weft would run one and share its result.
            policies: { [`everything.${tool}`]: { idempotent: false } },
            onEvent: (event) => {
              if (event.type === "call-progress") progressWeft++;
            },
          })
          .result();
      });
      if (result.status !== "succeeded") throw new Error(`long-running: the weft run ended ${result.status}`);
      weftRuns.push({ wallMs, mostAtOnce: mostAtOnce(result.calls) });
      log(`long-running: weft ${(wallMs / 1000).toFixed(2)} s, ${weftRuns.at(-1).mostAtOnce} at once`);
    }
    const weftMs = median(weftRuns.map((run) => run.wallMs));
    return {
      calls: settings.longCalls,
      oneByOneMs,
      weftMs,
      weftRunsMs: weftRuns.map((run) => run.wallMs),
      mostAtOnce: Math.min(...weftRuns.map((run) => run.mostAtOnce)),
      progressDirect,
      progressWeft,
      speedup: oneByOneMs / weftMs,
    };
  } finally {
    await direct.close();
    await toolSet.close();
  }
}

/** Workload 2: reads of many small files, one by one and as one weft plan, alternately, several rounds. */
async function measureReads(settings, log) {
  const folder = await realpath(await mkdtemp(join(os.tmpdir(), "weft-bench-mcp-")));
  try {
    const paths = [];
    for (let index = 0; index < settings.files; index++) {
      const path = join(folder, `file-${String(index).padStart(3, "0")}.txt`);
      await writeFile(path, `${index} `.repeat(settings.fileBytes).slice(0, settings.fileBytes));
      paths.push(path);
    }
    const direct = await connect("filesystem", filesystemBin, [folder]);
    const toolSet = await mcpTools({ name: "filesystem", command: filesystemBin, args: [folder] });
    try {
      const executor = new Executor({ tools: toolSet.tools, concurrency: settings.concurrency });
      const calls = paths.map((path, index) => ({
        id: `read${index}`,
        tool: "filesystem.read_text_file",
        args: { path },
      }));
      // One untimed round each, so that both server processes have read every file once.
      await readOneByOne(direct, paths);
      await executor.run(calls).result();
      const oneByOne = [];
      const weft = [];
      for (let round = 0; round < settings.readRounds; round++) {
        oneByOne.push(await timed(() => readOneByOne(direct, paths)));
        let result;
        weft.push(
          await timed(async () => {
            result = await executor.run(calls).result();
          }),
        );
        if (result.status !== "succeeded") throw new Error(`reads: the weft run ended ${result.status}`);
        const bytes = result.calls.reduce((total, call) => total + call.output.content[0].text.length, 0);
        if (bytes !== settings.files * settings.fileBytes) throw new Error(`reads: read ${bytes} bytes`);
        log(
          `reads, round ${round + 1}: one by one ${oneByOne.at(-1).toFixed(0)} ms, weft ${weft.at(-1).toFixed(0)} ms`,
        );
      }
      return {
        calls: settings.files,
        oneByOneMs: median(oneByOne),
        weftMs: median(weft),
        oneByOneRunsMs: oneByOne,
        weftRunsMs: weft,
        speedup: median(oneByOne) / median(weft),
      };
    } finally {
      await direct.close();
      await toolSet.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function readOneByOne(client, paths) {
  for (const path of paths) {
    const result = await client.callTool(
      { name: "read_text_file", arguments: { path } },
      undefined,
      callOptions,
    );
    if (result.isError) throw new Error(`reads: ${JSON.stringify(result.content)}`);
  }
}

/**
 * Workload 3: one `echo` at a time along three paths in turn (the order rotates every round), so that all three see
 * the same machine: the SDK's client as is; the SDK's client with what weft asks of it (an abort signal, a progress
 * handler); and a one-call weft run over `mcpTools`. Each path has its own server process.
 */
async function measureOverhead(settings, log) {
  const direct = await connect("everything", everythingBin, []);
  const directWithOptions = await connect("everything", everythingBin, []);
  const toolSet = await mcpTools({ name: "everything", command: everythingBin });
  try {
    const executor = new Executor({ tools: toolSet.tools });
    let counter = 0;
    /** A path: sends one echo of a fresh message, times it, and checks the echo in the content it answered. */
    const timedEcho = (send) => async () => {
      const message = `m${counter++}`;
      const started = performance.now();
      const content = await send(message);
      const elapsed = performance.now() - started;
      if (!content[0].text.includes(message)) throw new Error("overhead: wrong echo");
      return elapsed;
    };
    const echo = (message) => ({ name: "echo", arguments: { message } });
    const paths = [
      timedEcho(async (message) => (await direct.callTool(echo(message), undefined, callOptions)).content),
      timedEcho(
        async (message) =>
          (
            await directWithOptions.callTool(echo(message), undefined, {
              ...callOptions,
              signal: new AbortController().signal,
              onprogress: () => {},
            })
          ).content,
      ),
      timedEcho(async (message) => {
        const result = await executor
          .run([{ id: "echo", tool: "everything.echo", args: { message } }])
          .result();
        return result.calls[0].output.content;
      }),
    ];
    for (let index = 0; index < settings.warmup; index++) for (const path of paths) await path();
    globalThis.gc?.();
    const times = paths.map(() => []);
    const differences = [];
    for (let round = 0; round < settings.overheadRounds; round++) {
      const elapsed = [];
      for (let step = 0; step < paths.length; step++) {
        const path = (round + step) % paths.length;
        elapsed[path] = await paths[path]();
      }
      for (let path = 0; path < paths.length; path++) times[path].push(elapsed[path]);
      differences.push(elapsed[2] - elapsed[0]);
    }
    const [directMs, directWithOptionsMs, weftMs] = times;
    // The same difference in each third of the rounds apart: how much it moves within one run on this machine.
    const blockSize = Math.ceil(settings.overheadRounds / 3);
    const blockDifferencesMs = [0, 1, 2].map(
      (block) =>
        median(weftMs.slice(block * blockSize, (block + 1) * blockSize)) -
        median(directMs.slice(block * blockSize, (block + 1) * blockSize)),
    );
    const result = {
      blockDifferencesMs,
      rounds: settings.overheadRounds,
      directP50Ms: median(directMs),
      directWithOptionsP50Ms: median(directWithOptionsMs),
      weftP50Ms: median(weftMs),
      directP90Ms: percentile(directMs, 0.9),
      directWithOptionsP90Ms: percentile(directWithOptionsMs, 0.9),
      weftP90Ms: percentile(weftMs, 0.9),
      pairedDifferenceP50Ms: median(differences),
    };
    result.overheadP50Ms = result.weftP50Ms - result.directP50Ms;
    log(
      `overhead: SDK p50 ${result.directP50Ms.toFixed(3)} ms, SDK with signal and progress ${result.directWithOptionsP50Ms.toFixed(3)} ms, weft ${result.weftP50Ms.toFixed(3)} ms, difference ${result.overheadP50Ms.toFixed(3)} ms (paired ${result.pairedDifferenceP50Ms.toFixed(3)} ms)`,
    );
    return result;
  } finally {
    await direct.close();
    await directWithOptions.close();
    await toolSet.close();
  }
}

/**
 * weft's own work for one MCP call, without the server: a one-call run of a tool that answers at once, with the echo
 * tool's schema and hints (its input checked, a read lock, an idempotent call's key), against calling that tool's
 * function directly. What is left of the per-call difference above is the MCP path itself.
 */
async function measureInProcess(settings, log) {
  const toolSet = await mcpTools({ name: "everything", command: everythingBin });
  const echo = toolSet.tools.find((tool) => tool.name === "everything.echo");
  await toolSet.close();
  const execute = async (input) => ({ content: [{ type: "text", text: `Echo: ${input.message}` }] });
  const local = { ...echo, execute };
  const executor = new Executor({ tools: [local] });
  const rounds = settings.overheadRounds * 5;
  const directMs = [];
  const weftMs = [];
  for (let round = -settings.warmup; round < rounds; round++) {
    const message = `m${round}`;
    let started = performance.now();
    await execute({ message });
    const direct = performance.now() - started;
    started = performance.now();
    await executor.run([{ id: "echo", tool: local.name, args: { message } }]).result();
    const weft = performance.now() - started;
    if (round < 0) continue;
    directMs.push(direct);
    weftMs.push(weft);
  }
  const result = { rounds, directP50Ms: median(directMs), weftP50Ms: median(weftMs) };
  log(
    `in process: the tool's function ${result.directP50Ms.toFixed(4)} ms, a one-call weft run ${result.weftP50Ms.toFixed(4)} ms`,
  );
  return result;
}

async function connect(name, command, args) {
  const client = new Client({ name: `bench-${name}`, version: "0.0.0" });
  await client.connect(new StdioClientTransport({ command, args, stderr: "ignore" }));
  return client;
}

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The most calls whose [startMs, endMs) intervals overlap. */
function mostAtOnce(calls) {
  const edges = calls.flatMap((call) => [
    [call.startMs, 1],
    [call.endMs, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let most = 0;
  for (const [, change] of edges) {
    running += change;
    most = Math.max(most, running);
  }
  return most;
}

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

export function mcpVerdicts(report) {
  const { overhead } = report;
  return [
    {
      target: `weft's time per MCP call over the SDK client's, at p50 (median of the per-round differences): under ${overheadTargetMs} ms`,
      measured: `${overhead.pairedDifferenceP50Ms.toFixed(3)} ms; difference of the two medians ${overhead.overheadP50Ms.toFixed(3)} ms (${overhead.weftP50Ms.toFixed(3)} − ${overhead.directP50Ms.toFixed(3)} ms), by thirds of the rounds ${overhead.blockDifferencesMs.map((ms) => ms.toFixed(3)).join(", ")} ms`,
      verdict: overhead.pairedDifferenceP50Ms < overheadTargetMs ? "met" : "**MISSED**",
    },
  ];
}

export function mcpTables(report) {
  const { long, reads, overhead, settings } = report;
  const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const workloads = markdownTable(
    ["workload", "calls", "one by one (SDK client)", "weft, one plan", "speedup", "most at once"],
    [
      [
        `\`trigger-long-running-operation\` (${settings.longArgs.duration} s, ${settings.longArgs.steps} steps)`,
        long.calls,
        seconds(long.oneByOneMs),
        `${seconds(long.weftMs)} (median of ${long.weftRunsMs.length})`,
        `${long.speedup.toFixed(1)}×`,
        long.mostAtOnce,
      ],
      [
        `\`read_text_file\`, ${settings.fileBytes / 1024} KB files`,
        reads.calls,
        `${reads.oneByOneMs.toFixed(0)} ms (median of ${reads.oneByOneRunsMs.length})`,
        `${reads.weftMs.toFixed(0)} ms (median of ${reads.weftRunsMs.length})`,
        `${reads.speedup.toFixed(2)}×`,
        "",
      ],
    ],
    { alignRight: [1, 2, 3, 4, 5] },
  );
  const perCall = markdownTable(
    ["path", "p50", "p90"],
    [
      [
        "SDK client, `callTool`",
        `${overhead.directP50Ms.toFixed(3)} ms`,
        `${overhead.directP90Ms.toFixed(3)} ms`,
      ],
      [
        "SDK client, `callTool` with `signal` and `onprogress`",
        `${overhead.directWithOptionsP50Ms.toFixed(3)} ms`,
        `${overhead.directWithOptionsP90Ms.toFixed(3)} ms`,
      ],
      [
        "weft, one-call run over `mcpTools`",
        `${overhead.weftP50Ms.toFixed(3)} ms`,
        `${overhead.weftP90Ms.toFixed(3)} ms`,
      ],
      [
        `in process, no server: the tool's function called directly (${report.inProcess.rounds} calls)`,
        `${report.inProcess.directP50Ms.toFixed(4)} ms`,
        "",
      ],
      [
        "in process, no server: a one-call weft run of it (same schema and hints)",
        `${report.inProcess.weftP50Ms.toFixed(4)} ms`,
        "",
      ],
    ],
    { alignRight: [1, 2] },
  );
  const verdicts = markdownTable(
    ["target", "measured", "verdict"],
    mcpVerdicts(report).map((row) => [row.target, row.measured, row.verdict]),
  );
  return { workloads, perCall, verdicts };
}

export function mcpSection({ command, date, sourceVersion, machine, report }) {
  const { workloads, perCall, verdicts } = mcpTables(report);
  const { settings, long, overhead } = report;
  return [
    "## MCP servers' tools through weft",
    [
      ...partRecordLines("mcp", { command, date, sourceVersion, machine }),
      `- Load average (1 minute) before → after: ${report.loadBefore.toFixed(2)} → ${report.loadAfter.toFixed(2)}`,
    ].join("\n"),
    [
      `Real servers from npm over stdio: \`@modelcontextprotocol/server-everything\` and \`@modelcontextprotocol/server-filesystem\`. "One by one" is what an agent loop does without weft: the SDK's \`Client.callTool\`, each call awaited before the next. "weft, one plan" hands all the calls to one \`executor.run\` (concurrency ${settings.concurrency}) over the tools of \`mcpTools\`, which share one connection. The ${long.calls} long-running calls have the same arguments, and the tool is idempotent, so weft would run one and share its result: the run sets \`idempotent: false\` for it. Progress notifications arrived in both: ${long.progressDirect} one by one, ${long.progressWeft} in weft's last run. The reads are ${settings.files} files of ${settings.fileBytes} bytes, read once by both sides before timing; one-by-one and weft rounds alternate.`,
    ].join("\n"),
    workloads,
    [
      `Per call: \`echo\` with a fresh message, ${overhead.rounds} rounds after ${settings.warmup} untimed, each round one call along each path, in an order that rotates every round; each path has its own server process. The middle path is the SDK's client with what weft asks of it (an abort signal, so that cancelling sends \`notifications/cancelled\`, and a progress handler, which adds a \`progressToken\`). The weft path is a whole one-call run: the plan checked, the input checked against the tool's JSON Schema, the call scheduled, its events, the result built. The last two rows measure weft's own work without a server: the same one-call run of an in-process tool with the echo tool's schema and hints, against calling that tool's function directly. The paired difference is, per round, weft's time less the plain SDK client's. On 2 shared cores, with the client, its server and weft's own work taking turns, the difference of the medians drifts by a tenth of a millisecond and more from one stretch of rounds to the next (each third of the rounds is given apart below), so the target is judged on the median of the per-round differences, which the rotation keeps fair and the drift moves far less.`,
    ].join("\n"),
    perCall,
    "### Targets",
    verdicts,
  ].join("\n\n");
}

async function main() {
  await runPartMain({
    name: "mcp",
    title: "MCP",
    run: runMcp,
    summary: (report, { elapsedMs }) => {
      const { workloads, perCall, verdicts } = mcpTables(report);
      return [
        `\n${workloads}\n\n${perCall}\n\n${verdicts}\n`,
        missedTargetsLine(mcpVerdicts(report)),
        `Done in ${(elapsedMs / 1000).toFixed(0)} s.`,
      ];
    },
    section: mcpSection,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
