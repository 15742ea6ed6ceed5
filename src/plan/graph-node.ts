import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Call, Ref } from "./types.js";

/** A call placed in the dependency graph. The executor extends it with its run-time state. */
export interface GraphNode {
  readonly index: number;
  readonly id: string;
  readonly call: Call;
  readonly tool: ResolvedTool;
  /** The refs inside the call's args; empty when the args pass no data. */
  readonly refs: readonly Ref[];
  /** Calls this one waits for, without repeats. Shared and empty until the first is linked (see `addLink`). */
  dependencies: readonly GraphNode[];
  /** Calls that wait for this one. Shared and empty until the first is linked. */
  dependents: readonly GraphNode[];
}

/**
 * The empty list every node starts with. Most calls of a large plan have few links and many have none, so nodes share
 * this one until they get their own: at a million calls that is millions of arrays never made.
 */
export const noLinks: readonly GraphNode[] = Object.freeze([]);

export function addLink(node: GraphNode, list: "dependencies" | "dependents", linked: GraphNode): void {
  const links = node[list];
  if (links === noLinks) node[list] = [linked];
  else (links as GraphNode[]).push(linked);
}

export type NodeFactory<Node extends GraphNode> = (
  call: Call,
  index: number,
  tool: ResolvedTool,
  refs: readonly Ref[],
) => Node;
