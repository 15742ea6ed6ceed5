import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Call, Ref } from "./types.js";

/** A call placed in the dependency graph. The executor extends it with its run-time state. */
export interface GraphNode {
  /** The call's position in its run, from 0: an index into the batch graph and the run's per-call arrays. */
  readonly index: number;
  readonly id: string;
  readonly call: Call;
  readonly tool: ResolvedTool;
  /** The refs inside the call's args; empty when the args pass no data. */
  readonly refs: readonly Ref[];
}

export type NodeFactory<Node extends GraphNode> = (
  call: Call,
  index: number,
  tool: ResolvedTool,
  refs: readonly Ref[],
) => Node;
