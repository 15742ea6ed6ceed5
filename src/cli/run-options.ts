import { InvalidArgumentError, Option } from "commander";
import type { ConfigOption } from "./config-option.js";
import type { ToolSelectionOptions } from "./tool-selection.js";

/** The options of `weft run`, as the command line gives them. */
export interface RunCommandOptions extends ConfigOption, ToolSelectionOptions {
  /** `--tools <module>`, repeatable: ES modules whose exported tools are added to the built-in ones. */
  tools?: string[];
  /** `--concurrency <n>`: the most calls running at once. */
  concurrency?: number;
  /** `--fail-fast`: stop the run at the first failed call. */
  failFast?: boolean;
  /** `--json`: print one JSON document and nothing else on stdout. */
  json?: boolean;
  /** `--trace <file>`: write the run as a Chrome trace. */
  trace?: string;
  /** `--report <file>`: write the run's HTML report. */
  report?: string;
  /** `--dashboard`: serve the run's live dashboard on 127.0.0.1 while it goes. */
  dashboard?: boolean;
  /** `--root <dir>`: the folder the built-in file and shell tools are confined to. */
  root?: string;
  /** `--estimates <file>` (a path) or `--no-estimates` (false). */
  estimates?: string | boolean;
  /** `--quiet`: no live progress and no per-call lines. */
  quiet?: boolean;
  /** `--pools cpu=2,memory_mb=4096`: named capacities for tools that declare `uses`. */
  pools?: Record<string, number>;
}

/** The concurrency when `--concurrency` is not given. */
export const defaultConcurrency = 16;

/** Parses `--concurrency`: a positive whole number. Commander reports the error with the option's name. */
export function parseConcurrency(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`Expected a positive whole number, got "${value}".`);
  }
  return number;
}

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses `--pools cpu=2,memory_mb=4096` into named capacities; the executor checks the amounts. */
export function parsePools(value: string): Record<string, number> {
  const pools: Record<string, number> = {};
  for (const entry of value.split(",")) {
    const match = /^\s*([A-Za-z_][\w.-]*)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(entry);
    if (match === null) {
      throw new InvalidArgumentError(
        `Expected name=amount pairs separated by commas, such as cpu=2,memory_mb=4096; got "${entry.trim()}".`,
      );
    }
    pools[match[1] as string] = Number(match[2]);
  }
  return pools;
}

/** `-c, --concurrency <n>` with its parser and default; `help` says across what the limit holds. */
export function concurrencyOption(help: string): Option {
  return new Option("-c, --concurrency <n>", help).argParser(parseConcurrency).default(defaultConcurrency);
}

/** `--pools <capacities>` with its parser. */
export function poolsOption(): Option {
  return new Option(
    "--pools <capacities>",
    "named capacities for tools that declare `uses`, such as cpu=2,memory_mb=4096",
  ).argParser(parsePools);
}
