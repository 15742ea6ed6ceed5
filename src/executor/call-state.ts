import type { ClockTimer } from "../clock/clock.js";
import type { WeftError } from "../errors/weft-error.js";
import type { CallStatus } from "../events/run-result.js";
import type { BatchGraph } from "../plan/batch-graph.js";
import type { GraphNode } from "../plan/graph-node.js";
import type { Call, Ref } from "../plan/types.js";
import type { LimitChange } from "../scheduler/adaptive-limit.js";
import type { Admission, Schedulable } from "../scheduler/admission.js";
import type { Lane } from "../scheduler/lane.js";
import type { RateLimitAdmission } from "../scheduler/rate-limit-admission.js";
import type { HeapItem, ReadyHeap } from "../scheduler/ready-heap.js";
import type { ResolvedPolicy } from "../tool/policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ResourceClaim } from "../tool/resources.js";
import type { Attempt } from "./attempt.js";
import { type CallNumbers, Slot } from "./call-numbers.js";

/** Where a call is in its life: "new" until it joins the live run. The last four are final. */
const noRefs: readonly Ref[] = Object.freeze([]);

export type CallPhase = "new" | "waiting" | "preparing" | "ready" | "running" | "backoff" | CallStatus;

export interface CallOwner {
  /** The run's id. */
  readonly id: string;
  /** The run's per-call numbers (times, rank, estimate). */
  readonly numbers: CallNumbers;
  /** The run's queue in the scheduler, for fair share between runs. */
  readonly lane: Lane | undefined;
  dispatch(call: CallState): boolean;
  attemptProgressed(call: CallState, attempt: Attempt, data: unknown): void;
  /** An adaptive concurrency limit moved because of the call's outcome. */
  limitChanged(call: CallState, key: string, change: LimitChange): void;
  /** An admission holds the call (undefined: it is back among the ready calls), for its `call-wait` events. */
  callWaiting(call: CallState, admission: Admission | undefined): void;
}

/** A tool, its policy in a run and the admissions its calls pass, shared by every call of that tool in the run. */
export interface ToolSetup {
  tool: ResolvedTool;
  policy: ResolvedPolicy;
  gates: readonly Admission[];
  /** The rate-limit admissions among the gates, the executor's before the run's: what a throttle pauses. */
  rateLimits: readonly RateLimitAdmission[];
}

/**
 * What only some calls need, made the first time one of them needs it: the key that deduplicates and caches an
 * idempotent call and who shares whose result, refs, dependents added to an open run later, a backoff timer.
 */
interface Extras {
  refs: readonly Ref[];
  /** Calls added to an open run later that wait for this one, by index. */
  extraDependents: number[] | undefined;
  backoffTimer: ClockTimer | undefined;
  /** Tool and canonical input. */
  key: string | undefined;
  /** The call whose result this one waits to share. */
  leader: CallState | undefined;
  followers: CallState[] | undefined;
  isCached: boolean;
  isDeduplicated: boolean;
  throttles: number;
  /** The keys the call locks, from its tool's `resources`; undefined when it locks none. */
  resources: readonly ResourceClaim[] | undefined;
  /** A hedge of one of its attempts started (see HedgePolicy); "won": the hedge's success is the call's output. */
  hedged: "started" | "won" | undefined;
  /** What the call waits on, as its last `call-wait` event said; undefined once it is ready again (`concurrency`). */
  waitCause: string | undefined;
}

/**
 * One call of a run, with everything the executor tracks about it. A million of these can be alive at once, so
 * fields are few: numbers live in the run's packed table, and what only idempotent calls use in a side object.
 */
export class CallState implements GraphNode, Schedulable {
  readonly index: number;
  readonly call: Call;

  /** The links of the call's batch: its dependencies and dependents… */
  graph!: BatchGraph;

  readonly owner: CallOwner;
  readonly setup: ToolSetup;
  /** Global order of arrival, for ties between runs. */
  readonly sequence: number;

  phase: CallPhase = "new";
  heapTicket = 0;
  queuedIn: ReadyHeap<HeapItem> | undefined = undefined;
  input: unknown;
  attempts = 0;
  attempt: Attempt | undefined;
  output: unknown;
  error: WeftError | undefined;
  #extras: Extras | undefined;

  constructor(
    call: Call,
    index: number,
    refs: readonly Ref[],
    owner: CallOwner,
    setup: ToolSetup,
    sequence: number,
  ) {
    this.call = call;
    this.index = index;
    if (refs.length > 0) this.#extend().refs = refs;
    this.owner = owner;
    this.setup = setup;
    this.sequence = sequence;
  }

  get id(): string {
    return this.call.id;
  }

  get tool(): ResolvedTool {
    return this.setup.tool;
  }

  /** The refs inside the call's args; empty when the args pass no data. */
  get refs(): readonly Ref[] {
    return this.#extras?.refs ?? noRefs;
  }

  get extraDependents(): number[] | undefined {
    return this.#extras?.extraDependents;
  }
  set extraDependents(value: number[] | undefined) {
    this.#extend().extraDependents = value;
  }

  get backoffTimer(): ClockTimer | undefined {
    return this.#extras?.backoffTimer;
  }
  set backoffTimer(value: ClockTimer | undefined) {
    this.#extend().backoffTimer = value;
  }

  get policy(): ResolvedPolicy {
    return this.setup.policy;
  }

  get gates(): readonly Admission[] {
    return this.setup.gates;
  }

  get numbers(): CallNumbers {
    return this.owner.numbers;
  }

  get lane(): Lane | undefined {
    return this.owner.lane;
  }

  get key(): string | undefined {
    return this.#extras?.key;
  }
  set key(value: string | undefined) {
    this.#extend().key = value;
  }
  get leader(): CallState | undefined {
    return this.#extras?.leader;
  }
  set leader(value: CallState | undefined) {
    this.#extend().leader = value;
  }
  get followers(): CallState[] | undefined {
    return this.#extras?.followers;
  }
  set followers(value: CallState[] | undefined) {
    this.#extend().followers = value;
  }
  /** Served from the result cache. */
  get isCached(): boolean {
    return this.#extras?.isCached ?? false;
  }
  set isCached(value: boolean) {
    this.#extend().isCached = value;
  }
  /** Shared the result of an identical call that was already running. */
  get isDeduplicated(): boolean {
    return this.#extras?.isDeduplicated ?? false;
  }
  set isDeduplicated(value: boolean) {
    this.#extend().isDeduplicated = value;
  }
  /** Attempts its tool refused with a RateLimitedError: retried without counting against the retry attempts. */
  get throttles(): number {
    return this.#extras?.throttles ?? 0;
  }
  set throttles(value: number) {
    this.#extend().throttles = value;
  }
  /** The keys the call locks (from its tool's `resources`), worked out once its input was ready. */
  get resources(): readonly ResourceClaim[] | undefined {
    return this.#extras?.resources;
  }
  set resources(value: readonly ResourceClaim[] | undefined) {
    this.#extend().resources = value;
  }

  /** Whether a duplicate of one of its attempts started, and whether that duplicate gave the call its output. */
  get hedged(): "started" | "won" | undefined {
    return this.#extras?.hedged;
  }
  set hedged(value: "started" | "won" | undefined) {
    this.#extend().hedged = value;
  }

  /** What the call waits on, as its last `call-wait` event said; undefined when that is `concurrency`. */
  get waitCause(): string | undefined {
    return this.#extras?.waitCause;
  }
  set waitCause(value: string | undefined) {
    if (value !== undefined || this.#extras !== undefined) this.#extend().waitCause = value;
  }

  waitingOn(admission: Admission | undefined): void {
    this.owner.callWaiting(this, admission);
  }

  #extend(): Extras {
    this.#extras ??= {
      refs: noRefs,
      extraDependents: undefined,
      backoffTimer: undefined,
      key: undefined,
      leader: undefined,
      followers: undefined,
      isCached: false,
      isDeduplicated: false,
      throttles: 0,
      resources: undefined,
      hedged: undefined,
      waitCause: undefined,
    };
    return this.#extras;
  }

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

  attemptProgressed(attempt: Attempt, data: unknown): void {
    this.owner.attemptProgressed(this, attempt, data);
  }
}
