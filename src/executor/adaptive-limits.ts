import { AdaptiveGate, type AdaptiveLimitSnapshot } from "../scheduler/adaptive-gate.js";
import type { ResolvedAdaptiveConcurrency } from "../tool/adaptive-concurrency.js";
import type { CallState } from "./call-state.js";

interface Declared {
  settings: ResolvedAdaptiveConcurrency;
  toolNames: string[];
  gate: AdaptiveGate | undefined;
}

/** An adaptive limit as `executor.limits()` shows it, with the tools that share it. */
export interface AdaptiveLimitState extends AdaptiveLimitSnapshot {
  tools: string[];
}

/**
 * The adaptive concurrency limits of an executor: one per key, shared by every tool that names the key. Tools that
 * share a key must declare the same bounds; different ones are an error when the tool is registered.
 */
export class AdaptiveLimits {
  readonly #byKey = new Map<string, Declared>();

  /** Checks a tool's adaptive limit against the others of its key. Throws a TypeError naming both tools. */
  declare(toolName: string, settings: ResolvedAdaptiveConcurrency): void {
    const declared = this.#byKey.get(settings.key);
    if (declared === undefined) {
      this.#byKey.set(settings.key, { settings, toolNames: [toolName], gate: undefined });
      return;
    }
    const first = declared.settings;
    if (
      first.min !== settings.min ||
      first.max !== settings.max ||
      first.initial !== settings.initial ||
      first.tolerance !== settings.tolerance
    ) {
      throw new TypeError(
        `Tool "${toolName}": \`concurrency.adaptive\` key "${settings.key}" is already declared with ${describe(first)} by tool "${declared.toolNames[0]}", but this tool declares ${describe(settings)}; tools that share a key must declare the same bounds`,
      );
    }
    if (!declared.toolNames.includes(toolName)) declared.toolNames.push(toolName);
  }

  /** The gate of a declared key, made the first time a call needs it. */
  gateFor(key: string): AdaptiveGate {
    const declared = this.#byKey.get(key);
    if (declared === undefined) throw new Error(`Adaptive concurrency key "${key}" was never declared`);
    // The scheduler's items are the executor's calls; the optional chaining spares anything else queued through it.
    declared.gate ??= new AdaptiveGate(key, declared.settings, {
      // Each tool of a shared key keeps its own idea of overload.
      isOverload: (item, error) =>
        (item as Partial<CallState>).tool?.policy.adaptiveConcurrency?.isOverload?.(error) ?? false,
      onChange: (item, change) => {
        const call = item as CallState;
        call.owner?.limitChanged(call, key, change);
      },
    });
    return declared.gate;
  }

  /** Every limit now, by key. A limit no call has used yet shows its starting point. */
  snapshot(): Record<string, AdaptiveLimitState> {
    const limits: Record<string, AdaptiveLimitState> = {};
    for (const [key, declared] of this.#byKey) {
      const { min, max, initial } = declared.settings;
      const state = declared.gate?.snapshot() ?? {
        limit: initial,
        min,
        max,
        running: 0,
        waiting: 0,
        baselineMs: Number.NaN,
      };
      limits[key] = { ...state, tools: [...declared.toolNames] };
    }
    return limits;
  }
}

function describe(settings: ResolvedAdaptiveConcurrency): string {
  return `min ${settings.min}, max ${settings.max}, initial ${settings.initial}, tolerance ${settings.tolerance}`;
}
