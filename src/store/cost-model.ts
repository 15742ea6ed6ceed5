import { checkNumberUpTo } from "../errors/check-option.js";

/** Learned durations per tool, used to rank calls. */
export interface CostModel {
  /** The expected duration of one call of the tool, or undefined when nothing is known yet. */
  estimate(toolName: string): number | undefined;
  /** Records how long one attempt of the tool took. */
  observe(toolName: string, durationMs: number): void;
}

/** What a cost model has learned about one tool's durations. */
export interface ToolCost {
  /** The exponentially weighted moving average of observed durations. */
  meanMs: number;
  /** How many durations were observed. */
  count: number;
}

/** Options of `new EwmaCostModel()`. */
export interface EwmaCostModelOptions {
  /**
   * Weight of the newest observation.
   * @default 0.3
   */
  alpha?: number;
  /** Costs learned earlier, for example by a previous run of the CLI. */
  initial?: Record<string, ToolCost>;
}

/** A cost model that keeps an exponentially weighted moving average of each tool's durations, in memory. */
export class EwmaCostModel implements CostModel {
  readonly #alpha: number;
  readonly #costs = new Map<string, ToolCost>();

  constructor(options: EwmaCostModelOptions = {}) {
    const alpha = options.alpha ?? 0.3;
    checkNumberUpTo("new EwmaCostModel", "options.alpha", alpha, 1);
    this.#alpha = alpha;
    for (const [toolName, cost] of Object.entries(options.initial ?? {})) {
      if (Number.isFinite(cost?.meanMs) && cost.meanMs >= 0) {
        this.#costs.set(toolName, { meanMs: cost.meanMs, count: cost.count });
      }
    }
  }

  estimate(toolName: string): number | undefined {
    return this.#costs.get(toolName)?.meanMs;
  }

  observe(toolName: string, durationMs: number): void {
    const cost = this.#costs.get(toolName);
    if (cost === undefined) {
      this.#costs.set(toolName, { meanMs: durationMs, count: 1 });
      return;
    }
    cost.meanMs += this.#alpha * (durationMs - cost.meanMs);
    cost.count++;
  }

  /** A copy of everything learned, to persist between processes. */
  snapshot(): Record<string, ToolCost> {
    const snapshot: Record<string, ToolCost> = {};
    for (const [toolName, cost] of this.#costs) snapshot[toolName] = { ...cost };
    return snapshot;
  }
}
