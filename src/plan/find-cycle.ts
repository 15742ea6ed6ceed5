import type { GraphNode } from "./graph-node.js";

const unvisited = 0;
const onStack = 1;
const done = 2;

/**
 * Finds one cycle among the nodes, iteratively (plans can be deep), and returns its ids with the first repeated at the
 * end: `["a", "b", "c", "a"]`. Returns undefined for a DAG. Only edges between the given nodes are followed.
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const state = new Map<GraphNode, number>();
  for (const node of nodes) state.set(node, unvisited);
  for (const root of nodes) {
    if (state.get(root) !== unvisited) continue;
    const stack: { node: GraphNode; next: number }[] = [{ node: root, next: 0 }];
    state.set(root, onStack);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: GraphNode; next: number };
      const dependency = frame.node.dependencies[frame.next++];
      if (dependency === undefined) {
        state.set(frame.node, done);
        stack.pop();
        continue;
      }
      const dependencyState = state.get(dependency);
      if (dependencyState === onStack) {
        const start = stack.findIndex((entry) => entry.node === dependency);
        // Walking dependencies goes against the arrows of execution order; reverse to print "runs before" order.
        const ids = stack
          .slice(start)
          .map((entry) => entry.node.id)
          .reverse();
        return [...ids, ids[0] as string];
      }
      if (dependencyState === unvisited) {
        state.set(dependency, onStack);
        stack.push({ node: dependency, next: 0 });
      }
    }
  }
  return undefined;
}
