import type { AgentEvent } from "../agent/types.js";
import { firstLine, formatDuration, truncate } from "./format.js";
import { ProgressState } from "./progress-state.js";
import { sparkline } from "./progress-view.js";
import type { Colors, OutputStream } from "./reporter.js";

/**
 * Shows an agent at work as lines: each model turn, its text as it streams, each tool call when it is dispatched and
 * when it ends, plan problems and replans. A consumer of the agent's events, like every other view.
 */
export class AgentReporter {
  readonly #output: OutputStream;
  readonly #colors: Colors;
  /** Whether the last thing written ended a line. */
  #isAtLineStart = true;
  #state = new ProgressState();
  /** Calls running, sampled at each start and end since the last slots line. */
  #slotSamples: number[] = [];

  constructor(output: OutputStream, colors: Colors) {
    this.#output = output;
    this.#colors = colors;
  }

  handle(event: AgentEvent): void {
    const colors = this.#colors;
    switch (event.type) {
      case "turn-start":
        this.#printSlots();
        this.#line(colors.bold(`turn ${event.turn + 1}`) + colors.dim(` ${event.role}`));
        break;
      case "text-delta":
        this.#write(event.text);
        break;
      case "turn-end":
        this.#endLine();
        break;
      case "tool-call":
        this.#line(
          `  ${colors.cyan("→")} ${event.call.name} ${colors.dim(truncate(oneLine(event.call.arguments), this.#width() - event.call.name.length - 6))}`,
        );
        break;
      case "plan-problem":
        this.#line(`  ${colors.yellow("!")} line ${event.line}: ${firstLine(event.message)}`);
        break;
      case "replan":
        this.#line(`  ${colors.yellow("↻")} replan: ${firstLine(event.reason)}`);
        break;
      case "run-event": {
        const runEvent = event.event;
        const waitedOn =
          runEvent.type === "call-start" ? this.#state.waitCauseOf(runEvent.callId) : undefined;
        this.#state.update(runEvent);
        if (runEvent.type === "call-start" || runEvent.type === "call-end") {
          this.#slotSamples.push(this.#state.runningCount);
        }
        if (runEvent.type === "call-start" && waitedOn !== undefined && waitedOn !== "concurrency") {
          this.#line(`  ${colors.dim(`⋯ ${runEvent.callId} waited on ${waitedOn}`)}`);
        }
        if (runEvent.type !== "call-end") break;
        const time = formatDuration(runEvent.durationMs);
        if (runEvent.status === "succeeded") {
          this.#line(`  ${colors.green("✓")} ${runEvent.tool} ${colors.dim(`${runEvent.callId} ${time}`)}`);
        } else {
          const reason = runEvent.error === undefined ? runEvent.status : firstLine(runEvent.error.message);
          this.#line(`  ${colors.red("✗")} ${runEvent.tool} ${colors.dim(runEvent.callId)} ${reason}`);
        }
        break;
      }
      case "answer":
        this.#endLine();
        this.#printSlots();
        break;
    }
  }

  /** One line of the slots used by the tool calls since the last one, when any ran. */
  #printSlots(): void {
    const samples = this.#slotSamples;
    if (samples.length === 0) return;
    this.#slotSamples = [];
    const concurrency = Math.max(1, this.#state.concurrency);
    const peak = Math.max(...samples);
    this.#line(this.#colors.dim(`  slots ${sparkline(samples, concurrency)} peak ${peak}/${concurrency}`));
  }

  #width(): number {
    return this.#output.isTTY === true && this.#output.columns !== undefined ? this.#output.columns : 120;
  }

  #write(text: string): void {
    if (text === "") return;
    this.#output.write(text);
    this.#isAtLineStart = text.endsWith("\n");
  }

  #endLine(): void {
    if (!this.#isAtLineStart) this.#write("\n");
  }

  #line(text: string): void {
    this.#endLine();
    this.#write(`${text}\n`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
