/**
 * The `--config <file>` / `--no-config` options, apart from the code that reads the config: `weft --help` states them
 * without loading that code.
 */

/** The help of `--config <file>` and `--no-config`. */
export const configHelp =
  "the config file with `mcpServers` (default: weft.config.json, .yaml or .yml in this folder)";
export const noConfigHelp = "read no config file, start no MCP server";

/** The `--config <file>` / `--no-config` options, shared by the commands that read the config. */
export interface ConfigOption {
  /** A path (`--config <file>`), false (`--no-config`), or undefined (look for weft.config.* in the folder). */
  config?: string | false;
}
