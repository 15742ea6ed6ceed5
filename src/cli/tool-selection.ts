import type { Command } from "commander";
import type { Tool } from "../tool/types.js";
import { matchesToolPattern, parseToolPatterns } from "./tool-patterns.js";

/** The tool the HTTP servers leave out unless `--allow-tools` names it. */
export const shellToolName = "shell.exec";

/** What a command offers out of the tools it loaded: `--no-builtin`, `--allow-tools`, `--deny-tools`. */
export interface ToolSelectionOptions {
  /**
   * `--no-builtin` (false): leave weft's built-in tools (fs, http, shell, sleep) out. `weft agent` offers them only
   * with `--builtin` (true).
   */
  builtin?: boolean;
  /** `--allow-tools <patterns>`: offer only the tools matching one of these. */
  allowTools?: string[];
  /** `--deny-tools <patterns>`: never offer the tools matching one of these (it wins over --allow-tools). */
  denyTools?: string[];
}

/** Decides, by name, which tools a command offers. */
export interface ToolFilter {
  /** Whether a tool of this name is offered. */
  allows(name: string): boolean;
  /** Whether a tool of this name is left out only because it is `shell.exec` served over HTTP. */
  isWithheldOverHttp(name: string): boolean;
}

/**
 * The filter of a command's options. A tool is offered when it matches an `--allow-tools` pattern (or none is given)
 * and no `--deny-tools` pattern. Over HTTP (`isOverHttp`), `shell.exec` is offered only when an `--allow-tools`
 * pattern is exactly `shell.exec`: a wildcard (`*`, `shell.*`) never hands a shell to a network client.
 */
export function toolFilter(options: ToolSelectionOptions, isOverHttp: boolean): ToolFilter {
  const allowPatterns = options.allowTools ?? [];
  const denyPatterns = options.denyTools ?? [];
  const isSelected = (name: string): boolean =>
    (allowPatterns.length === 0 || allowPatterns.some((pattern) => matchesToolPattern(name, pattern))) &&
    !denyPatterns.some((pattern) => matchesToolPattern(name, pattern));
  const isWithheldOverHttp = (name: string): boolean =>
    isOverHttp && name === shellToolName && !allowPatterns.includes(shellToolName) && isSelected(name);
  return {
    allows: (name) => isSelected(name) && !isWithheldOverHttp(name),
    isWithheldOverHttp,
  };
}

/**
 * The tools the filter offers, in order. When `shell.exec` is left out because it would be served over HTTP, says so
 * on `stderr` (when given), with how to serve it.
 */
export function selectTools(
  tools: readonly Tool[],
  filter: ToolFilter,
  stderr?: { write(text: string): unknown },
): Tool[] {
  if (stderr !== undefined && tools.some((tool) => filter.isWithheldOverHttp(tool.name))) {
    stderr.write(
      `weft: ${shellToolName} is not served over HTTP (it runs any program); add --allow-tools ${shellToolName} to serve it\n`,
    );
  }
  return tools.filter((tool) => filter.allows(tool.name));
}

/** Help text shared by the commands' --allow-tools and --deny-tools. */
const patternHelp = "patterns, comma-separated or repeated; * matches any characters, as in fs.*";

/** Adds --allow-tools and --deny-tools (and --no-builtin unless `hasBuiltinSwitch` is false) to a command. */
export function addToolSelectionOptions(command: Command, hasBuiltinSwitch = true): Command {
  if (hasBuiltinSwitch) {
    command.option("--no-builtin", "leave weft's built-in tools (fs, http, shell, sleep) out");
  }
  return command
    .option(
      "--allow-tools <patterns>",
      `offer only the tools matching these ${patternHelp}`,
      parseToolPatterns,
    )
    .option(
      "--deny-tools <patterns>",
      `never offer the tools matching these (wins over --allow-tools); ${patternHelp}`,
      parseToolPatterns,
    );
}
