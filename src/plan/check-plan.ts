import type { PlanProblem } from "../errors/plan-error.js";
import { closeNames } from "../tool/closest-name.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import { type BatchGraph, buildBatchGraph, type CrossLink, emptyBatchGraph } from "./batch-graph.js";
import { findCycle } from "./find-cycle.js";
import type { GraphNode, NodeFactory } from "./graph-node.js";
import { collectRefs } from "./refs.js";
import type { Call } from "./types.js";

export interface CheckOptions<Node extends GraphNode> {
  lookupTool(name: string): ResolvedTool | undefined;
  toolNames(): string[];
  createNode: NodeFactory<Node>;
  /**
   * The index of each of the run's calls by id, which new calls join. A plan that grows passes the calls already in
   * the run: new calls may depend on them, never the reverse. Left unchanged when there are problems.
   */
  indexById: Map<string, number>;
  /** Finds the index of a call added in an earlier batch by its id. Called only when an id is repeated. */
  earlierIndexOf(id: string): number;
  /** The index the first new call gets. */
  firstIndex?: number;
}

export interface CheckedCalls<Node extends GraphNode> {
  /** The new nodes, in plan order, linked to their dependencies. Empty when there are problems. */
  nodes: Node[];
  /** The new nodes ordered so that every node comes after its dependencies. */
  order: Node[];
  /** Who waits for whom among the new nodes. */
  graph: BatchGraph;
  /** New nodes waiting for calls added before them. */
  crossLinks: CrossLink[];
  /** Every problem found; the calls may run only when this is empty. */
  problems: PlanProblem[];
}

/**
 * Checks a list of calls and builds their graph. Every problem is collected: malformed calls, duplicate ids,
 * unknown tools, dependencies on calls that do not exist, malformed refs, cycles.
 */
export function checkCalls<Node extends GraphNode>(
  calls: readonly unknown[],
  options: CheckOptions<Node>,
): CheckedCalls<Node> {
  const problems: PlanProblem[] = [];
  const indexById = options.indexById;
  const nodes: Node[] = [];
  const firstIndex = options.firstIndex ?? 0;
  let refCallId = "";
  const onRefProblem = (message: string): void => {
    problems.push({
      code: "INVALID_REF",
      callId: refCallId,
      message: `Call "${refCallId}": ${message}`,
    });
  };
  /** Calls left out for a problem of their own: a call depending on one is not reported a second time. */
  const rejectedIds = new Set<string>();
  let lastToolName: string | undefined;
  let lastTool: ResolvedTool | undefined;

  for (let position = 0; position < calls.length; position++) {
    const call = calls[position];
    const shapeProblem = callShapeProblem(call, position);
    if (shapeProblem !== undefined) {
      problems.push(shapeProblem);
      continue;
    }
    const { id, tool: toolName } = call as Call;
    const index = firstIndex + nodes.length;
    // Setting first and comparing sizes costs one lookup per call instead of two; a repeated id is rare, and then the
    // earlier call's index is found again and put back.
    const sizeBefore = indexById.size;
    indexById.set(id, index);
    if (indexById.size === sizeBefore) {
      const earlier = nodes.find((node) => node.id === id)?.index ?? options.earlierIndexOf(id);
      indexById.set(id, earlier);
      problems.push({ code: "DUPLICATE_ID", callId: id, message: `Call id "${id}" is used more than once` });
      continue;
    }
    if (toolName !== lastToolName) {
      lastToolName = toolName;
      lastTool = options.lookupTool(toolName);
    }
    const tool = lastTool;
    if (tool === undefined) {
      indexById.delete(id);
      rejectedIds.add(id);
      problems.push({
        code: "TOOL_NOT_FOUND",
        callId: id,
        message: `Call "${id}" uses unknown tool "${toolName}"${suggestTools(toolName, options.toolNames())}`,
      });
      continue;
    }
    refCallId = id;
    const refs = collectRefs((call as Call).args, onRefProblem);
    nodes.push(options.createNode(call as Call, index, tool, refs));
  }

  // Plans usually list a call after what it depends on; then plan order is already a topological order and no cycle
  // is possible, which saves a pass over a large graph. Only an edge pointing forward needs the full check.
  let hasForwardEdge = false;
  const dependencyOffsets = new Int32Array(nodes.length + 1);
  let targets = new Int32Array(Math.max(16, nodes.length * 2));
  let targetCount = 0;
  let nodeStart = 0;
  for (let position = 0; position < nodes.length; position++) {
    const node = nodes[position] as Node;
    nodeStart = targetCount;
    for (const ref of node.refs) ref.callIndex = link(node, ref.callId, "refers to");
    const after = node.call.after;
    if (after !== undefined) for (const dependencyId of after) link(node, dependencyId, "comes after");
    dependencyOffsets[position + 1] = targetCount;
  }
  const { graph, crossLinks } = buildBatchGraph(
    firstIndex,
    dependencyOffsets,
    targets.subarray(0, targetCount),
  );
  // The calls that could be linked are checked for cycles even when other problems were found, so that every problem
  // is reported at once. A call that refers to itself was reported while linking, and not linked.
  const order = hasForwardEdge ? topologicalOrder(nodes, graph) : nodes;
  if (order === undefined) {
    const cycle = findCycle(nodes, graph) as string[];
    problems.push({ code: "CYCLE", callId: cycle[0], cycle, message: `Cycle: ${cycle.join(" → ")}` });
  }
  if (order === undefined || problems.length > 0) {
    for (const node of nodes) indexById.delete(node.id);
    return { nodes: [], order: [], graph: emptyBatchGraph, crossLinks: [], problems };
  }
  return { nodes, order, graph, crossLinks, problems };

  /** Records that a node depends on a call, and returns that call's index. */
  function link(node: Node, dependencyId: string, how: string): number | undefined {
    const dependency = indexById.get(dependencyId);
    if (dependency === undefined) {
      if (rejectedIds.has(dependencyId)) return undefined;
      problems.push({
        code: "MISSING_DEPENDENCY",
        callId: node.id,
        message: `Call "${node.id}" ${how} "${dependencyId}", which is not in the plan`,
      });
      return undefined;
    }
    if (dependency === node.index) {
      problems.push({
        code: "CYCLE",
        callId: node.id,
        cycle: [node.id, node.id],
        message: `Cycle: ${node.id} → ${node.id}`,
      });
      return undefined;
    }
    for (let edge = nodeStart; edge < targetCount; edge++)
      if (targets[edge] === dependency) return dependency;
    if (targetCount === targets.length) {
      const grown = new Int32Array(targets.length * 2);
      grown.set(targets);
      targets = grown;
    }
    targets[targetCount++] = dependency;
    if (dependency > node.index) hasForwardEdge = true;
    return dependency;
  }
}

/** Orders new nodes so that each comes after its dependencies (Kahn's algorithm), or undefined if there is a cycle. */
function topologicalOrder<Node extends GraphNode>(nodes: Node[], graph: BatchGraph): Node[] | undefined {
  const { firstIndex, dependencyOffsets, dependencyTargets, dependentOffsets, dependentTargets } = graph;
  const waiting = new Int32Array(nodes.length);
  const order: Node[] = [];
  for (let position = 0; position < nodes.length; position++) {
    for (
      let edge = dependencyOffsets[position] as number;
      edge < (dependencyOffsets[position + 1] as number);
      edge++
    ) {
      if ((dependencyTargets[edge] as number) >= firstIndex) (waiting[position] as number)++;
    }
    if (waiting[position] === 0) order.push(nodes[position] as Node);
  }
  for (let head = 0; head < order.length; head++) {
    const position = (order[head] as Node).index - firstIndex;
    for (
      let edge = dependentOffsets[position] as number;
      edge < (dependentOffsets[position + 1] as number);
      edge++
    ) {
      const dependent = (dependentTargets[edge] as number) - firstIndex;
      if (--(waiting[dependent] as number) === 0) order.push(nodes[dependent] as Node);
    }
  }
  return order.length === nodes.length ? order : undefined;
}

function callShapeProblem(call: unknown, position: number): PlanProblem | undefined {
  const where = `Call #${position + 1}`;
  if (typeof call !== "object" || call === null || Array.isArray(call)) {
    return { code: "CALL_SHAPE", message: `${where} must be an object { id, tool, args?, after? }` };
  }
  const { id, tool, after } = call as Record<string, unknown>;
  if (typeof id !== "string" || id === "") {
    return { code: "CALL_SHAPE", message: `${where} needs a non-empty string "id"` };
  }
  if (id.includes(".") || id.includes("[") || id.includes("]")) {
    return {
      code: "CALL_SHAPE",
      callId: id,
      message: `Call id "${id}" may not contain ".", "[" or "]": they separate a ref's id from its path`,
    };
  }
  if (typeof tool !== "string" || tool === "") {
    return { code: "CALL_SHAPE", callId: id, message: `Call "${id}" needs a non-empty string "tool"` };
  }
  if (after !== undefined && (!Array.isArray(after) || after.some((item) => typeof item !== "string"))) {
    return { code: "CALL_SHAPE", callId: id, message: `Call "${id}": "after" must be an array of call ids` };
  }
  return undefined;
}

/** What follows `unknown tool "x"` in a message: the likely typo's fix, or the tools there are when they are few. */
export function suggestTools(name: string, known: string[]): string {
  if (known.length === 0) return " (no tools are registered)";
  const close = closeNames(name, known);
  if (close.length > 0) return ` (did you mean ${close.map((candidate) => `"${candidate}"`).join(" or ")}?)`;
  return known.length <= 12 ? ` (known tools: ${known.join(", ")})` : "";
}
