import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./machine.js";
import { markedSection, withSection } from "./results-section.js";
import { describeSourceVersion } from "./source-version.js";

/**
 * What a benchmark part's record starts with: the moment, the weft measured, the machine, and the command line that
 * ran `bench/<script>.js` (or `command` where a caller such as bench/run.js names its own).
 */
export function describePartRun(script, { command } = {}) {
  return {
    date: new Date().toISOString(),
    sourceVersion: describeSourceVersion(),
    machine: formatMachine(describeMachine()),
    command:
      command ?? `node ${[...process.execArgv, `bench/${script}.js`, ...process.argv.slice(2)].join(" ")}`,
  };
}

/** The lines a part prints before it measures anything: "weft <title> benchmark", then the record's header. */
export function partHeader(title, { date, sourceVersion, machine, command }) {
  return `weft ${title} benchmark, ${date}\nweft: ${sourceVersion}\n${machine}\n${command}\n`;
}

/** The lines a part's section of bench/RESULTS.md opens with: who wrote it, and the record of the run. */
export function partRecordLines(script, { command, date, sourceVersion, machine }) {
  return [
    `Written by \`bench/${script}.js\`; do not edit the figures by hand, run the benchmark again.`,
    "",
    `- Command: \`${command}\``,
    `- Date: ${date}`,
    `- weft measured: ${sourceVersion}, from dist/`,
    `- Machine: ${machine}`,
  ];
}

/**
 * Replaces the named section of bench/RESULTS.md with `body` between that section's markers, leaving the rest of the
 * file as it was. Returns the file's path.
 */
export function writeResultsSection(name, body) {
  const path = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
  writeFileSync(path, withSection(readFileSync(path, "utf8"), name, markedSection(name, body)));
  return path;
}

/** "Every target met.", or which of the rows (`{ target, verdict }`, verdict "met" or not) were missed. */
export function missedTargetsLine(rows) {
  const missed = rows.filter((row) => row.verdict !== "met");
  return missed.length === 0
    ? "Every target met."
    : `${missed.length} target(s) MISSED: ${missed.map((row) => row.target).join("; ")}`;
}

/**
 * The command line of a benchmark part run on its own, `node bench/<name>.js [--quick]`: prints the header, runs the
 * part, prints `summary`'s lines, and unless `--quick` rewrites the part's section of bench/RESULTS.md (the section
 * and the script share the name).
 *
 * @param {object} part
 * @param {string} part.name the script's name in bench/ and its section's name in RESULTS.md
 * @param {string} part.title the part as the header names it: "weft <title> benchmark"
 * @param {(options: { quick: boolean, log: (line: string) => void }) => Promise<object>} part.run measures
 * @param {(report: object, timing: { elapsedMs: number }) => string[]} part.summary what to print once it has run;
 *   `elapsedMs` runs from just before `run` to just after it
 * @param {(record: { command: string, date: string, sourceVersion: string, machine: string, report: object }) => string} part.section
 *   the section's Markdown
 */
export async function runPartMain({ name, title, run, summary, section }) {
  const { values: flags } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const record = describePartRun(name);
  console.log(partHeader(title, record));
  if (globalThis.gc === undefined) console.log("(run with --expose-gc for steadier figures)\n");
  const started = performance.now();
  const report = await run({ quick: flags.quick, log: (line) => console.log(line) });
  for (const line of summary(report, { elapsedMs: performance.now() - started })) console.log(line);
  if (flags.quick) {
    console.log("bench/RESULTS.md left as it was (quick runs never write).");
    return;
  }
  writeResultsSection(name, section({ ...record, report }));
  console.log(`Wrote the ${name} section of bench/RESULTS.md.`);
}
