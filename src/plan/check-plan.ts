import type { PlanProblem } from "../errors/plan-error.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import { findCycle } from "./find-cycle.js";
import type { GraphNode, NodeFactory } from "./graph-node.js";
import { collectRefs } from "./refs.js";
import type { Call } from "./types.js";

export interface CheckOptions<Node extends GraphNode> {
  lookupTool(name: string): ResolvedTool | undefined;
  toolNames(): string[];
  createNode: NodeFactory<Node>;
  /** Calls already in the run, for a plan that grows. New calls may depend on them; they may not depend on new ones. */
  existing?: ReadonlyMap<string, Node>;
  /** The index the first new call gets. */
  firstIndex?: number;
}

export interface CheckedCalls<Node extends GraphNode> {
  /** The new nodes, in plan order, linked to their dependencies and dependents. Empty when there are problems. */
  nodes: Node[];
  /** The new nodes ordered so that every node comes after its dependencies. */
  order: Node[];
  /** Every problem found; the calls may run only when this is empty. */
  problems: PlanProblem[];
}

const idSeparators = /[.[\]]/;

/**
 * Checks a list of calls and builds their graph. Every problem is collected: malformed calls, duplicate ids,
 * unknown tools, dependencies on calls that do not exist, malformed refs, cycles.
 */
export function checkCalls<Node extends GraphNode>(
  calls: readonly unknown[],
  options: CheckOptions<Node>,
): CheckedCalls<Node> {
  const problems: PlanProblem[] = [];
  const existing = options.existing;
  const byId = new Map<string, Node>();
  const nodes: Node[] = [];
  const firstIndex = options.firstIndex ?? 0;
  let unknownTools: Set<string> | undefined;

  for (let position = 0; position < calls.length; position++) {
    const call = calls[position];
    const shapeProblem = callShapeProblem(call, position);
    if (shapeProblem !== undefined) {
      problems.push(shapeProblem);
      continue;
    }
    const { id, tool: toolName } = call as Call;
    if (byId.has(id) || existing?.has(id)) {
      problems.push({ code: "DUPLICATE_ID", callId: id, message: `Call id "${id}" is used more than once` });
      continue;
    }
    const tool = options.lookupTool(toolName);
    if (tool === undefined) {
      unknownTools ??= new Set();
      unknownTools.add(toolName);
      problems.push({
        code: "TOOL_NOT_FOUND",
        callId: id,
        message: `Call "${id}" uses unknown tool "${toolName}"${suggestTools(toolName, options.toolNames())}`,
      });
      continue;
    }
    const refs = collectRefs((call as Call).args, (message) =>
      problems.push({ code: "INVALID_REF", callId: id, message: `Call "${id}": $ref ${message}` }),
    );
    const node = options.createNode(call as Call, firstIndex + nodes.length, tool, refs);
    byId.set(id, node);
    nodes.push(node);
  }

  for (const node of nodes) {
    const link = (dependencyId: string, how: string): void => {
      const dependency = byId.get(dependencyId) ?? existing?.get(dependencyId);
      if (dependency === undefined) {
        problems.push({
          code: "MISSING_DEPENDENCY",
          callId: node.id,
          message: `Call "${node.id}" ${how} "${dependencyId}", which is not in the plan`,
        });
        return;
      }
      if (dependency === node) {
        problems.push({
          code: "CYCLE",
          callId: node.id,
          cycle: [node.id, node.id],
          message: `Cycle: ${node.id} → ${node.id}`,
        });
        return;
      }
      if (!node.dependencies.includes(dependency)) node.dependencies.push(dependency);
    };
    for (const ref of node.refs) link(ref.callId, `refers to`);
    for (const dependencyId of node.call.after ?? []) link(dependencyId, `comes after`);
  }

  if (problems.length > 0) return { nodes: [], order: [], problems };
  const order = topologicalOrder(nodes, firstIndex);
  if (order === undefined) {
    const cycle = findCycle(nodes) as string[];
    problems.push({ code: "CYCLE", callId: cycle[0], cycle, message: `Cycle: ${cycle.join(" → ")}` });
    return { nodes: [], order: [], problems };
  }
  for (const node of nodes) {
    for (const dependency of node.dependencies)
      if (dependency.index < firstIndex) dependency.dependents.push(node);
  }
  return { nodes, order, problems };
}

/**
 * Orders new nodes so that each comes after its dependencies (Kahn's algorithm), linking new nodes to their new
 * dependents on the way. Returns undefined when a cycle leaves some nodes unordered.
 */
function topologicalOrder<Node extends GraphNode>(nodes: Node[], firstIndex: number): Node[] | undefined {
  const waiting = new Int32Array(nodes.length);
  const order: Node[] = [];
  for (const node of nodes) {
    for (const dependency of node.dependencies) {
      if (dependency.index >= firstIndex) {
        (waiting[node.index - firstIndex] as number)++;
        dependency.dependents.push(node);
      }
    }
    if (waiting[node.index - firstIndex] === 0) order.push(node);
  }
  for (let head = 0; head < order.length; head++) {
    for (const dependent of (order[head] as Node).dependents) {
      if (--(waiting[dependent.index - firstIndex] as number) === 0) order.push(dependent as Node);
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
  if (idSeparators.test(id)) {
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

function suggestTools(name: string, known: string[]): string {
  if (known.length === 0) return " (no tools are registered)";
  const close = known.filter((candidate) => editDistance(candidate, name) <= Math.max(2, name.length / 4));
  if (close.length > 0) return ` (did you mean ${close.map((candidate) => `"${candidate}"`).join(" or ")}?)`;
  return known.length <= 12 ? ` (known tools: ${known.join(", ")})` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
