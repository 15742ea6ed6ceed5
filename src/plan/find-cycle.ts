import type { BatchGraph } from "./batch-graph.js";
import type { GraphNode } from "./graph-node.js";

const unvisited = 0;
const onStack = 1;
const done = 2;

/**
 * Finds one cycle in a batch (node `i` of `nodes` has index `graph.firstIndex + i`), iteratively since plans can be
 * deep, and returns its ids with the first repeated at the end: `["a", "b", "c", "a"]`. Returns undefined for a DAG.
 * Only links within the batch are followed: calls added earlier cannot depend on new ones.
 */
export function findCycle(nodes: readonly GraphNode[], graph: BatchGraph): string[] | undefined {
  const { firstIndex, dependencyOffsets, dependencyTargets } = graph;
  const state = new Uint8Array(nodes.length);
  for (let rootPosition = 0; rootPosition < nodes.length; rootPosition++) {
    if (state[rootPosition] !== unvisited) continue;
    const stack: { position: number; edge: number }[] = [
      { position: rootPosition, edge: dependencyOffsets[rootPosition] as number },
    ];
    state[rootPosition] = onStack;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { position: number; edge: number };
      if (frame.edge >= (dependencyOffsets[frame.position + 1] as number)) {
        state[frame.position] = done;
        stack.pop();
        continue;
      }
      const dependency = (dependencyTargets[frame.edge++] as number) - firstIndex;
      if (dependency < 0) continue;
      if (state[dependency] === onStack) {
        const start = stack.findIndex((entry) => entry.position === dependency);
        // Walking dependencies goes against the arrows of execution order; reverse to print "runs before" order.
        const ids = stack
          .slice(start)
          .map((entry) => (nodes[entry.position] as GraphNode).id)
          .reverse();
        return [...ids, ids[0] as string];
      }
      if (state[dependency] === unvisited) {
        state[dependency] = onStack;
        stack.push({ position: dependency, edge: dependencyOffsets[dependency] as number });
      }
    }
  }
  return undefined;
}
