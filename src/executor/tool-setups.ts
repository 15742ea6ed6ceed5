import type { Admission } from "../scheduler/admission.js";
import { Gate } from "../scheduler/gate.js";
import type { Schedulable } from "../scheduler/scheduler.js";
import type { ToolPolicy } from "../tool/policy.js";
import { resolvePolicy } from "../tool/resolve-policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ToolSetup } from "./call-state.js";
import { checkPositive, type ExecutorCore } from "./executor.js";

/**
 * The policy and the gates of each tool's calls in one run: the tool's own policy with the run's overrides on top, the
 * run's limit, the tool's executor-wide limit and a per-run limit for the tool. Checked when the run is created, and
 * worked out once per tool.
 */
export class ToolSetups {
  readonly #core: ExecutorCore;
  readonly #runGate: Gate | undefined;
  readonly #overrides = new Map<string, { policy: ToolSetup["policy"]; gate: Gate | undefined }>();
  readonly #setups = new Map<ResolvedTool, ToolSetup>();

  constructor(
    core: ExecutorCore,
    runId: string,
    concurrency: number | undefined,
    policies: Record<string, ToolPolicy>,
  ) {
    this.#core = core;
    if (concurrency !== undefined) checkPositive("concurrency", concurrency, true);
    this.#runGate =
      concurrency === undefined || concurrency === Number.POSITIVE_INFINITY
        ? undefined
        : new Gate(`run:${runId}`, concurrency);
    for (const [toolName, override] of Object.entries(policies)) {
      const tool = core.lookupTool(toolName);
      if (tool === undefined)
        throw new TypeError(`\`policies\` names tool "${toolName}", which is not registered`);
      const gate =
        override.concurrency === undefined
          ? undefined
          : new Gate(`run-tool:${toolName}`, override.concurrency);
      this.#overrides.set(toolName, { policy: resolvePolicy(toolName, tool.tool, override), gate });
    }
  }

  for(tool: ResolvedTool): ToolSetup {
    let setup = this.#setups.get(tool);
    if (setup !== undefined) return setup;
    const override = this.#overrides.get(tool.name);
    const gates: Admission[] = [];
    if (this.#runGate !== undefined) gates.push(this.#runGate);
    gates.push(...this.#core.toolAdmissions(tool));
    if (override?.gate !== undefined) gates.push(override.gate);
    setup = { tool, policy: override?.policy ?? tool.policy, gates };
    this.#setups.set(tool, setup);
    return setup;
  }
}
