export { type CacheStore, MemoryCacheStore, type MemoryCacheStoreOptions } from "./cache-store.js";
export {
  type CorruptCostFile,
  type LoadCostModelOptions,
  loadCostModel,
  saveCostModel,
} from "./cost-file.js";
export { type CostModel, EwmaCostModel, type EwmaCostModelOptions, type ToolCost } from "./cost-model.js";
