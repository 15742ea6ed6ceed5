import type { Colors, OutputStream } from "./reporter.js";

/**
 * The process the CLI talks to; tests may pass stand-ins. Every command takes one, so it has a file of its own that
 * imports no command.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  /** Colours for stdout. @default picocolors' detection */
  colors?: Colors;
  /** Colours for stderr. @default picocolors' detection */
  errorColors?: Colors;
}
