import type { GraphNode } from "./graph-node.js";

/**
 * The dependents of a batch of calls, packed (compressed sparse rows): the calls waiting for the call at index `i` are
 * the indices `targets[offsets[i - firstIndex]]` up to `targets[offsets[i - firstIndex + 1]]`. Two integer arrays
 * instead of an array object per call keep a large plan small and its hot loops in contiguous memory.
 */
export interface DependentsIndex {
  readonly firstIndex: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** A link from a call added earlier to a new call that depends on it: it falls outside the new batch's index. */
export interface CrossLink {
  dependencyIndex: number;
  dependentIndex: number;
}

/** Packs the links among a batch of nodes; links to calls from earlier batches are returned apart. */
export function buildDependentsIndex(
  nodes: readonly GraphNode[],
  firstIndex: number,
): { index: DependentsIndex; crossLinks: CrossLink[] } {
  const offsets = new Int32Array(nodes.length + 1);
  const crossLinks: CrossLink[] = [];
  let total = 0;
  for (const node of nodes) {
    for (const dependency of node.dependencies) {
      if (dependency < firstIndex) {
        crossLinks.push({ dependencyIndex: dependency, dependentIndex: node.index });
      } else {
        (offsets[dependency - firstIndex + 1] as number)++;
        total++;
      }
    }
  }
  for (let position = 1; position <= nodes.length; position++) {
    (offsets[position] as number) += offsets[position - 1] as number;
  }
  const targets = new Int32Array(total);
  const cursor = offsets.slice(0, nodes.length);
  for (const node of nodes) {
    for (const dependency of node.dependencies) {
      if (dependency >= firstIndex) targets[(cursor[dependency - firstIndex] as number)++] = node.index;
    }
  }
  return { index: { firstIndex, offsets, targets }, crossLinks };
}
