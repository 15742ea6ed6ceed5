import type { Clock, ClockTimer } from "../clock/clock.js";
import { ToolBatchResultError } from "../errors/tool-batch-result-error.js";
import type { BatchContext, ResolvedBatch } from "../tool/batch.js";
import { describeReceived } from "../tool/describe-value.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Attempt } from "./attempt.js";
import type { CallState } from "./call-state.js";

/** What a batch needs from the run of each of its calls (the Run). */
export interface BatchMemberOwner {
  /** Starts the call's attempt now that its batch is sent: `call-start`, its timeout. */
  startBatchedAttempt(node: CallState): Attempt;
  /** The call's item of the batch's result, or the batch's error. */
  batchedAttemptSettled(
    node: CallState,
    attempt: Attempt,
    output: unknown,
    error: unknown,
    isError: boolean,
  ): void;
}

/**
 * The batches of an executor: one collector per batching tool, made at the tool's first call, so tools that do not
 * batch cost nothing here. Calls of several runs may share a batch, as they share the tool's limits.
 */
export class Batches {
  readonly #collectors = new Map<ResolvedTool, BatchCollector>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A call admitted by the scheduler (it holds its slot) waits for its batch to be sent. */
  enter(node: CallState): void {
    const tool = node.tool;
    let collector = this.#collectors.get(tool);
    if (collector === undefined) {
      collector = new BatchCollector(tool, tool.batch as ResolvedBatch, this.#clock);
      this.#collectors.set(tool, collector);
    }
    collector.enter(node);
  }

  /** Takes back a call whose batch was not sent yet (its run was cancelled). Returns false when it was not waiting. */
  withdraw(node: CallState): boolean {
    if (node.tool.batch === undefined) return false;
    return this.#collectors.get(node.tool)?.withdraw(node) ?? false;
  }
}

/** Gathers one tool's admitted calls until the batch is full or its window has passed, then sends it. */
class BatchCollector {
  readonly #tool: ResolvedTool;
  readonly #batch: ResolvedBatch;
  readonly #clock: Clock;
  #pending: CallState[] = [];
  /** The calls whose attempts are being started, while `call-start` listeners may cancel those not started yet. */
  #sending: (CallState | undefined)[] | undefined;
  #timer: ClockTimer | undefined;
  /** Counts windows, so that the end of a window whose batch was already sent (full) does not cut the next one short. */
  #window = 0;

  constructor(tool: ResolvedTool, batch: ResolvedBatch, clock: Clock) {
    this.#tool = tool;
    this.#batch = batch;
    this.#clock = clock;
  }

  enter(node: CallState): void {
    const pending = this.#pending;
    pending.push(node);
    if (pending.length >= this.#batch.maxSize) {
      this.#send();
    } else if (pending.length === 1) {
      const window = this.#window;
      const onWindowEnd = (): void => {
        if (window === this.#window) this.#send();
      };
      // A zero window still gathers every call admitted in the same scheduling pass: they are dispatched synchronously.
      if (this.#batch.maxWaitMs === 0) queueMicrotask(onWindowEnd);
      else this.#timer = this.#clock.schedule(this.#batch.maxWaitMs, onWindowEnd);
    }
  }

  withdraw(node: CallState): boolean {
    const index = this.#pending.indexOf(node);
    if (index >= 0) {
      this.#pending.splice(index, 1);
      if (this.#pending.length === 0) this.#closeWindow();
      return true;
    }
    const sending = this.#sending;
    const sendingIndex = sending === undefined ? -1 : sending.indexOf(node);
    if (sendingIndex < 0) return false;
    (sending as (CallState | undefined)[])[sendingIndex] = undefined;
    return true;
  }

  #closeWindow(): void {
    this.#window++;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #send(): void {
    this.#closeWindow();
    const nodes: (CallState | undefined)[] = this.#pending;
    this.#pending = [];
    this.#sending = nodes;
    const members: CallState[] = [];
    const attempts: Attempt[] = [];
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index];
      // Withdrawn by a `call-start` listener that cancelled its run.
      if (node === undefined) continue;
      members.push(node);
      attempts.push(ownerOf(node).startBatchedAttempt(node));
    }
    this.#sending = undefined;
    if (members.length > 0) sendBatch(this.#tool, this.#batch, members, attempts);
  }
}

/** Calls `executeBatch` once for `members` and gives each call its own item of the result. */
function sendBatch(
  tool: ResolvedTool,
  batch: ResolvedBatch,
  members: readonly CallState[],
  attempts: readonly Attempt[],
): void {
  const controller = new AbortController();
  let givenUp = 0;
  // The batch works for every call in it: its signal is aborted only once none of them waits for it any more.
  const onGivenUp = (event: Event): void => {
    if (++givenUp === members.length) controller.abort((event.target as AbortSignal).reason);
  };
  for (const attempt of attempts) {
    if (attempt.isGivenUp) givenUp++;
    else attempt.signal.addEventListener("abort", onGivenUp, { once: true });
  }
  if (givenUp === members.length) controller.abort(attempts[0]?.signal.reason);
  const context: BatchContext = {
    signal: controller.signal,
    callIds: members.map((node) => node.id),
    runIds: members.map((node) => node.owner.id),
    attempts: attempts.map((attempt) => attempt.attempt),
  };
  let result: unknown;
  try {
    result = batch.executeBatch.call(
      tool.tool,
      members.map((node) => node.input),
      context,
    );
  } catch (error) {
    result = Promise.reject(error);
  }
  // Settled asynchronously even when executeBatch returned an array, so a run never recurses through its calls.
  Promise.resolve(result).then(
    (items: unknown) => {
      if (!Array.isArray(items) || items.length !== members.length) {
        const received = describeReceived(items);
        settleEach(members, attempts, (node) => ({
          error: new ToolBatchResultError({
            toolName: tool.name,
            callId: node.id,
            batchSize: members.length,
            received,
          }),
        }));
      } else {
        settleEach(members, attempts, (_node, index) => {
          const item: unknown = items[index];
          return item instanceof Error ? { error: item } : { output: item };
        });
      }
    },
    (error: unknown) => settleEach(members, attempts, () => ({ error })),
  );
}

function settleEach(
  members: readonly CallState[],
  attempts: readonly Attempt[],
  itemOf: (node: CallState, index: number) => { output?: unknown; error?: unknown },
): void {
  for (let index = 0; index < members.length; index++) {
    const node = members[index] as CallState;
    const item = itemOf(node, index);
    const isError = "error" in item;
    ownerOf(node).batchedAttemptSettled(node, attempts[index] as Attempt, item.output, item.error, isError);
  }
}

function ownerOf(node: CallState): BatchMemberOwner {
  return node.owner as unknown as BatchMemberOwner;
}
