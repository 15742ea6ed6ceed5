import type { LRUCache } from "lru-cache";
import { checkWholeNumber } from "../errors/check-option.js";
import { lazyRequire } from "../runtime/lazy-require.js";
import type { CacheEntry, CacheStore } from "./cache-store.js";

const lruCache = lazyRequire<typeof import("lru-cache")>("lru-cache");

/** Options of `new MemoryCacheStore()`. */
export interface MemoryCacheStoreOptions {
  /**
   * The most entries kept; the least recently used go first.
   * @default 10_000
   */
  maxEntries?: number;
}

/** An in-memory LRU cache with a ttl per entry. */
export class MemoryCacheStore implements CacheStore {
  readonly #maxEntries: number;
  /** Made with the first entry, so that an executor whose tools never cache does not load lru-cache. */
  #cache: LRUCache<string, CacheEntry> | undefined;

  constructor(options: MemoryCacheStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    checkWholeNumber("new MemoryCacheStore", "options.maxEntries", maxEntries);
    this.#maxEntries = maxEntries;
  }

  get(key: string): CacheEntry | undefined {
    return this.#cache?.get(key);
  }

  set(key: string, value: unknown, ttlMs: number): void {
    this.#cache ??= new (lruCache().LRUCache)({ max: this.#maxEntries, ttlAutopurge: false });
    this.#cache.set(key, { value }, { ttl: ttlMs });
  }

  delete(key: string): void {
    this.#cache?.delete(key);
  }
}
