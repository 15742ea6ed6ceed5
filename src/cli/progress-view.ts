import type { WeftEvent } from "../events/types.js";
import { formatCallEnd, formatCallRetry } from "./call-line.js";
import { formatDuration, padEnd, truncate } from "./format.js";
import { ProgressState } from "./progress-state.js";
import type { Colors, OutputStream, Reporter } from "./reporter.js";

const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/** Slots in use, sampled at each redraw: the sparkline shows this many of the latest. */
const sparklineLength = 32;
const hideCursor = "\u001b[?25l";
const showCursor = "\u001b[?25h";
const clearBelow = "\u001b[0J";

export interface ProgressViewOptions {
  /** Milliseconds since the run started: the run's own clock. */
  now: () => number;
  /**
   * How often the view is redrawn.
   * @default 100
   */
  intervalMs?: number;
}

/**
 * The live view for a terminal: the calls running now with their elapsed time, the tallies (done, failed, running,
 * queued) and the time so far, redrawn in place. Failures and retries are printed above it and stay.
 */
export class ProgressView implements Reporter {
  readonly #output: OutputStream;
  readonly #colors: Colors;
  readonly #now: () => number;
  readonly #state = new ProgressState();
  readonly #timer: NodeJS.Timeout;
  readonly #slotSamples: number[] = [];
  #drawnLines = 0;
  #frame = 0;
  #isStopped = false;

  constructor(output: OutputStream, colors: Colors, options: ProgressViewOptions) {
    this.#output = output;
    this.#colors = colors;
    this.#now = options.now;
    this.#output.write(hideCursor);
    this.#timer = setInterval(() => this.#redraw(), options.intervalMs ?? 100);
    // The view must never be what keeps the process alive.
    this.#timer.unref();
  }

  handle(event: WeftEvent): void {
    if (this.#isStopped) return;
    this.#state.update(event);
    if (event.type === "run-start") this.#redraw();
    else if (event.type === "call-end" && event.status !== "succeeded") {
      this.#printAbove(formatCallEnd(event, this.#colors));
    } else if (event.type === "call-retry") {
      this.#printAbove(formatCallRetry(event, this.#colors));
    }
  }

  stop(): void {
    if (this.#isStopped) return;
    this.#isStopped = true;
    clearInterval(this.#timer);
    this.#output.write(this.#erase() + showCursor);
  }

  /** The lines of the live area as they look now (uncoloured when colour is off). */
  render(): string[] {
    const state = this.#state;
    const colors = this.#colors;
    const width = Math.max(20, (this.#output.columns || 80) - 1);
    const maxRunning = Math.max(1, Math.min(10, (this.#output.rows || 24) - 5));
    const now = this.#now();
    const tallies = [
      `${state.succeeded}/${state.total} done`,
      state.failed > 0 ? colors.red(`${state.failed} failed`) : `${state.failed} failed`,
      ...(state.skipped > 0 ? [colors.yellow(`${state.skipped} skipped`)] : []),
      `${state.runningCount} running`,
      `${state.queued} queued`,
    ];
    const icon = colors.cyan(spinner[this.#frame % spinner.length] as string);
    const lines = [`${icon} ${colors.bold(formatDuration(now))}  ${tallies.join(colors.dim(" · "))}`];
    const slots = sparkline(this.#slotSamples, Math.max(1, state.concurrency));
    lines.push(colors.dim(truncate(`  slots ${slots} ${state.runningCount}/${state.concurrency}`, width)));
    const causes = state.queuedByCause().map(([cause, count]) => `${count} ${cause}`);
    if (causes.length > 0) lines.push(colors.dim(truncate(`  waiting on ${causes.join(", ")}`, width)));
    const running = state.running();
    const idWidth = Math.min(24, Math.max(0, ...running.map((call) => call.callId.length)));
    const toolWidth = Math.min(16, Math.max(0, ...running.map((call) => call.tool.length)));
    for (const call of running.slice(0, maxRunning)) {
      const retry = call.attempt > 1 ? ` (attempt ${call.attempt})` : "";
      const text = `${padEnd(call.callId, idWidth)}  ${padEnd(call.tool, toolWidth)}  ${formatDuration(now - call.startMs)}${retry}`;
      lines.push(`  ${colors.dim("▸")} ${truncate(text, width - 4)}`);
    }
    if (running.length > maxRunning) lines.push(colors.dim(`  … and ${running.length - maxRunning} more`));
    return lines;
  }

  #redraw(): void {
    if (this.#isStopped) return;
    this.#frame++;
    this.#slotSamples.push(this.#state.runningCount);
    if (this.#slotSamples.length > sparklineLength) this.#slotSamples.shift();
    const lines = this.render();
    this.#output.write(`${this.#erase()}${lines.join("\n")}\n`);
    this.#drawnLines = lines.length;
  }

  #printAbove(line: string): void {
    this.#output.write(`${this.#erase()}${line}\n`);
    this.#redraw();
  }

  /** Moves up over the lines drawn last time and clears them. */
  #erase(): string {
    const lines = this.#drawnLines;
    this.#drawnLines = 0;
    return lines === 0 ? "" : `\u001b[${lines}A\r${clearBelow}`;
  }
}

const bars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** One character per sample, its height the share of `full` in use. */
export function sparkline(samples: readonly number[], full: number): string {
  return samples
    .map(
      (sample) => bars[Math.min(bars.length - 1, Math.round((sample / full) * (bars.length - 1)))] as string,
    )
    .join("");
}
