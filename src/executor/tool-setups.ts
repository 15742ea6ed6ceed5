import { checkWholeNumber } from "../errors/check-option.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { Admission } from "../scheduler/admission.js";
import { Gate } from "../scheduler/gate.js";
import { PoolDemand } from "../scheduler/pool-demand.js";
import { Pools } from "../scheduler/pools.js";
import type { RateLimitAdmission } from "../scheduler/rate-limit-admission.js";
import { fixedRunConcurrency } from "../tool/adaptive-concurrency.js";
import type { ToolPolicy } from "../tool/policy.js";
import { resolvePolicy } from "../tool/resolve-policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ToolSetup } from "./call-state.js";
import type { ExecutorCore } from "./executor-core.js";
import { RateLimits } from "./rate-limits.js";

/**
 * The policy and the gates of each tool's calls in one run: the tool's own policy with the run's overrides on top, the
 * run's limit, the tool's executor-wide limit and a per-run limit for the tool. Checked when the run is created, and
 * worked out once per tool.
 */
export class ToolSetups {
  readonly #core: ExecutorCore;
  readonly #runGate: Gate | undefined;
  readonly #overrides = new Map<
    string,
    { policy: ToolSetup["policy"]; gate: Gate | undefined; rateLimit: RateLimitAdmission | undefined }
  >();
  /** Rate limits set in the run's `policies`: limits of this run alone, on top of the executor's. */
  #rateLimits: RateLimits | undefined;
  /** Pool demands set in the run's `policies`, by tool: they replace the tool's (undefined: the tool uses no pool). */
  readonly #demands = new Map<string, PoolDemand | undefined>();
  readonly #setups = new Map<ResolvedTool, ToolSetup>();

  constructor(
    core: ExecutorCore,
    runId: string,
    concurrency: number | undefined,
    policies: Record<string, ToolPolicy>,
  ) {
    this.#core = core;
    if (concurrency !== undefined)
      checkWholeNumber(where, "options.concurrency", concurrency, { isInfinityAllowed: true });
    this.#runGate =
      concurrency === undefined || concurrency === Number.POSITIVE_INFINITY
        ? undefined
        : new Gate(`run:${runId}`, concurrency, "concurrency");
    for (const [toolName, override] of Object.entries(policies)) {
      const tool = core.lookupTool(toolName);
      if (tool === undefined) {
        throw new InvalidOptionError({
          where,
          option: "options.policies",
          value: toolName,
          expected: "keyed by the names of registered tools",
        });
      }
      const gate =
        override.concurrency === undefined
          ? undefined
          : new Gate(
              `run-tool:${toolName}`,
              fixedRunConcurrency(toolName, override.concurrency),
              "tool-limit",
            );
      const policy = resolvePolicy(toolName, tool.tool, override);
      let rateLimit: RateLimitAdmission | undefined;
      if (override.rateLimit !== undefined && policy.rateLimit !== undefined) {
        this.#rateLimits ??= new RateLimits();
        this.#rateLimits.declare(toolName, policy.rateLimit);
        rateLimit = this.#rateLimits.admissionFor(policy.rateLimit.key);
      }
      this.#overrides.set(toolName, { policy, gate, rateLimit });
      if ("uses" in override) this.#demands.set(toolName, Pools.demandFor(core.pools, toolName, policy.uses));
    }
  }

  for(tool: ResolvedTool): ToolSetup {
    let setup = this.#setups.get(tool);
    if (setup !== undefined) return setup;
    const override = this.#overrides.get(tool.name);
    const gates: Admission[] = [];
    const executorWide = this.#core.toolAdmissions(tool);
    let rateLimits = executorWide.rateLimits;
    if (this.#runGate !== undefined) gates.push(this.#runGate);
    gates.push(...executorWide.admissions);
    if (override?.gate !== undefined) gates.push(override.gate);
    if (override?.rateLimit !== undefined) {
      gates.push(override.rateLimit);
      rateLimits = [...rateLimits, override.rateLimit];
    }
    // Resources given in the run's policies, for a tool that declares none, need the locks all the same.
    if (override?.policy.resources !== undefined && !gates.includes(this.#core.locks))
      gates.push(this.#core.locks);
    if (this.#demands.has(tool.name)) PoolDemand.replaceIn(gates, this.#demands.get(tool.name));
    setup = { tool, policy: override?.policy ?? tool.policy, gates, rateLimits };
    this.#setups.set(tool, setup);
    return setup;
  }
}

/** Where the run's option errors say the option was refused. */
const where = "executor.run";
