export {
  type RunPlanContext,
  runPlanTool,
  runPlanToolDescription,
  runPlanToolName,
} from "./run-plan-tool.js";
export { type HttpEndpoint, type ServeHttpOptions, serveHttp } from "./serve-http.js";
export { serveStdio } from "./serve-stdio.js";
export { createWeftMcpServer, type WeftServerInfo } from "./weft-mcp-server.js";
