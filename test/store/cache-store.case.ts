import { describe, expect, it } from "vitest";
import type { CacheStore } from "../../src/store/cache-store.js";

/**
 * What every CacheStore must do, whatever keeps its entries: run by the test file of each implementation (the
 * in-memory one today, a file or Redis one later). Every call is awaited, so that an implementation whose methods
 * return promises passes the same cases.
 */
export function describeCacheStore(name: string, create: () => CacheStore | Promise<CacheStore>): void {
  describe(`${name} (the CacheStore contract)`, () => {
    it("has nothing for a key never set", async () => {
      const store = await create();
      expect(await store.get("sleep:{}")).toBeUndefined();
    });

    it("gives back what was set, falsy values included, each under its own key", async () => {
      const store = await create();
      const values: unknown[] = [0, "", null, false, { nested: [1, "two"] }, [3]];
      for (const [index, value] of values.entries()) await store.set(`tool:${index}`, value, 60_000);
      for (const [index, value] of values.entries()) {
        expect(await store.get(`tool:${index}`)).toEqual({ value });
      }
    });

    it("replaces the value of a key set again", async () => {
      const store = await create();
      await store.set("tool:a", "first", 60_000);
      await store.set("tool:a", "second", 60_000);
      expect(await store.get("tool:a")).toEqual({ value: "second" });
    });

    it("forgets a deleted key and keeps the others", async () => {
      const store = await create();
      await store.set("tool:a", 1, 60_000);
      await store.set("tool:b", 2, 60_000);
      await store.delete("tool:a");
      expect(await store.get("tool:a")).toBeUndefined();
      expect(await store.get("tool:b")).toEqual({ value: 2 });
      // Deleting what is not there is harmless.
      await store.delete("tool:never");
    });

    it("forgets an entry once its time to live has passed", async () => {
      const store = await create();
      await store.set("tool:short", "soon gone", 1);
      await store.set("tool:long", "kept", 60_000);
      // Waiting well past the 1 ms ttl: only a lower bound on the wait matters, so a slow machine cannot flake it.
      await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await store.get("tool:short")).toBeUndefined();
      expect(await store.get("tool:long")).toEqual({ value: "kept" });
    });
  });
}
