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
  /** Calls this one waits for, without repeats. */
  readonly dependencies: GraphNode[];
  /** Calls that wait for this one. */
  readonly dependents: GraphNode[];
}

export type NodeFactory<Node extends GraphNode> = (
  call: Call,
  index: number,
  tool: ResolvedTool,
  refs: readonly Ref[],
) => Node;
