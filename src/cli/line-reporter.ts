import type { WeftEvent } from "../events/types.js";
import { formatCallEnd, formatCallRetry } from "./call-line.js";
import type { Colors, OutputStream, Reporter } from "./reporter.js";

/**
 * Plain lines, one per call that ends (and one per retry), for output that is not a terminal: logs, CI, pipes.
 * Nothing is redrawn, so every line can be read by a program.
 */
export class LineReporter implements Reporter {
  readonly #output: OutputStream;
  readonly #colors: Colors;

  constructor(output: OutputStream, colors: Colors) {
    this.#output = output;
    this.#colors = colors;
  }

  handle(event: WeftEvent): void {
    if (event.type === "call-end") this.#output.write(`${formatCallEnd(event, this.#colors)}\n`);
    else if (event.type === "call-retry") this.#output.write(`${formatCallRetry(event, this.#colors)}\n`);
  }

  stop(): void {}
}
