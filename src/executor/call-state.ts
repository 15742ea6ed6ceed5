import type { WeftError } from "../errors/weft-error.js";
import { type GraphNode, noLinks } from "../plan/graph-node.js";
import type { Call, Ref } from "../plan/types.js";
import type { Gate } from "../scheduler/gate.js";
import type { HeapItem, ReadyHeap } from "../scheduler/ready-heap.js";
import type { Schedulable } from "../scheduler/scheduler.js";
import type { ResolvedPolicy } from "../tool/policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Attempt } from "./attempt.js";
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
  dependencies = noLinks as readonly CallState[];
  dependents = noLinks as readonly CallState[];
  readonly owner: CallOwner;
  readonly policy: ResolvedPolicy;
  readonly gates: Gate<Schedulable>[];
  /** Global order of arrival, for ties between runs. */
  readonly sequence: number;

  phase: CallPhase = "new";
  pendingDependencies = 0;
  estimate = 0;
  rank = 0;
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
  queuedAt = -1;
  startedAt = -1;
  endedAt = -1;
  durationMs = 0;
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
  ) {
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

  get isFinal(): boolean {
    const phase = this.phase;
    return phase === "succeeded" || phase === "failed" || phase === "skipped" || phase === "cancelled";
  }

  dispatch(): boolean {
    return this.owner.dispatch(this);
  }
}
