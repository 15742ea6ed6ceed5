import { ConfigError } from "../config/config-error.js";
import { McpConnectionError } from "../errors/mcp-connection-error.js";
import { PlanError } from "../errors/plan-error.js";
import { PlanParseError } from "../errors/plan-parse-error.js";
import { ToolLoadError } from "../errors/tool-load-error.js";
import { WeftError } from "../errors/weft-error.js";
import { ExitCode } from "./exit-codes.js";
import type { Colors } from "./reporter.js";
import { UsageError } from "./usage-error.js";

/** How many of the last lines a server wrote to stderr are shown when it fails to start. */
const stderrLines = 10;

/** What the CLI prints for an error that stopped it, and the exit code that goes with it. */
export interface CliErrorReport {
  text: string;
  exitCode: ExitCode;
}

/**
 * Describes an error that stopped the command before or instead of a run. A user's mistake (a bad plan, a bad option,
 * a tools module that does not load) gives one clear line (plus every problem of a plan) and exit code 2, never a
 * stack trace; anything else is a bug in weft or in a tool, and keeps its stack.
 */
export function reportCliError(error: unknown, colors: Colors): CliErrorReport {
  const prefix = colors.red(colors.bold("error:"));
  if (PlanError.isInstance(error)) {
    const headline = error.message.split("\n", 1)[0] ?? "";
    const problems = error.problems.map(
      (problem) => `  - ${problem.message} ${colors.dim(`[${problem.code}]`)}\n`,
    );
    return { text: `${prefix} ${headline}\n${problems.join("")}`, exitCode: ExitCode.invalid };
  }
  if (McpConnectionError.isInstance(error) && error.phase === "start") {
    // One line for the failure, then the end of what the server said on stderr, which usually tells why.
    const headline = error.message.split("\n", 1)[0] ?? "";
    const stderr = error.stderr
      .split("\n")
      .slice(-stderrLines)
      .map((line) => `  ${colors.dim(line)}\n`);
    return {
      text: `${prefix} ${headline}\n${error.stderr === "" ? "" : stderr.join("")}`,
      exitCode: ExitCode.invalid,
    };
  }
  if (isMissingPeer(error)) return { text: `${prefix} ${error.message}\n`, exitCode: ExitCode.invalid };
  if (
    PlanParseError.isInstance(error) ||
    ToolLoadError.isInstance(error) ||
    UsageError.isInstance(error) ||
    ConfigError.isInstance(error)
  ) {
    return { text: `${prefix} ${error.message}\n`, exitCode: ExitCode.invalid };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    text: `${prefix} weft stopped on an unexpected error:\n${detail}\n`,
    exitCode: ExitCode.callsFailed,
  };
}

/** An optional peer dependency that the command needs is not installed: the message says what to install. */
function isMissingPeer(error: unknown): error is WeftError {
  return (
    WeftError.isInstance(error) && (error.code === "MCP_SDK_MISSING" || error.code === "MODEL_SDK_MISSING")
  );
}
