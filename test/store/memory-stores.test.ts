import { EwmaCostModel } from "../../src/store/cost-model.js";
import { MemoryCacheStore } from "../../src/store/memory-cache-store.js";
import { describeCacheStore } from "./cache-store.case.js";
import { describeCostModel } from "./cost-model.case.js";

describeCacheStore("MemoryCacheStore", () => new MemoryCacheStore());
describeCacheStore(
  "MemoryCacheStore with room for few entries",
  () => new MemoryCacheStore({ maxEntries: 8 }),
);
describeCostModel("EwmaCostModel", () => new EwmaCostModel());
describeCostModel("EwmaCostModel with alpha 1", () => new EwmaCostModel({ alpha: 1 }));
