import type { Admission } from "../scheduler/admission.js";
import { Gate } from "../scheduler/gate.js";
import { LockTable } from "../scheduler/lock-table.js";
import { Pools } from "../scheduler/pools.js";
import type { RateLimitAdmission } from "../scheduler/rate-limit-admission.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import { type AdaptiveLimitState, AdaptiveLimits } from "./adaptive-limits.js";
import type { CallState } from "./call-state.js";
import type { ToolAdmissionSet } from "./executor-core.js";
import { RateLimits } from "./rate-limits.js";

/**
 * The executor-wide admissions of each tool's calls, shared by every run: the tool's concurrency limit, and whatever
 * else its policy asks of the scheduler. Worked out once per tool.
 */
export class ToolAdmissions {
  readonly #byTool = new Map<string, ToolAdmissionSet>();
  readonly #rateLimits = new RateLimits();
  readonly #adaptiveLimits = new AdaptiveLimits();
  /** The executor's resource locks: every tool with `resources` (or hints that imply some) passes through it. */
  readonly locks = new LockTable((item) => (item as CallState).resources);
  /** The thread pool's limit, passed by every call of a `runIn: "thread"` tool. */
  readonly #threads: Admission | undefined;
  /** The executor's named capacities, drawn on by tools with `uses`. */
  readonly #pools: Pools | undefined;

  constructor(threads?: Admission, pools?: Pools) {
    this.#threads = threads;
    this.#pools = pools;
  }

  /**
   * Checks a tool being registered against the others: tools sharing a rate-limit key must declare one rate, tools
   * sharing an adaptive concurrency key one set of bounds; a tool's `uses` must name pools the executor has, each
   * large enough.
   */
  declare(tool: ResolvedTool): void {
    if (tool.policy.uses !== undefined) Pools.check(this.#pools, tool.name, tool.policy.uses);
    if (tool.policy.rateLimit !== undefined) this.#rateLimits.declare(tool.name, tool.policy.rateLimit);
    const adaptive = tool.policy.adaptiveConcurrency;
    if (adaptive !== undefined) this.#adaptiveLimits.declare(tool.name, adaptive);
  }

  /** The adaptive concurrency limits now, by key. */
  limits(): Record<string, AdaptiveLimitState> {
    return this.#adaptiveLimits.snapshot();
  }

  for(tool: ResolvedTool): ToolAdmissionSet {
    let admissions = this.#byTool.get(tool.name);
    if (admissions === undefined) {
      admissions = this.#build(tool);
      this.#byTool.set(tool.name, admissions);
    }
    return admissions;
  }

  #build(tool: ResolvedTool): ToolAdmissionSet {
    const admissions: Admission[] = [];
    // Kept apart as they are made, so that a throttle finds the keys to pause without asking each admission its kind.
    const rateLimits: RateLimitAdmission[] = [];
    if (tool.policy.concurrency !== Number.POSITIVE_INFINITY) {
      admissions.push(new Gate(`tool:${tool.name}`, tool.policy.concurrency, "tool-limit"));
    }
    if (tool.policy.rateLimit !== undefined) {
      const rateLimit = this.#rateLimits.admissionFor(tool.policy.rateLimit.key);
      admissions.push(rateLimit);
      rateLimits.push(rateLimit);
    }
    if (tool.policy.adaptiveConcurrency !== undefined) {
      admissions.push(this.#adaptiveLimits.gateFor(tool.policy.adaptiveConcurrency.key));
    }
    if (tool.policy.resources !== undefined) admissions.push(this.locks);
    if (tool.thread !== undefined && this.#threads !== undefined) admissions.push(this.#threads);
    // Last: the pools keep room for a call they hand back, so they are best asked once everything else has agreed.
    if (tool.policy.uses !== undefined && this.#pools !== undefined) {
      admissions.push(this.#pools.demand(tool.name, tool.policy.uses));
    }
    return { admissions, rateLimits };
  }
}
