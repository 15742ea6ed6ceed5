import type { Tool } from "../../src/index.js";

interface Holder {
  runId: string;
  stepsLeft: number;
  finish: () => void;
}

/**
 * A tool whose calls each hold their slot for a given number of steps of a clock the test advances, so that the slots
 * each run holds over time can be counted exactly, whatever the machine's speed.
 */
export class SteppedWork {
  readonly #holders = new Set<Holder>();
  /** Calls started so far, by run id. */
  readonly startsByRun = new Map<string, number>();
  /** Start order, as "runId/callId". */
  readonly starts: string[] = [];

  /** Calls take `args.steps` steps (1 when absent). */
  readonly tool: Tool<{ steps?: number }> = {
    name: "work",
    execute: (input, context) =>
      new Promise<{ callId: string }>((resolve) => {
        this.startsByRun.set(context.runId, (this.startsByRun.get(context.runId) ?? 0) + 1);
        this.starts.push(`${context.runId}/${context.callId}`);
        this.#holders.add({
          runId: context.runId,
          stepsLeft: input.steps ?? 1,
          finish: () => resolve({ callId: context.callId }),
        });
      }),
  };

  /** Slots held now, by run id. */
  holdingByRun(): Map<string, number> {
    const holding = new Map<string, number>();
    for (const holder of this.#holders) holding.set(holder.runId, (holding.get(holder.runId) ?? 0) + 1);
    return holding;
  }

  /**
   * One step: lets the executor start what it can, returns the slots each run holds during the step, then ends the
   * calls whose time is up.
   */
  async step(): Promise<Map<string, number>> {
    await settle();
    const holding = this.holdingByRun();
    for (const holder of this.#holders) {
      if (--holder.stepsLeft > 0) continue;
      this.#holders.delete(holder);
      holder.finish();
    }
    await settle();
    return holding;
  }
}

/** Turns the event loop enough for ended calls to free their slots and the next ones to start. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** `count` independent calls of the stepped tool, each taking `steps` steps. */
export function workPlan(prefix: string, count: number, steps: number) {
  return Array.from({ length: count }, (_unused, index) => ({
    id: `${prefix}${index}`,
    tool: "work",
    args: { steps },
  }));
}
