/**
 * The links of a batch of calls (a plan, or one addition to a growing plan), packed as compressed sparse rows: the
 * dependencies of the call at index `i` are `dependencyTargets[dependencyOffsets[i - firstIndex]]` up to
 * `dependencyTargets[dependencyOffsets[i - firstIndex + 1]]`, and likewise for its dependents. Every entry is a call
 * index. Four integer arrays instead of two array objects per call keep a large plan small and its hot loops in
 * contiguous memory. Links from a call to calls of earlier batches appear among its dependencies; the reverse links
 * are kept by the earlier calls (see `CrossLink`).
 */
export interface BatchGraph {
  readonly firstIndex: number;
  readonly dependencyOffsets: Int32Array;
  readonly dependencyTargets: Int32Array;
  readonly dependentOffsets: Int32Array;
  readonly dependentTargets: Int32Array;
}

/** A new call that depends on a call added earlier: the link falls outside the new batch's rows. */
export interface CrossLink {
  dependencyIndex: number;
  dependentIndex: number;
}

export const emptyBatchGraph: BatchGraph = {
  firstIndex: 0,
  dependencyOffsets: new Int32Array(1),
  dependencyTargets: new Int32Array(0),
  dependentOffsets: new Int32Array(1),
  dependentTargets: new Int32Array(0),
};

/** The indices of the calls that a call waits for, as a new array: for the paths that are not hot. */
export function dependenciesOf(graph: BatchGraph, index: number): number[] {
  const position = index - graph.firstIndex;
  return Array.from(
    graph.dependencyTargets.subarray(
      graph.dependencyOffsets[position],
      graph.dependencyOffsets[position + 1],
    ),
  );
}

/** Completes a batch from its dependency rows: the dependent rows within it, and the links into earlier batches. */
export function buildBatchGraph(
  firstIndex: number,
  dependencyOffsets: Int32Array,
  dependencyTargets: Int32Array,
): { graph: BatchGraph; crossLinks: CrossLink[] } {
  const count = dependencyOffsets.length - 1;
  const dependentOffsets = new Int32Array(count + 1);
  const crossLinks: CrossLink[] = [];
  let total = 0;
  for (let position = 0; position < count; position++) {
    for (
      let edge = dependencyOffsets[position] as number;
      edge < (dependencyOffsets[position + 1] as number);
      edge++
    ) {
      const dependency = dependencyTargets[edge] as number;
      if (dependency < firstIndex) {
        crossLinks.push({ dependencyIndex: dependency, dependentIndex: firstIndex + position });
      } else {
        (dependentOffsets[dependency - firstIndex + 1] as number)++;
        total++;
      }
    }
  }
  for (let position = 1; position <= count; position++) {
    (dependentOffsets[position] as number) += dependentOffsets[position - 1] as number;
  }
  const dependentTargets = new Int32Array(total);
  const cursor = dependentOffsets.slice(0, count);
  for (let position = 0; position < count; position++) {
    for (
      let edge = dependencyOffsets[position] as number;
      edge < (dependencyOffsets[position + 1] as number);
      edge++
    ) {
      const dependency = dependencyTargets[edge] as number;
      if (dependency >= firstIndex)
        dependentTargets[(cursor[dependency - firstIndex] as number)++] = firstIndex + position;
    }
  }
  return {
    graph: { firstIndex, dependencyOffsets, dependencyTargets, dependentOffsets, dependentTargets },
    crossLinks,
  };
}
