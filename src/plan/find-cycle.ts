import type { GraphNode } from "./graph-node.js";

const unvisited = 0;
const onStack = 1;
const done = 2;

/**
 * Finds one cycle among a batch of nodes (node `i` of the batch has index `firstIndex + i`), iteratively since plans
 * can be deep, and returns its ids with the first repeated at the end: `["a", "b", "c", "a"]`. Returns undefined for a
 * DAG. Only edges within the batch are followed: calls added earlier cannot depend on new ones.
 */
export function findCycle(nodes: readonly GraphNode[], firstIndex = 0): string[] | undefined {
  const state = new Uint8Array(nodes.length);
  for (let rootPosition = 0; rootPosition < nodes.length; rootPosition++) {
    if (state[rootPosition] !== unvisited) continue;
    const stack: { position: number; next: number }[] = [{ position: rootPosition, next: 0 }];
    state[rootPosition] = onStack;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { position: number; next: number };
      const dependencies = (nodes[frame.position] as GraphNode).dependencies;
      if (frame.next >= dependencies.length) {
        state[frame.position] = done;
        stack.pop();
        continue;
      }
      const dependency = (dependencies[frame.next++] as number) - firstIndex;
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
        stack.push({ position: dependency, next: 0 });
      }
    }
  }
  return undefined;
}
