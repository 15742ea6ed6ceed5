import { resolve } from "node:path";
import { builtinTools } from "../builtin/index.js";
import type { CliIo } from "./cli-io.js";
import type { ConfigOption } from "./config-option.js";
import { ExitCode } from "./exit-codes.js";
import { type OpenedServers, openConfiguredServers } from "./mcp-servers.js";
import { reportStop } from "./report-stop.js";
import { defaultColors } from "./reporter.js";
import { formatToolTable, type ToolListing, toToolListing } from "./tool-listing.js";
import { type ToolSelectionOptions, toolFilter } from "./tool-selection.js";
import { loadToolGroups, mergeToolGroups } from "./tool-sources.js";

/** The options of `weft tools`. */
export interface ToolsCommandOptions extends ConfigOption, ToolSelectionOptions {
  /** `--tools <module>`, repeatable. */
  tools?: string[];
  /** `--root <dir>`: where the built-in tools are confined (it does not change what they are). */
  root?: string;
  /** `--json`: print the listing as one JSON array (or the invalid document when the listing cannot be made). */
  json?: boolean;
}

/**
 * `weft tools`: lists every tool a run would have (the built-ins, each `--tools` module's, each configured MCP
 * server's) with its source and the policy weft applies to it. Exit codes: 0 listed, 2 a module, the config or a
 * server could not be loaded (with `--json`, stdout then has the invalid document instead of the listing).
 */
export async function toolsCommand(options: ToolsCommandOptions, io: CliIo): Promise<ExitCode> {
  const colors = io.colors ?? defaultColors;
  let servers: OpenedServers | undefined;
  let listings: ToolListing[];
  try {
    const builtins =
      options.builtin === false ? [] : builtinTools({ root: resolve(io.cwd, options.root ?? ".") });
    const groups = await loadToolGroups(builtins, options.tools ?? [], io.cwd);
    servers = await openConfiguredServers(options, io.cwd);
    const filter = toolFilter(options, false);
    listings = mergeToolGroups([...groups, ...servers.groups])
      .filter((sourced) => filter.allows(sourced.tool.name))
      .map(toToolListing);
  } catch (error) {
    return reportStop(error, options.json, io);
  } finally {
    await servers?.close();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(listings, null, 2)}\n`);
  else io.stdout.write(formatToolTable(listings, colors));
  return ExitCode.success;
}
