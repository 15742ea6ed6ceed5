import type { ToolCallOutcome } from "../adapters/tool-call-batch.js";
import type { CallResult, RunResult } from "../events/run-result.js";
import type { Executor } from "../executor/executor.js";
import { roundMs } from "../executor/round-ms.js";
import type { Run } from "../executor/run.js";
import { describeTool, type ToolDescription } from "../tool/json-schema.js";
import type { AgentMessage, Model, ModelRequest, ModelToolCall } from "./model.js";
import { ProviderToolNames } from "./tool-names.js";
import type { AgentCall, AgentEvent, AgentMode, AgentStatus } from "./types.js";

/** What one streamed model turn produced. */
export interface TurnOutput {
  text: string;
  toolCalls: ModelToolCall[];
}

/** Called for each tool call the moment its arguments are complete in the stream. */
export type ToolCallListener = (call: ModelToolCall) => void;

/**
 * The state one agent keeps across its turns: the conversation, the counters, the calls of every run, and the events.
 * The modes drive it; it knows nothing of how they use their turns.
 */
export class AgentSession {
  readonly model: Model;
  readonly executor: Executor;
  readonly mode: AgentMode;
  readonly signal: AbortSignal | undefined;
  readonly maxTurns: number;
  readonly messages: AgentMessage[] = [];
  readonly calls: AgentCall[] = [];
  /** The executor's tools, named as weft names them (the planner reads these). */
  readonly tools: ToolDescription[];
  /** The same tools named as providers accept them (`fs_read` for `fs.read`), for tool-calling turns. */
  readonly providerTools: ToolDescription[];
  modelCalls = 0;
  toolCalls = 0;
  readonly #startTime = performance.now();
  readonly #onEvent: ((event: AgentEvent) => void) | undefined;

  constructor(options: {
    model: Model;
    executor: Executor;
    mode: AgentMode;
    maxTurns: number;
    signal: AbortSignal | undefined;
    onEvent: ((event: AgentEvent) => void) | undefined;
  }) {
    this.model = options.model;
    this.executor = options.executor;
    this.mode = options.mode;
    this.maxTurns = options.maxTurns;
    this.signal = options.signal;
    this.#onEvent = options.onEvent;
    this.tools = options.executor.tools.map(describeTool);
    this.providerTools = new ProviderToolNames(this.tools.map((tool) => tool.name)).describe(this.tools);
  }

  /** Milliseconds since the agent started. */
  now(): number {
    return performance.now() - this.#startTime;
  }

  get hasTurnsLeft(): boolean {
    return this.modelCalls < this.maxTurns;
  }

  get isCancelled(): boolean {
    return this.signal?.aborted === true;
  }

  emit(event: DistributiveOmit<AgentEvent, "time">): void {
    this.#onEvent?.({ ...event, time: this.now() } as AgentEvent);
  }

  /** Forwards a run's events as the agent's, tagged with the turn that asked for its calls. */
  watch(run: Run, turn: number): void {
    if (this.#onEvent === undefined) return;
    run.subscribe((event) => this.emit({ type: "run-event", turn, event }));
  }

  /** Keeps a run's calls, their times moved to the agent's clock. */
  record(result: RunResult, runStartedAt: number, turn: number): void {
    for (const call of result.calls) this.calls.push(onAgentClock(call, runStartedAt, turn));
  }

  /**
   * Keeps a turn's tool calls in the order the model asked for them, those that never joined the run (arguments that
   * were not JSON, an unknown tool) included, as failed calls that never started.
   */
  recordOutcomes(outcomes: readonly ToolCallOutcome[], runStartedAt: number, turn: number): void {
    for (const outcome of outcomes) {
      if (outcome.result !== undefined) {
        this.calls.push(onAgentClock(outcome.result, runStartedAt, turn));
        continue;
      }
      this.calls.push({
        id: outcome.callId,
        tool: outcome.name,
        status: "failed",
        attempts: 0,
        queuedMs: null,
        startMs: null,
        endMs: null,
        durationMs: 0,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        isCached: false,
        isDeduplicated: false,
        isHedged: false,
        isWonByHedge: false,
        turn,
      });
    }
  }

  /**
   * Streams one model turn, reporting text and tool calls as they arrive. `onToolCall` sees each call the moment its
   * arguments are complete, named as the model named it; `onText` returning true stops reading the stream early (the
   * request is closed).
   */
  async turn(
    role: "agent" | "planner" | "joiner",
    request: Omit<ModelRequest, "signal">,
    onToolCall?: ToolCallListener,
    onText?: (text: string) => boolean | undefined,
  ): Promise<TurnOutput> {
    const turn = this.modelCalls++;
    this.emit({ type: "turn-start", turn, role });
    let text = "";
    const toolCalls: ModelToolCall[] = [];
    for await (const event of this.model.stream({ ...request, signal: this.signal })) {
      if (event.type === "text-delta") {
        text += event.text;
        this.emit({ type: "text-delta", turn, text: event.text });
        if (onText?.(event.text) === true) break;
      } else if (event.type === "tool-call") {
        toolCalls.push(event.call);
        this.emit({ type: "tool-call", turn, call: event.call });
        onToolCall?.(event.call);
      }
    }
    this.emit({ type: "turn-end", turn, text, toolCalls: toolCalls.length });
    return { text, toolCalls };
  }

  finish(answer: string | undefined, status: AgentStatus): void {
    this.emit({ type: "answer", answer, status });
  }
}

type DistributiveOmit<Type, Key extends PropertyKey> = Type extends unknown ? Omit<Type, Key> : never;

function onAgentClock(call: CallResult, runStartedAt: number, turn: number): AgentCall {
  return {
    ...call,
    turn,
    queuedMs: shift(call.queuedMs, runStartedAt),
    startMs: shift(call.startMs, runStartedAt),
    endMs: shift(call.endMs, runStartedAt),
  };
}

function shift(time: number | null, offset: number): number | null {
  return time === null ? null : roundMs(time + offset);
}
