import type { CostModel, Tool, ToolContext } from "../../src/index.js";

/**
 * Measures what pooled tools take while their code runs, as the tools themselves see it: usage per pool, the most ever
 * taken at once, and the order of starts and ends.
 */
export class PoolMeter {
  readonly inUse = new Map<string, number>();
  readonly maxInUse = new Map<string, number>();
  readonly starts: string[] = [];
  readonly ends: string[] = [];
  /** Calls running now. */
  readonly running = new Set<string>();

  start(callId: string, uses: Readonly<Record<string, number>>): void {
    for (const [pool, amount] of Object.entries(uses)) {
      const now = (this.inUse.get(pool) ?? 0) + amount;
      this.inUse.set(pool, now);
      this.maxInUse.set(pool, Math.max(this.maxInUse.get(pool) ?? 0, now));
    }
    this.starts.push(callId);
    this.running.add(callId);
  }

  end(callId: string, uses: Readonly<Record<string, number>>): void {
    for (const [pool, amount] of Object.entries(uses))
      this.inUse.set(pool, (this.inUse.get(pool) ?? 0) - amount);
    this.ends.push(callId);
    this.running.delete(callId);
  }

  hasStarted(callId: string): boolean {
    return this.starts.includes(callId);
  }
}

/**
 * A tool that takes `uses` from the pools and reports it to the meter: each call waits for `gate(callId)` when given,
 * else for `ticks` turns of the event loop. Its usage is counted as given back the moment its signal is aborted, which
 * is when the executor gives the pools back too.
 */
export function pooledTool(
  name: string,
  uses: Readonly<Record<string, number>>,
  meter: PoolMeter,
  options: {
    gate?: (callId: string) => Promise<void> | undefined;
    ticks?: number;
    extra?: Partial<Tool>;
  } = {},
): Tool {
  return {
    ...options.extra,
    name,
    uses,
    async execute(_input: unknown, context: ToolContext) {
      meter.start(context.callId, uses);
      let isCounted = true;
      const giveBack = (): void => {
        if (!isCounted) return;
        isCounted = false;
        meter.end(context.callId, uses);
      };
      context.signal.addEventListener("abort", giveBack, { once: true });
      try {
        const gate = options.gate?.(context.callId);
        if (gate !== undefined) await gate;
        for (let tick = 0; tick < (options.ticks ?? 1); tick++)
          await new Promise((resolve) => setImmediate(resolve));
        return { callId: context.callId };
      } finally {
        giveBack();
      }
    },
  };
}

/** A cost model that never learns: every tool is estimated at its `estimateMs` (or the executor's default). */
export const fixedCosts: CostModel = { estimate: () => undefined, observe: () => {} };
