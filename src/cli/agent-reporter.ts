import type { AgentEvent } from "../agent/types.js";
import { firstLine, formatDuration, truncate } from "./format.js";
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

  constructor(output: OutputStream, colors: Colors) {
    this.#output = output;
    this.#colors = colors;
  }

  handle(event: AgentEvent): void {
    const colors = this.#colors;
    switch (event.type) {
      case "turn-start":
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
        break;
    }
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
