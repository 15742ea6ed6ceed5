import { mcpSdkMissingMessage } from "../adapters/mcp/client-sdk.js";
import { WeftError } from "../errors/weft-error.js";
import type { CliIo } from "./cli-io.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";

/**
 * Imports a command's module when that command runs, so that `weft --help` and every other command load only what
 * they use (the MCP SDK, the report's renderer, the dashboard's server…). A command whose module needs an optional
 * peer that is not installed (`weft mcp serve` and the MCP SDK) gets one line saying how to install it, and undefined.
 */
export async function importCommand<Module>(
  load: () => Promise<Module>,
  io: CliIo,
): Promise<Module | undefined> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingMcpSdk(error)) throw error;
    const missing = new WeftError("MCP_SDK_MISSING", mcpSdkMissingMessage, { cause: error });
    io.stderr.write(reportCliError(missing, io.errorColors ?? defaultColors).text);
    return undefined;
  }
}

function isMissingMcpSdk(error: unknown): boolean {
  return (
    (error as NodeJS.ErrnoException | undefined)?.code === "ERR_MODULE_NOT_FOUND" &&
    String((error as Error).message).includes("@modelcontextprotocol/sdk")
  );
}
