export { type CacheStore, MemoryCacheStore, type MemoryCacheStoreOptions } from "./cache-store.js";
export { loadCostModel, saveCostModel } from "./cost-file.js";
export { type CostModel, EwmaCostModel, type EwmaCostModelOptions, type ToolCost } from "./cost-model.js";
