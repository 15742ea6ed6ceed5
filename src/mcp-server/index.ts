export {
  type RunPlanContext,
  runPlanTool,
  runPlanToolDescription,
  runPlanToolName,
} from "./run-plan-tool.js";
export { type HttpEndpoint, serveHttp, serveStdio } from "./serve.js";
export { createWeftMcpServer, type WeftServerInfo } from "./weft-mcp-server.js";
