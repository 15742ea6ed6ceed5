import { Command, CommanderError, Option } from "commander";
import { packageVersion } from "../runtime/package-root.js";
import { type AgentCommandOptions, agentModes, parsePositiveInteger, providers } from "./agent-options.js";
import type { CliIo } from "./cli-io.js";
import { configHelp, noConfigHelp } from "./config-option.js";
import type { DashboardCommandOptions } from "./dashboard-command.js";
import { ExitCode } from "./exit-codes.js";
import { importCommand } from "./import-command.js";
import type { McpServeCommandOptions } from "./mcp-serve-command.js";
import type { ReportCommandOptions } from "./report-command.js";
import { defaultColors } from "./reporter.js";
import { collect, concurrencyOption, poolsOption, type RunCommandOptions } from "./run-options.js";
import { addServingOptions, parsePort } from "./serving-executor.js";
import { parseToolPatterns } from "./tool-patterns.js";
import { addToolSelectionOptions } from "./tool-selection.js";
import type { ToolsCommandOptions } from "./tools-command.js";

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

  const run = program
    .command("run")
    .description("run a plan of tool calls (a JSON or YAML file: { calls: [ { id, tool, args, after? } ] })")
    .argument("<plan>", "the plan file, .json, .yaml or .yml")
    .option("-t, --tools <module>", "an ES module exporting more tools (repeatable)", collect);
  addToolSelectionOptions(run)
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
--allow-tools and --deny-tools choose the tools by name (deny wins); a plan that calls a tool left out is invalid
(unknown tool, exit 2) and nothing runs.
Exit codes: 0 every call succeeded, 1 some failed, were skipped or cancelled, 2 the plan or the command line is
invalid (nothing ran; with --json, stdout has { "status": "invalid", "problems": [...] }), 130 interrupted (SIGINT),
143 stopped by SIGTERM (both cancel the calls still running and report what finished).

Examples:
  $ weft run plan.json
  $ weft run plan.yaml --tools ./my-tools.js --concurrency 4 --json > result.json
  $ weft run plan.json --trace trace.json
  $ weft run plan.json --report report.html
  $ weft run plan.json --no-builtin --tools ./my-tools.js
  $ weft run plan.json --allow-tools "fs.*,sleep" --deny-tools fs.write`,
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
    .option("--port <port>", "the port on --host (default: 0, any free port)", parsePort)
    .option(
      "--host <address>",
      "the address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 lets other machines in)",
    )
    .option(
      "--allow-origin <origin>",
      "a web origin (such as http://localhost:3000) whose pages may call the dashboard (repeatable)",
      collect,
    );
  addServingOptions(dashboard, "every run")
    .addHelpText(
      "after",
      `
Prints the dashboard's URL on stderr: http://<host>:<port>/?token=<token>. It listens on 127.0.0.1, which only
this machine can reach, unless --host says otherwise, and warns when it listens beyond loopback. Every request needs
the token (?token= or Authorization: Bearer), a Host of the address it listens on or localhost, with the port (against
DNS rebinding), and no Origin header, or the dashboard's own, or one given with --allow-origin; else 403.
Plans arrive over HTTP, so shell.exec is left out unless --allow-tools names it exactly (a * never counts). The page shows the runs in progress and the 20 latest, live: running calls, the queue
by what it waits on, slot and pool usage, the timeline. POST a plan (JSON) to /api/runs?token=<token> to run it; the
answer is { "runId": "..." }. Runs until SIGINT/SIGTERM (Ctrl-C).

Examples:
  $ weft dashboard --tools ./my-tools.js
  $ curl -X POST --data @plan.json "http://127.0.0.1:8123/api/runs?token=..."
  $ weft dashboard --port 8123 --concurrency 4
  $ weft dashboard --allow-tools "fs.read,fs.list,sleep"
  $ weft dashboard --allow-tools "*" --allow-tools shell.exec
  $ weft dashboard --host 0.0.0.0 --port 8123   (reachable from other machines; the token travels in clear)`,
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
    .option("--builtin", "offer weft's built-in tools (fs, http, shell, sleep) too (default: not offered)")
    .option(
      "--allow-tools <patterns>",
      "offer only the tools matching these patterns, comma-separated or repeated; * matches any characters, as in fs.*",
      parseToolPatterns,
    )
    .option(
      "--deny-tools <patterns>",
      "never offer the tools matching these (wins over --allow-tools); patterns as for --allow-tools",
      parseToolPatterns,
    )
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
Exit codes: 0 answered, 1 no answer (the model failed or ran out of turns), 2 invalid command line or tools
(nothing asked; with --json, stdout has { "status": "invalid", "problems": [...] }), 130 interrupted (SIGINT),
143 stopped by SIGTERM.

Examples:
  $ weft agent "Compare the populations of Paris and Rome" --model gpt-4.1-mini --tools ./tools.js
  $ weft agent "..." --provider anthropic --model claude-sonnet-4-5 --tools ./tools.js --mode compiler
  $ weft agent "..." --base-url http://localhost:11434/v1 --model qwen3 --tools ./tools.js --json
  $ weft agent "..." --model gpt-4.1-mini --builtin --allow-tools "fs.read,fs.list"`,
    )
    .action(async (question: string, options: AgentCommandOptions) => {
      const command = await importCommand(() => import("./agent-command.js"), io);
      setExitCode(
        command === undefined ? ExitCode.invalid : await command.agentCommand(question, options, io),
      );
    });

  const toolsList = program
    .command("tools")
    .description(
      "list every tool a run has (built-in, --tools modules, the config's MCP servers) with its source and policy",
    )
    .option("-t, --tools <module>", "an ES module exporting more tools (repeatable)", collect);
  addToolSelectionOptions(toolsList)
    .option("--root <dir>", "the folder the built-in fs and shell tools are confined to")
    .option("--config <file>", configHelp)
    .option("--no-config", noConfigHelp)
    .option("--json", "print a JSON array, one object per tool, and nothing else on stdout")
    .addHelpText(
      "after",
      `
Exit codes: 0 listed, 2 a tools module, the config or a server could not be loaded (with --json, stdout has
{ "status": "invalid", "problems": [...] } instead of the listing).

Examples:
  $ weft tools
  $ weft tools --tools ./my-tools.js --json
  $ weft tools --no-builtin --allow-tools "github.*"   (what --no-builtin --allow-tools would offer)`,
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
      "serve Streamable HTTP on <port> (0: any free port) of --host instead of stdio; every request needs the token",
      parsePort,
    )
    .option(
      "--host <address>",
      "with --http, the address to listen on (default: 127.0.0.1; 0.0.0.0 lets other machines in)",
    )
    .option(
      "--token <token>",
      "with --http, the bearer token every request needs, 16 characters or more (default: WEFT_TOKEN, else random; prefer WEFT_TOKEN, as ps shows arguments)",
    )
    .option(
      "--allow-origin <origin>",
      "with --http, a web origin (such as http://localhost:3000) whose pages may call the server (repeatable)",
      collect,
    );
  addServingOptions(serve, "every client")
    .addHelpText(
      "after",
      `
Runs until the client closes stdin (stdio) or until SIGINT/SIGTERM.
With --http, the URL and the token are printed on stderr. Every request must carry
  Authorization: Bearer <token>   (401 without it or with a wrong one)
a Host of the bound address or localhost, with the port, and no Origin header (clients that are not browsers) or
one given with --allow-origin (else 403). The token is random per start unless --token or WEFT_TOKEN fixes it.
It listens on 127.0.0.1 unless --host says otherwise, and warns when it listens beyond loopback.
Over HTTP, shell.exec is never served unless --allow-tools names it exactly (a pattern with * does not count).
--allow-tools and --deny-tools choose the tools by name (deny wins), for stdio and HTTP alike.
Every client shares one executor: --concurrency, --pools, the tools' limits, locks and caches hold across them all.
Tools that a configured MCP server adds later are served too, and every client is sent notifications/tools/list_changed
(over HTTP, each client's initialize opens a session).

Examples:
  $ weft mcp serve --tools ./my-tools.js
  $ weft mcp serve --http 3333
  $ WEFT_TOKEN=$(openssl rand -hex 32) weft mcp serve --http 3333 --allow-origin http://localhost:5173
  $ weft mcp serve --http 3333 --no-builtin --tools ./my-tools.js --deny-tools "admin.*"
  $ weft mcp serve --http 3333 --allow-tools "fs.*,shell.exec"
  $ weft mcp serve --http 3333 --host 0.0.0.0 --token "$MY_TOKEN"   (reachable from other machines)`,
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
