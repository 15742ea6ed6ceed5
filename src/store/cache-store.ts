/** A cached output, wrapped, so that a cached `undefined` differs from no entry. */
export interface CacheEntry {
  value: unknown;
}

/**
 * Where successful outputs of cacheable calls are kept, keyed by tool and canonical input. Each method may answer at
 * once (the in-memory `MemoryCacheStore`) or with a promise (a store across the network). A lookup that fails counts
 * as a miss and a write that fails is dropped: the cache never fails a call. The shared contract tests are
 * test/store/cache-store.case.ts.
 */
export interface CacheStore {
  /** The entry of `key`, or undefined when there is none (or its time to live has passed). */
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Keeps `value` under `key` for `ttlMs`. */
  set(key: string, value: unknown, ttlMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}
