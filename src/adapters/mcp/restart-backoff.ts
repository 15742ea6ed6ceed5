import { McpConnectionError } from "../../errors/mcp-connection-error.js";

const firstDelayMs = 500;
const longestDelayMs = 30_000;

/**
 * How soon a server that failed to start is started again: not before 0.5 s, then 1 s, 2 s… up to 30 s while it keeps
 * failing, and at once again after a start that worked. In between, calls fail at once with the last start's error
 * rather than each starting a process that will fail the same way.
 */
export class RestartBackoff {
  readonly #serverName: string;
  #failures = 0;
  #retryAt = 0;
  #lastFailure: McpConnectionError | undefined;

  constructor(serverName: string) {
    this.#serverName = serverName;
  }

  /** The error a call fails with now, while starts are held back; undefined when a start may be tried. */
  refusal(): McpConnectionError | undefined {
    const last = this.#lastFailure;
    const waitMs = this.#retryAt - performance.now();
    if (last === undefined || waitMs <= 0) return undefined;
    return new McpConnectionError({
      serverName: this.#serverName,
      phase: "start",
      detail: `its last start failed (${firstLine(last.message)}); the next start is tried in ${Math.ceil(waitMs)} ms`,
      stderr: last.stderr,
      cause: last,
    });
  }

  failed(error: McpConnectionError): void {
    const delayMs = Math.min(longestDelayMs, firstDelayMs * 2 ** this.#failures);
    this.#failures++;
    this.#retryAt = performance.now() + delayMs;
    this.#lastFailure = error;
  }

  started(): void {
    this.#failures = 0;
    this.#retryAt = 0;
    this.#lastFailure = undefined;
  }
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}
