import type { ResourceClaim, Tool, ToolContext } from "../../src/index.js";

/**
 * Watches which calls are inside their tool's code with which keys, and records every conflict it ever sees: two
 * writers of one key, or a reader and a writer, running at the same moment.
 */
export class LockWatch {
  readonly #holders = new Map<string, Map<string, ResourceClaim["mode"]>>();
  readonly conflicts: string[] = [];
  /** The most calls ever seen holding one key in read mode together. */
  maxReaders = 0;
  readonly starts: string[] = [];
  readonly ends: string[] = [];

  enter(callId: string, claims: readonly ResourceClaim[]): void {
    this.starts.push(callId);
    for (const { key, mode } of claims) {
      let holders = this.#holders.get(key);
      if (holders === undefined) {
        holders = new Map();
        this.#holders.set(key, holders);
      }
      for (const [other, otherMode] of holders) {
        if (mode === "write" || otherMode === "write") {
          this.conflicts.push(`${callId} (${mode}) overlapped ${other} (${otherMode}) on ${key}`);
        }
      }
      holders.set(callId, mode);
      const readers = [...holders.values()].filter((held) => held === "read").length;
      this.maxReaders = Math.max(this.maxReaders, readers);
    }
  }

  leave(callId: string, claims: readonly ResourceClaim[]): void {
    this.ends.push(callId);
    for (const { key } of claims) this.#holders.get(key)?.delete(callId);
  }

  /** Whether `callId` is inside its tool's code now. */
  isRunning(callId: string): boolean {
    return this.starts.filter((id) => id === callId).length > this.ends.filter((id) => id === callId).length;
  }
}

/** The input of a keyed tool: the keys it claims, and how long it runs. */
export interface KeyedInput {
  claims: ResourceClaim[];
  /** Turns of the event loop the call lasts. @default 1 */
  ticks?: number;
}

/**
 * A tool whose calls claim the keys their input lists, and tell `watch` when they are inside their code. A call waits
 * for `gate(callId)` when it returns a promise, then for `ticks` turns of the event loop.
 */
export function keyedTool(
  name: string,
  watch: LockWatch,
  options: {
    gate?: (callId: string) => Promise<void> | undefined;
    fail?: (context: ToolContext) => boolean;
    extra?: Partial<Tool>;
  } = {},
): Tool<KeyedInput> {
  return {
    resources: (input: KeyedInput) => input.claims,
    ...options.extra,
    name,
    async execute(input, context) {
      watch.enter(context.callId, input.claims);
      try {
        await options.gate?.(context.callId);
        for (let tick = 0; tick < (input.ticks ?? 1); tick++) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (options.fail?.(context)) throw new Error(`${context.callId} failed on purpose`);
        return { callId: context.callId };
      } finally {
        watch.leave(context.callId, input.claims);
      }
    },
  };
}

export const read = (key: string): ResourceClaim => ({ key, mode: "read" });
export const write = (key: string): ResourceClaim => ({ key, mode: "write" });
