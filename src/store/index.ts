export type { CacheEntry, CacheStore } from "./cache-store.js";
export {
  type CorruptCostFile,
  type LoadCostModelOptions,
  loadCostModel,
  saveCostModel,
} from "./cost-file.js";
export { type CostModel, EwmaCostModel, type EwmaCostModelOptions, type ToolCost } from "./cost-model.js";
export { MemoryCacheStore, type MemoryCacheStoreOptions } from "./memory-cache-store.js";
