export { McpConnectionError, type McpConnectionPhase } from "../../errors/mcp-connection-error.js";
export { McpResultError } from "../../errors/mcp-result-error.js";
export { McpToolError } from "../../errors/mcp-tool-error.js";
export type { McpWeftTool } from "./mcp-tool.js";
export { McpToolSet, type McpToolsOptions, mcpTools } from "./mcp-tools.js";
export type { McpHttpServer, McpServer, McpStdioServer } from "./server.js";
