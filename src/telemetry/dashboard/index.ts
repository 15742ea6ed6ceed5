export {
  type DashboardHandlerOptions,
  dashboardHandler,
  type StartedRun,
} from "./dashboard-handler.js";
export { DashboardHub, type DashboardHubOptions } from "./dashboard-hub.js";
export {
  type DashboardServer,
  type StartDashboardOptions,
  startDashboard,
} from "./dashboard-server.js";
export type { DashboardRunSummary, DashboardSnapshot, DashboardUsageSample } from "./dashboard-snapshot.js";
export { createDashboardToken } from "./dashboard-token.js";
export type { WatchedExecutor } from "./usage-sampler.js";
