import { InvalidArgumentError } from "commander";

/** The options of `weft run`, as the command line gives them. */
export interface RunCommandOptions {
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
  /** `--root <dir>`: the folder the built-in file and shell tools are confined to. */
  root?: string;
  /** `--estimates <file>` (a path) or `--no-estimates` (false). */
  estimates?: string | boolean;
  /** `--quiet`: no live progress and no per-call lines. */
  quiet?: boolean;
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
