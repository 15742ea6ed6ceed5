import { describe, expect, it } from "vitest";
import type { CostModel } from "../../src/store/cost-model.js";

/**
 * What every CostModel must do, whatever keeps its estimates: run by the test file of each implementation. Every
 * call is awaited, so that an implementation whose methods return promises passes the same cases.
 */
export function describeCostModel(name: string, create: () => CostModel | Promise<CostModel>): void {
  describe(`${name} (the CostModel contract)`, () => {
    it("has no estimate for a tool never observed", async () => {
      const model = await create();
      expect(await model.estimate("sleep")).toBeUndefined();
    });

    it("estimates a tool observed once at that duration", async () => {
      const model = await create();
      await model.observe("sleep", 40);
      expect(await model.estimate("sleep")).toBe(40);
    });

    it("moves an estimate toward new observations, never past them", async () => {
      const model = await create();
      await model.observe("fetch", 100);
      expect(await model.estimate("fetch")).toBe(100);
      for (let round = 0; round < 5; round++) {
        const before = (await model.estimate("fetch")) as number;
        await model.observe("fetch", 300);
        const after = (await model.estimate("fetch")) as number;
        // Toward 300 while short of it (an estimate may reach it, as with alpha 1), and never beyond it.
        if (before < 300) expect(after).toBeGreaterThan(before);
        expect(after).toBeLessThanOrEqual(300);
      }
    });

    it("keeps each tool's estimate apart", async () => {
      const model = await create();
      await model.observe("fast", 2);
      await model.observe("slow", 2_000);
      expect(await model.estimate("fast")).toBe(2);
      expect(await model.estimate("slow")).toBe(2_000);
    });
  });
}
