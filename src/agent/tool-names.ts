import type { ToolDescription } from "../tool/json-schema.js";

/** Providers accept tool names of letters, digits, `_` and `-` only, 64 at most. */
const providerNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Names the tools the way providers accept them (`fs.read` becomes `fs_read`), and maps the model's names back.
 * Names that are already valid are kept, so most tools look to the model exactly as they were defined.
 */
export class ProviderToolNames {
  readonly #toWeft = new Map<string, string>();
  readonly #toProvider = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const taken = new Set<string>();
    const renamed: string[] = [];
    for (const name of names) {
      if (providerNamePattern.test(name)) this.#pair(name, name, taken);
      else renamed.push(name);
    }
    for (const name of renamed) {
      const base = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 60) || "tool";
      let candidate = base;
      for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${base}_${suffix}`;
      this.#pair(name, candidate, taken);
    }
  }

  #pair(weftName: string, providerName: string, taken: Set<string>): void {
    taken.add(providerName);
    this.#toProvider.set(weftName, providerName);
    this.#toWeft.set(providerName, weftName);
  }

  /** The name the model sees for a weft tool. */
  toProvider(weftName: string): string {
    return this.#toProvider.get(weftName) ?? weftName;
  }

  /** The weft tool a model's name stands for; unknown names are returned as they are. */
  toWeft(providerName: string): string {
    return this.#toWeft.get(providerName) ?? providerName;
  }

  /** The descriptions with their names as the model sees them. */
  describe(descriptions: readonly ToolDescription[]): ToolDescription[] {
    return descriptions.map((description) => ({ ...description, name: this.toProvider(description.name) }));
  }
}
