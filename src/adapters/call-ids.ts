/**
 * Gives each provider call id a weft call id. Provider ids (`call_abc`, `toolu_01…`) are kept as they are when weft
 * can use them; an id that is empty, holds `.`, `[` or `]` (which separate a ref's id from its path) or repeats an
 * earlier one gets a safe unique stand-in, while the provider id stays with the result.
 */
export class CallIds {
  readonly #taken = new Set<string>();

  /** A weft call id for `providerId`, unique among those given out so far. */
  assign(providerId: string): string {
    const base = providerId.replace(/[.[\]]/g, "_") || "call";
    let id = base;
    for (let suffix = 2; this.#taken.has(id); suffix++) id = `${base}~${suffix}`;
    this.#taken.add(id);
    return id;
  }
}
