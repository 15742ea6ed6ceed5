import { ExitCode } from "./exit-codes.js";

/** The signals that interrupt a run, each with the exit code it ends with (128 + the signal's number). */
const interruptSignals = { SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated } as const;

export type InterruptSignal = keyof typeof interruptSignals;

/** SIGINT and SIGTERM handlers installed for the length of a run. */
export interface InterruptWatch {
  /** Whether SIGINT or SIGTERM arrived while the watch was on. */
  readonly isInterrupted: boolean;
  /** The first signal that arrived; undefined when none did. */
  readonly signal: InterruptSignal | undefined;
  /** The exit code of the first signal that arrived: 130 for SIGINT, 143 for SIGTERM; undefined when none did. */
  readonly exitCode: ExitCode | undefined;
  /** Removes the handlers; both signals regain their default meaning. */
  dispose(): void;
}

/**
 * Calls `onInterrupt` on the first SIGINT (Ctrl-C) or SIGTERM (`kill`, a CI runner's or a container's stop), so that
 * the run can be cancelled and what finished can still be reported and saved. A second signal of either kind exits
 * at once with its own exit code, for a tool that does not stop when asked.
 */
export function watchInterrupt(onInterrupt: (signal: InterruptSignal) => void): InterruptWatch {
  let received: InterruptSignal | undefined;
  const handler = (signal: InterruptSignal): void => {
    if (received !== undefined) process.exit(interruptSignals[signal]);
    received = signal;
    onInterrupt(signal);
  };
  for (const signal of Object.keys(interruptSignals) as InterruptSignal[]) process.on(signal, handler);
  return {
    get isInterrupted() {
      return received !== undefined;
    },
    get signal() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : interruptSignals[received];
    },
    dispose: () => {
      for (const signal of Object.keys(interruptSignals) as InterruptSignal[]) {
        process.removeListener(signal, handler);
      }
    },
  };
}

/** Why the calls still running were cancelled, as their CancelledError says. */
export function interruptReason(signal: InterruptSignal): string {
  return signal === "SIGINT" ? "interrupted" : "terminated (SIGTERM)";
}
