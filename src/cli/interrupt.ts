/** A SIGINT handler installed for the length of a run. */
export interface InterruptWatch {
  /** Whether SIGINT arrived while the watch was on. */
  readonly isInterrupted: boolean;
  /** Removes the handler; SIGINT regains its default meaning. */
  dispose(): void;
}

/**
 * Calls `onInterrupt` on the first SIGINT (Ctrl-C), so that the run can be cancelled and what finished can still be
 * reported. A second SIGINT exits at once with `forceExitCode`, for a tool that does not stop when asked.
 */
export function watchInterrupt(onInterrupt: () => void, forceExitCode: number): InterruptWatch {
  let isInterrupted = false;
  const handler = (): void => {
    if (isInterrupted) process.exit(forceExitCode);
    isInterrupted = true;
    onInterrupt();
  };
  process.on("SIGINT", handler);
  return {
    get isInterrupted() {
      return isInterrupted;
    },
    dispose: () => {
      process.removeListener("SIGINT", handler);
    },
  };
}
