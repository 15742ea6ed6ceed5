import { resolve } from "node:path";
import { PlanError } from "../errors/plan-error.js";
import type { RunResult } from "../events/run-result.js";
import type { WeftEvent } from "../events/types.js";
import type { Run } from "../executor/run.js";
import { toJsonDocument } from "../json-output/run-document.js";
import { chooseReporter } from "./choose-reporter.js";
import type { CliIo } from "./cli-io.js";
import type { RunDashboard } from "./dashboard-command.js";
import { saveEstimates } from "./estimates.js";
import { type ExitCode, exitCodeForRun } from "./exit-codes.js";
import { interruptReason, watchInterrupt } from "./interrupt.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import { reportStop } from "./report-stop.js";
import { defaultColors } from "./reporter.js";
import type { RunCommandOptions } from "./run-options.js";
import { formatSummary } from "./summary.js";

/**
 * `weft run <plan>`: checks everything, runs the plan with live progress (or plain lines, or nothing with `--json`),
 * then prints the summary or the JSON document, writes the trace and the learned estimates, and returns the exit
 * code: 0 all succeeded, 1 some did not, 2 nothing ran because the input was invalid, 130 interrupted (SIGINT),
 * 143 stopped by SIGTERM.
 */
export async function runCommand(planPath: string, options: RunCommandOptions, io: CliIo): Promise<ExitCode> {
  let prepared: PreparedRun;
  let run: Run;
  // The dashboard, the report and the trace load their code only when asked for: a plain run starts faster.
  const hub = options.dashboard
    ? new (await import("../telemetry/dashboard/dashboard-hub.js")).DashboardHub()
    : undefined;
  let dashboard: RunDashboard | undefined;
  try {
    prepared = await prepareRun(planPath, options, io.cwd, hub?.telemetry);
  } catch (error) {
    return reportStop(error, options.json, io);
  }
  if (prepared.estimatesWarning !== undefined) {
    io.stderr.write(`${(io.errorColors ?? defaultColors).yellow("warning:")} ${prepared.estimatesWarning}\n`);
  }
  try {
    try {
      if (hub !== undefined) {
        const { startRunDashboard } = await import("./dashboard-command.js");
        dashboard = await startRunDashboard(hub, prepared.executor, io);
      }
      run = startRun(prepared, planPath);
    } catch (error) {
      return reportStop(error, options.json, io);
    }
    const exitCode = await followRun(run, prepared, options, io);
    await dashboard?.finish();
    return exitCode;
  } finally {
    await dashboard?.close();
    await prepared.servers.close();
  }
}

/** Shows the run as it goes, then reports it; returns the exit code. */
async function followRun(
  run: Run,
  prepared: PreparedRun,
  options: RunCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const colors = io.colors ?? defaultColors;
  const errorColors = io.errorColors ?? defaultColors;
  const events: WeftEvent[] | undefined =
    options.trace === undefined && options.report === undefined ? undefined : [];
  const reporter = chooseReporter(options, io, colors, errorColors, () => run.now());
  run.subscribe((event) => {
    events?.push(event);
    reporter.handle(event);
  });
  const interrupt = watchInterrupt((signal) => run.cancel(interruptReason(signal)));
  let result: RunResult;
  try {
    result = await run.result();
  } finally {
    interrupt.dispose();
    reporter.stop();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(toJsonDocument(result), null, 2)}\n`);
  else if (result.calls.length === 0) io.stdout.write("The plan has no calls: nothing to run.\n");
  else io.stdout.write(formatSummary(result, colors));
  const warnings: string[] = [];
  if (options.trace !== undefined && events !== undefined) {
    const tracePath = resolve(io.cwd, options.trace);
    try {
      const { writeChromeTraceFile } = await import("../telemetry/trace-file.js");
      await writeChromeTraceFile(tracePath, events);
    } catch (error) {
      warnings.push(`could not write the trace to ${tracePath}: ${(error as Error).message}`);
    }
  }
  if (options.report !== undefined && events !== undefined) {
    const reportPath = resolve(io.cwd, options.report);
    try {
      await writeReport(reportPath, events);
      if (!options.quiet) io.stderr.write(`${errorColors.dim("report:")} ${reportPath}\n`);
    } catch (error) {
      warnings.push(`could not write the report to ${reportPath}: ${(error as Error).message}`);
    }
  }
  const saveWarning = await saveEstimates(prepared.estimatesFile, prepared.costModel);
  if (saveWarning !== undefined) warnings.push(saveWarning);
  for (const warning of warnings) io.stderr.write(`${errorColors.yellow("warning:")} ${warning}\n`);
  if (interrupt.isInterrupted && !options.json) {
    const what = interrupt.signal === "SIGTERM" ? "Terminated (SIGTERM):" : "Interrupted:";
    io.stderr.write(`${errorColors.yellow(what)} the calls still running were cancelled.\n`);
  }
  return exitCodeForRun(result, interrupt.exitCode);
}

async function writeReport(path: string, events: readonly WeftEvent[]): Promise<void> {
  const [{ TimelineBuilder }, { writeReportFile }] = await Promise.all([
    import("../telemetry/timeline-builder.js"),
    import("../telemetry/report/write-report-file.js"),
  ]);
  const timeline = new TimelineBuilder();
  for (const event of events) timeline.add(event);
  await writeReportFile(path, timeline.snapshot());
}

/** Starts the run; a plan that cannot run throws a PlanError that names the plan file. */
function startRun(prepared: PreparedRun, planPath: string): Run {
  try {
    return prepared.executor.run(prepared.plan);
  } catch (error) {
    if (PlanError.isInstance(error)) throw new PlanError(error.problems, { source: planPath });
    throw error;
  }
}
