import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { Executor, ExecutorOptions } from "../executor/executor.js";
import type { CliIo } from "./cli-io.js";
import { type ConfigOption, configHelp, noConfigHelp } from "./config-option.js";
import type { OpenedServers } from "./mcp-servers.js";
import { collect, concurrencyOption, defaultConcurrency, poolsOption } from "./run-options.js";
import {
  addToolSelectionOptions,
  selectTools,
  type ToolFilter,
  type ToolSelectionOptions,
  toolFilter,
} from "./tool-selection.js";
import { UsageError } from "./usage-error.js";

/** The options of the commands that serve one executor until stopped: `weft mcp serve`, `weft dashboard`. */
export interface ServingOptions extends ConfigOption, ToolSelectionOptions {
  /** `--tools <module>`, repeatable. */
  tools?: string[];
  /** `--root <dir>`: where the built-in fs and shell tools are confined. */
  root?: string;
  /** `--concurrency <n>`: the most calls running at once, across every client or run. */
  concurrency?: number;
  /** `--pools cpu=2,memory_mb=4096`: named capacities for tools that declare `uses`. */
  pools?: Record<string, number>;
}

/** An executor with every tool a run has, and the MCP servers of the config it started. */
export interface ServingExecutor {
  executor: Executor;
  servers: OpenedServers;
  /** Which tools are served: apply it to the tools a configured server adds later too. */
  filter: ToolFilter;
  /** Closes the executor, then the MCP servers. Never rejects. */
  close(): Promise<void>;
}

/** What a serving command adds to its options: where its executor reports, and whether it serves over HTTP. */
export interface ServingSettings extends Pick<ExecutorOptions, "telemetry"> {
  /** Serving to network clients: `shell.exec` is left out unless `--allow-tools` names it. @default false */
  isOverHttp?: boolean;
}

/**
 * Builds the executor of a serving command: the built-in tools inside `--root` (unless `--no-builtin`), the `--tools`
 * modules and the config's MCP servers, those that `--allow-tools`/`--deny-tools` select, with `--concurrency` and
 * `--pools`. When anything fails, what was started is stopped before it throws.
 */
export async function openServingExecutor(
  options: ServingOptions,
  io: CliIo,
  settings: ServingSettings = {},
): Promise<ServingExecutor> {
  const { isOverHttp = false, ...extra } = settings;
  // Loaded here, not at the top: `weft --help` imports this file for addServingOptions and must stay light.
  const [
    { builtinTools },
    { openConfiguredServers },
    { createExecutor },
    { loadToolGroups, mergeToolGroups },
  ] = await Promise.all([
    import("../builtin/index.js"),
    import("./mcp-servers.js"),
    import("./prepare-run.js"),
    import("./tool-sources.js"),
  ]);
  const root = resolve(io.cwd, options.root ?? ".");
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    throw new UsageError({ option: "--root", message: `--root ${root}: no such directory` });
  }
  const builtins = options.builtin === false ? [] : builtinTools({ root });
  const groups = await loadToolGroups(builtins, options.tools ?? [], io.cwd);
  const servers = await openConfiguredServers(options, io.cwd);
  const filter = toolFilter(options, isOverHttp);
  let executor: Executor;
  try {
    const tools = mergeToolGroups([...groups, ...servers.groups]).map((sourced) => sourced.tool);
    executor = createExecutor({
      tools: selectTools(tools, filter, io.stderr),
      concurrency: options.concurrency ?? defaultConcurrency,
      ...(options.pools === undefined ? {} : { pools: options.pools }),
      ...extra,
    });
  } catch (error) {
    await servers.close();
    throw error;
  }
  return {
    executor,
    servers,
    filter,
    async close() {
      await executor.close().catch(() => {});
      await servers.close();
    },
  };
}

/** Adds the options of ServingOptions to a command; `across` ends the help of --concurrency ("every client"). */
export function addServingOptions(command: Command, across: string): Command {
  command.option("-t, --tools <module>", "an ES module exporting more tools (repeatable)", collect);
  return addToolSelectionOptions(command)
    .addOption(concurrencyOption(`the most calls running at once, across ${across}`))
    .addOption(poolsOption())
    .option("--root <dir>", "the folder the built-in fs and shell tools are confined to")
    .option("--config <file>", configHelp)
    .option("--no-config", noConfigHelp);
}

/** Parses a port option: an integer from 0 (any free port) to 65535. Commander names the option in the error. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`Expected a port from 0 to 65535 (0: any free port), got "${value}".`);
  }
  return port;
}
