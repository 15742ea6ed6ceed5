import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { type AgentCommandOptions, agentModes, parsePositiveInteger, providers } from "./agent-options.js";
import type { DashboardCommandOptions } from "./dashboard-command.js";
import { ExitCode } from "./exit-codes.js";
import { importCommand } from "./import-command.js";
import type { McpServeCommandOptions } from "./mcp-serve-command.js";
import { configHelp, noConfigHelp } from "./mcp-servers.js";
import type { ReportCommandOptions } from "./report-command.js";
import { defaultColors } from "./reporter.js";
import type { CliIo } from "./run-command.js";
import { collect, concurrencyOption, poolsOption, type RunCommandOptions } from "./run-options.js";
import { addServingOptions, parsePort } from "./serving-executor.js";
import type { ToolsCommandOptions } from "./tools-command.js";

/** The version in package.json, read at run time so that it can never drift from the package. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "0.0.0";
}

/** Builds the `weft` program. Its actions store their exit code through `setExitCode`. */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("weft")
    .description(
      "Run the tool calls of AI agents in parallel, as a DAG: dependencies, limits, retries, a trace.",
    )
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(defaultColors.red(text)),
    });

  program
    .command("run")
    .description("run a plan of tool calls (a JSON or YAML file: { calls: [ { id, tool, args, after? } ] })")
    .argument("<plan>", "the plan file, .json, .yaml or .yml")
    .option("-t, --tools <module>", "an ES module exporting more tools (repeatable)", collect)
    .addOption(concurrencyOption("the most calls running at once"))
    .addOption(poolsOption())
    .option("--fail-fast", "stop the run when a call fails (default: only its dependents are skipped)")
    .option("--json", "print one JSON document with every call's outcome, and nothing else on stdout")
    .option(
      "--trace <file>",
      "write the run as a Chrome trace (open it in ui.perfetto.dev or chrome://tracing)",
    )
    .option(
      "--report <file>",
      "write the run as one self-contained HTML report: timeline, critical path, per-tool statistics",
    )
    .option(
      "--root <dir>",
      "the folder the built-in fs and shell tools are confined to (default: the current one)",
    )
    .option(
      "--estimates <file>",
      "where learned call durations are kept between runs (default: .weft/estimates.json)",
    )
    .option("--no-estimates", "neither read nor save learned durations")
    .option("--config <file>", configHelp)
    .option("--no-config", noConfigHelp)
    .option("-q, --quiet", "no live progress and no per-call lines; only the summary")
    .option(
      "--dashboard",
      "serve a live dashboard of the run on 127.0.0.1 (its URL, with a secret token, is printed on stderr)",
    )
    .addHelpText(
      "after",
      `
With --dashboard, the page keeps being served after the run ends when stderr is a terminal, until Ctrl-C.
Exit codes: 0 every call succeeded, 1 some failed, were skipped or cancelled, 2 the plan or the command line is
invalid (nothing ran), 130 interrupted.

Examples:
  $ weft run examples/plans/hello.json
  $ weft run plan.yaml --tools ./my-tools.js --concurrency 4 --json > result.json
  $ weft run plan.json --trace trace.json
  $ weft run plan.json --report report.html`,
    )
    .action(async (plan: string, options: RunCommandOptions) => {
      const command = await importCommand(() => import("./run-command.js"), io);
      setExitCode(command === undefined ? ExitCode.invalid : await command.runCommand(plan, options, io));
    });

  program
    .command("report")
    .description("draw a trace written by `weft run --trace` as one self-contained HTML report")
    .argument("<trace>", "the trace file (JSON), as `weft run --trace` wrote it")
    .option("-o, --output <file>", "where to write the report (default: the trace's path with .html)")
    .addHelpText(
      "after",
      `
The report is one HTML file with everything inline (open it offline, attach it to an issue): the headline
(makespan, the one-by-one cost, speedup, lower bound), a timeline of every call with the critical path, and
per-tool statistics. It prints the path it wrote.
Exit codes: 0 written, 1 the report could not be written, 2 the trace is missing, truncated or not a weft trace.

Examples:
  $ weft run plan.json --trace trace.json && weft report trace.json
  $ weft report trace.json --output out/run.html`,
    )
    .action(async (trace: string, options: ReportCommandOptions) => {
      const command = await importCommand(() => import("./report-command.js"), io);
      setExitCode(command === undefined ? ExitCode.invalid : await command.reportCommand(trace, options, io));
    });

  const dashboard = program
    .command("dashboard")
    .description(
      "serve a live dashboard of an executor (every tool a run has) and run the plans POSTed to it",
    )
    .option("--port <port>", "the port on 127.0.0.1 (default: 0, any free port)", parsePort);
  addServingOptions(dashboard, "every run")
    .addHelpText(
      "after",
      `
Prints the dashboard's URL on stderr: http://127.0.0.1:<port>/?token=<token>. Only this machine can reach it, and
every request needs the token. The page shows the runs in progress and the 20 latest, live: running calls, the queue
by what it waits on, slot and pool usage, the timeline. POST a plan (JSON) to /api/runs?token=<token> to run it; the
answer is { "runId": "..." }. Runs until SIGINT/SIGTERM (Ctrl-C).

Examples:
  $ weft dashboard --tools ./my-tools.js
  $ curl -X POST --data @plan.json "http://127.0.0.1:8123/api/runs?token=..."
  $ weft dashboard --port 8123 --concurrency 4`,
    )
    .action(async (options: DashboardCommandOptions) => {
      const command = await importCommand(() => import("./dashboard-command.js"), io);
      setExitCode(command === undefined ? ExitCode.invalid : await command.dashboardCommand(options, io));
    });

  program
    .command("agent")
    .description(
      "answer a question with a model that calls tools, running its calls in parallel through weft",
    )
    .argument("<question>", "what to ask the model")
    .addOption(
      new Option("-p, --provider <provider>", "whose API the model speaks")
        .choices(providers)
        .default("openai"),
    )
    .requiredOption("-m, --model <name>", "the model's name, as the provider knows it")
    .option(
      "--base-url <url>",
      "the API's address: any OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio) or a proxy",
    )
    .option("-t, --tools <module>", "an ES module exporting tools (repeatable)", collect)
    .option("--builtin", "offer weft's built-in tools (fs, http, shell, sleep) too")
    .option(
      "--root <dir>",
      "the folder the built-in fs and shell tools are confined to (default: the current one)",
    )
    .addOption(
      new Option(
        "--mode <mode>",
        "sequential: one call per turn; parallel: a turn's calls at once; compiler: a planned DAG",
      )
        .choices(agentModes)
        .default("parallel"),
    )
    .option("--max-turns <n>", "the most model calls (default: 10)", parsePositiveInteger)
    .addOption(concurrencyOption("the most tool calls running at once"))
    .addOption(poolsOption())
    .option("--json", "print one JSON document (answer, counts, every call) and nothing else on stdout")
    .option("--config <file>", configHelp)
    .option("--no-config", noConfigHelp)
    .option("-q, --quiet", "no live turns and calls; only the answer and the summary")
    .addHelpText(
      "after",
      `
The key comes from OPENAI_API_KEY or ANTHROPIC_API_KEY (a local server that needs none takes any value).
Exit codes: 0 answered, 1 no answer (the model failed or ran out of turns), 2 invalid command line or tools,
130 interrupted.

Examples:
  $ weft agent "Compare the populations of Paris and Rome" --model gpt-4.1-mini --tools ./tools.js
  $ weft agent "..." --provider anthropic --model claude-sonnet-4-5 --tools ./tools.js --mode compiler
  $ weft agent "..." --base-url http://localhost:11434/v1 --model qwen3 --tools ./tools.js --json`,
    )
    .action(async (question: string, options: AgentCommandOptions) => {
      const command = await importCommand(() => import("./agent-command.js"), io);
      setExitCode(
        command === undefined ? ExitCode.invalid : await command.agentCommand(question, options, io),
      );
    });

  program
    .command("tools")
    .description(
      "list every tool a run has (built-in, --tools modules, the config's MCP servers) with its source and policy",
    )
    .option("-t, --tools <module>", "an ES module exporting more tools (repeatable)", collect)
    .option("--root <dir>", "the folder the built-in fs and shell tools are confined to")
    .option("--config <file>", configHelp)
    .option("--no-config", noConfigHelp)
    .option("--json", "print a JSON array, one object per tool, and nothing else on stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ weft tools
  $ weft tools --tools ./my-tools.js --json`,
    )
    .action(async (options: ToolsCommandOptions) => {
      const command = await importCommand(() => import("./tools-command.js"), io);
      setExitCode(command === undefined ? ExitCode.invalid : await command.toolsCommand(options, io));
    });

  const serve = program
    .command("mcp")
    .description("weft as an MCP server")
    .command("serve")
    .description(
      "serve every tool a run has, plus run_plan (a whole plan in one call), to MCP clients over stdio or HTTP",
    )
    .option(
      "--http <port>",
      "serve Streamable HTTP on 127.0.0.1:<port> (0: any free port) instead of stdio",
      parsePort,
    );
  addServingOptions(serve, "every client")
    .addHelpText(
      "after",
      `
Runs until the client closes stdin (stdio) or until SIGINT/SIGTERM. With --http, the address is printed on stderr.
Every client shares one executor: --concurrency, --pools, the tools' limits, locks and caches hold across them all.
Tools that a configured MCP server adds later are served too, and every client is sent notifications/tools/list_changed
(over HTTP, each client's initialize opens a session).

Examples:
  $ weft mcp serve --tools ./my-tools.js
  $ weft mcp serve --http 3333`,
    )
    .action(async (options: McpServeCommandOptions) => {
      const command = await importCommand(() => import("./mcp-serve-command.js"), io);
      setExitCode(
        command === undefined
          ? ExitCode.invalid
          : await command.mcpServeCommand(options, io, packageVersion()),
      );
    });
  return program;
}

/**
 * Runs the `weft` command line and returns its exit code. Never calls process.exit: the caller decides when the
 * process ends (bin/weft.js waits for stdout to drain first).
 */
export async function main(argv: readonly string[] = process.argv, io?: CliIo): Promise<number> {
  const cliIo: CliIo = io ?? { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
  let exitCode: number = ExitCode.success;
  const program = createProgram(cliIo, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; every other parse error is a bad command line.
      return error.exitCode === 0 ? ExitCode.success : ExitCode.invalid;
    }
    throw error;
  }
  return exitCode;
}

/** The entry point of bin/weft.js: runs the command line, lets stdout drain, and exits with its code. */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  // A reader that goes away early (`weft run plan.json --json | head -1`) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.success);
    throw error;
  });
  let exitCode: number;
  try {
    exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(`${defaultColors.red("error:")} ${(error as Error)?.stack ?? String(error)}\n`);
    exitCode = ExitCode.callsFailed;
  }
  // A tool that ignored cancellation may still hold the event loop: exit once the output is flushed.
  process.stdout.write("", () => process.exit(exitCode));
}
