import { PlanError } from "../errors/plan-error.js";
import { dependenciesOf } from "../plan/batch-graph.js";
import { checkCalls } from "../plan/check-plan.js";
import type { Ref } from "../plan/types.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import { CallNumbers } from "./call-numbers.js";
import { type CallOwner, CallState, type ToolSetup } from "./call-state.js";
import type { ExecutorCore } from "./executor-core.js";

/**
 * The calls of one run and the links between them: it checks and adds batches of calls, ranks them, and counts down
 * what each call still waits for. Everything it keeps per call is packed (see `BatchGraph`, `CallNumbers`), so that a
 * run of a million calls stays within a gigabyte.
 */
export class RunGraph {
  /** Times, ranks and estimates of the calls. */
  readonly numbers = new CallNumbers();
  /** The calls batch by batch, each batch in an order where every call comes after its dependencies. */
  readonly orders: CallState[][] = [];
  /** Calls with no dependencies among those added before the run started: they start it. */
  readonly roots: CallState[] = [];
  readonly #owner: CallOwner;
  readonly #core: ExecutorCore;
  readonly #setupFor: (tool: ResolvedTool) => ToolSetup;
  readonly #indexById = new Map<string, number>();
  #calls: CallState[] = [];
  /** Dependencies each call still waits for, by call index. */
  #pending: Int32Array<ArrayBuffer> = new Int32Array(0);

  constructor(owner: CallOwner, core: ExecutorCore, setupFor: (tool: ResolvedTool) => ToolSetup) {
    this.#owner = owner;
    this.#core = core;
    this.#setupFor = setupFor;
  }

  /** Every call, in the order they were added. */
  get calls(): readonly CallState[] {
    return this.#calls;
  }

  /**
   * Checks a batch of calls and adds it. Throws a PlanError listing every problem, and then adds nothing. Returns the
   * new calls in an order where each comes after its dependencies.
   */
  add(calls: readonly unknown[], isStarted: boolean, onRankRaised: (call: CallState) => void): CallState[] {
    const core = this.#core;
    const firstIndex = this.#calls.length;
    this.numbers.ensure(firstIndex + calls.length);
    const checked = checkCalls(calls, {
      lookupTool: core.lookupTool,
      toolNames: core.toolNames,
      indexById: this.#indexById,
      earlierIndexOf: (id) => this.#calls.findIndex((call) => call.id === id),
      firstIndex,
      createNode: (call, index, tool, refs) =>
        new CallState(call, index, refs, this.#owner, this.#setupFor(tool), core.nextSequence()),
    });
    if (checked.problems.length > 0) throw new PlanError(checked.problems);
    const { nodes, order, graph } = checked;
    for (const node of nodes) node.graph = graph;
    // The first batch's list becomes the run's list as it is: no copy of a million pointers.
    if (firstIndex === 0) this.#calls = nodes;
    else for (const node of nodes) this.#calls.push(node);
    this.#pending = withCapacity(this.#pending, this.#calls.length);
    this.#rank(order, firstIndex, isStarted);
    for (const { dependencyIndex, dependentIndex } of checked.crossLinks) {
      const dependency = this.#calls[dependencyIndex] as CallState;
      dependency.extraDependents ??= [];
      dependency.extraDependents.push(dependentIndex);
      this.#raiseRank(dependency, (this.#calls[dependentIndex] as CallState).rank, onRankRaised);
    }
    this.orders.push(order);
    return order;
  }

  /** Forgets the ids once no call will be looked up by id again (a closed plan), rather than hold the map. */
  forgetIds(): void {
    this.#indexById.clear();
  }

  /** The calls a call waits for. */
  dependenciesOf(call: CallState): CallState[] {
    return dependenciesOf(call.graph, call.index).map((index) => this.#calls[index] as CallState);
  }

  /** Visits the calls that wait for a call. */
  forEachDependent(call: CallState, visit: (dependent: CallState) => void): void {
    const { firstIndex, dependentOffsets, dependentTargets } = call.graph;
    const position = call.index - firstIndex;
    for (
      let edge = dependentOffsets[position] as number;
      edge < (dependentOffsets[position + 1] as number);
      edge++
    ) {
      visit(this.#calls[dependentTargets[edge] as number] as CallState);
    }
    if (call.extraDependents !== undefined)
      for (const index of call.extraDependents) visit(this.#calls[index] as CallState);
  }

  /**
   * A call succeeded: counts down what each of its dependents waits for, and hands over those that wait for nothing
   * more. Only a dependent whose count reaches zero is touched, which keeps this loop in small packed arrays.
   */
  releaseDependents(call: CallState, onReady: (dependent: CallState) => void): void {
    const pending = this.#pending;
    const { firstIndex, dependentOffsets, dependentTargets } = call.graph;
    const position = call.index - firstIndex;
    for (
      let edge = dependentOffsets[position] as number;
      edge < (dependentOffsets[position + 1] as number);
      edge++
    ) {
      const index = dependentTargets[edge] as number;
      if (--(pending[index] as number) === 0) onReady(this.#calls[index] as CallState);
    }
    if (call.extraDependents !== undefined) {
      for (const index of call.extraDependents) {
        if (--(pending[index] as number) === 0) onReady(this.#calls[index] as CallState);
      }
    }
  }

  pendingOf(call: CallState): number {
    return this.#pending[call.index] as number;
  }

  setPending(call: CallState, count: number): void {
    this.#pending[call.index] = count;
  }

  /** The output a call's ref points to, found through the index its ref got when the plan was checked. */
  referencedOutput(call: CallState, id: string): unknown {
    // Every ref of a call that reaches this point was linked when the plan was checked.
    const ref = call.refs.find((candidate) => candidate.callId === id) as Ref;
    return (this.#calls[ref.callIndex as number] as CallState).output;
  }

  /**
   * Ranks a new batch in reverse topological order: rank = own estimate + the largest rank among its dependents. Every
   * dependent of a new call is new, so its rank is already in `ranks`.
   */
  #rank(order: readonly CallState[], firstIndex: number, isStarted: boolean): void {
    if (order.length === 0) return;
    const core = this.#core;
    const pending = this.#pending;
    const { dependentOffsets, dependentTargets, dependencyOffsets } = (order[0] as CallState).graph;
    const ranks = new Float64Array(order.length);
    const estimates = new Map<ResolvedTool, number>();
    for (let position = order.length - 1; position >= 0; position--) {
      const call = order[position] as CallState;
      const local = call.index - firstIndex;
      let estimate = estimates.get(call.tool);
      if (estimate === undefined) {
        estimate =
          core.costModel.estimate(call.tool.name) ?? call.policy.estimateMs ?? core.defaultEstimateMs;
        estimates.set(call.tool, estimate);
      }
      let longestAfter = 0;
      for (
        let edge = dependentOffsets[local] as number;
        edge < (dependentOffsets[local + 1] as number);
        edge++
      ) {
        const rank = ranks[(dependentTargets[edge] as number) - firstIndex] as number;
        if (rank > longestAfter) longestAfter = rank;
      }
      const rank = estimate + longestAfter;
      ranks[local] = rank;
      call.estimate = estimate;
      call.rank = rank;
      const dependencyCount = (dependencyOffsets[local + 1] as number) - (dependencyOffsets[local] as number);
      pending[call.index] = dependencyCount;
      if (dependencyCount === 0 && !isStarted) this.roots.push(call);
    }
  }

  /** A call added to a running plan lengthens the path behind its dependencies: raise their ranks to match. */
  #raiseRank(start: CallState, dependentRank: number, onRankRaised: (call: CallState) => void): void {
    const stack: [CallState, number][] = [[start, dependentRank]];
    while (stack.length > 0) {
      const [call, rankAfter] = stack.pop() as [CallState, number];
      const rank = call.estimate + rankAfter;
      if (call.isFinal || rank <= call.rank) continue;
      call.rank = rank;
      onRankRaised(call);
      for (const dependency of this.dependenciesOf(call)) stack.push([dependency, rank]);
    }
  }
}

/** The same array when it is long enough, or a copy with room for at least `length` entries. */
function withCapacity(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (array.length >= length) return array;
  const grown = new Int32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}
