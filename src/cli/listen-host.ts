import { isLoopback, isWildcard } from "../http-guard/index.js";
import type { Colors } from "./reporter.js";
import { UsageError } from "./usage-error.js";

/** Where the serving commands listen unless `--host` says otherwise: only this machine can reach it. */
export const defaultHost = "127.0.0.1";

/** The address of `--host`, or the default; an empty one is a usage error (exit 2). */
export function checkHostOption(host: string | undefined): string {
  if (host === undefined) return defaultHost;
  if (host.trim() === "") throw new UsageError({ option: "--host", message: "--host: expected an address" });
  return host;
}

/**
 * The warning to print when a server listens beyond loopback (undefined on loopback): anyone on the network can then
 * reach `what`, and the token that keeps them out travels in clear over plain HTTP, which a person should know.
 */
export function beyondLoopbackWarning(host: string, what: string, colors: Colors): string | undefined {
  if (isLoopback(host)) return undefined;
  return `${colors.yellow("warning:")} listening on ${host}${isWildcard(host) ? " (every interface)" : ""}, beyond loopback: other machines can reach ${what}; only the token keeps them out, and it travels in clear over plain HTTP\n`;
}

/** Where a serving command tried to listen, and the option that chose its port (`--http`, `--port`). */
export interface ListenTarget {
  host: string;
  port: number;
  portOption: string;
}

/**
 * An error from listening, as the command line's mistake when it is one (exit 2): a port that is taken or not
 * allowed names the port's option, an address that is not of this machine names `--host`. Anything else is returned
 * as it is.
 */
export function listenError(error: unknown, target: ListenTarget): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE" || code === "EACCES") {
    return new UsageError({
      option: target.portOption,
      message: `${target.portOption} ${target.port}: cannot listen on ${target.host}:${target.port} (${code === "EADDRINUSE" ? "already in use" : "not allowed"})`,
      cause: error,
    });
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new UsageError({
      option: "--host",
      message: `--host ${target.host}: not an address of this machine`,
      cause: error,
    });
  }
  return error;
}
