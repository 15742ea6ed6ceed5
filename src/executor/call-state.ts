import type { WeftError } from "../errors/weft-error.js";
import type { DependentsIndex } from "../plan/dependents-index.js";
import { type GraphNode, noLinks } from "../plan/graph-node.js";
import type { Call, Ref } from "../plan/types.js";
import type { Gate } from "../scheduler/gate.js";
import type { HeapItem, ReadyHeap } from "../scheduler/ready-heap.js";
import type { Schedulable } from "../scheduler/scheduler.js";
import type { ResolvedPolicy } from "../tool/policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Attempt } from "./attempt.js";
import { type CallNumbers, Slot } from "./call-numbers.js";
import type { CallStatus } from "./result.js";

/** Where a call is in its life: "new" until it joins the live run. The last four are final. */
export type CallPhase = "new" | "waiting" | "preparing" | "ready" | "running" | "backoff" | CallStatus;

export interface CallOwner {
  dispatch(call: CallState): boolean;
}

/** One call of a run, with everything the executor tracks about it. */
export class CallState implements GraphNode, Schedulable {
  readonly index: number;
  readonly id: string;
  readonly call: Call;
  readonly tool: ResolvedTool;
  readonly refs: readonly Ref[];
  dependencies = noLinks;
  /** Who waits for this call: the packed index of its batch… */
  dependents!: DependentsIndex;
  /** …plus calls added to an open run later, by index. */
  extraDependents: number[] | undefined = undefined;
  readonly owner: CallOwner;
  readonly policy: ResolvedPolicy;
  readonly gates: Gate<Schedulable>[];
  /** Global order of arrival, for ties between runs. */
  readonly sequence: number;

  phase: CallPhase = "new";
  heapTicket = 0;
  queuedIn: ReadyHeap<HeapItem> | undefined = undefined;
  input: unknown;
  /** Tool and canonical input, for idempotent calls: deduplication and cache key. */
  key: string | undefined;
  attempts = 0;
  attempt: Attempt | undefined;
  /** The call whose result this one waits to share. */
  leader: CallState | undefined;
  followers: CallState[] | undefined;
  backoffTimer: NodeJS.Timeout | undefined;
  output: unknown;
  error: WeftError | undefined;
  isCached = false;
  isDeduplicated = false;

  constructor(
    call: Call,
    index: number,
    tool: ResolvedTool,
    refs: readonly Ref[],
    owner: CallOwner,
    policy: ResolvedPolicy,
    gates: Gate<Schedulable>[],
    sequence: number,
    numbers: CallNumbers,
  ) {
    this.numbers = numbers;
    this.call = call;
    this.id = call.id;
    this.index = index;
    this.tool = tool;
    this.refs = refs;
    this.owner = owner;
    this.policy = policy;
    this.gates = gates;
    this.sequence = sequence;
  }

  readonly numbers: CallNumbers;

  get queuedAt(): number {
    return this.numbers.get(this.index, Slot.QueuedAt);
  }
  set queuedAt(value: number) {
    this.numbers.set(this.index, Slot.QueuedAt, value);
  }
  get startedAt(): number {
    return this.numbers.get(this.index, Slot.StartedAt);
  }
  set startedAt(value: number) {
    this.numbers.set(this.index, Slot.StartedAt, value);
  }
  get endedAt(): number {
    return this.numbers.get(this.index, Slot.EndedAt);
  }
  set endedAt(value: number) {
    this.numbers.set(this.index, Slot.EndedAt, value);
  }
  /** Time spent running, all attempts together. */
  get durationMs(): number {
    return this.numbers.get(this.index, Slot.Duration);
  }
  set durationMs(value: number) {
    this.numbers.set(this.index, Slot.Duration, value);
  }
  get rank(): number {
    return this.numbers.get(this.index, Slot.Rank);
  }
  set rank(value: number) {
    this.numbers.set(this.index, Slot.Rank, value);
  }
  get estimate(): number {
    return this.numbers.get(this.index, Slot.Estimate);
  }
  set estimate(value: number) {
    this.numbers.set(this.index, Slot.Estimate, value);
  }

  get isFinal(): boolean {
    const phase = this.phase;
    return phase === "succeeded" || phase === "failed" || phase === "skipped" || phase === "cancelled";
  }

  dispatch(): boolean {
    return this.owner.dispatch(this);
  }
}
