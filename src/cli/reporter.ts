import pc from "picocolors";
import type { WeftEvent } from "../events/types.js";

/** Colour functions; plain identity functions when colour is off (not a terminal, or NO_COLOR). */
export type Colors = ReturnType<typeof pc.createColors>;

/** The colours for terminal output, following picocolors' detection (TTY, NO_COLOR, FORCE_COLOR). */
export const defaultColors: Colors = pc.createColors(pc.isColorSupported);

/** Where a reporter writes: process.stdout, process.stderr, or a stand-in in tests. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** Shows a run while it happens. A consumer of the run's events, like every other view. */
export interface Reporter {
  handle(event: WeftEvent): void;
  /** Ends the view: a live view erases itself so that the summary can follow. */
  stop(): void;
}

/** A reporter that shows nothing, for `--quiet` and `--json`. */
export const silentReporter: Reporter = {
  handle: () => {},
  stop: () => {},
};
