import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Executor } from "../executor/executor.js";
import { describeTool } from "../tool/json-schema.js";
import { runPlanTool, runPlanToolDescription, runPlanToolName } from "./run-plan-tool.js";

/** What the server is called in the MCP handshake. */
export interface WeftServerInfo {
  name: string;
  version: string;
}

/**
 * An MCP server (the SDK's low-level `Server`, not yet connected) that lists the executor's tools plus `run_plan`
 * and runs every call through that executor, so that limits, locks and caches are shared by all clients.
 */
export function createWeftMcpServer(executor: Executor, info: WeftServerInfo): Server {
  const server = new Server(info, { capabilities: { tools: { listChanged: true } } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      ...executor.tools.map(describeTool).map((tool) => ({
        ...tool,
        inputSchema: { ...tool.inputSchema, type: "object" as const },
      })),
      runPlanToolDescription,
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    if (name === runPlanToolName) {
      const progressToken = request.params._meta?.progressToken;
      return runPlanTool(executor, args, {
        signal: extra.signal,
        ...(progressToken === undefined
          ? {}
          : {
              onProgress: (progress: number, total: number) =>
                extra
                  .sendNotification({
                    method: "notifications/progress",
                    params: { progressToken, progress, total },
                  })
                  .catch(() => {}),
            }),
      });
    }
    return callTool(executor, name, args, extra.signal);
  });
  return server;
}

/** One tool call, as a one-call run: a failure (an unknown tool included) is a result with `isError`. */
async function callTool(
  executor: Executor,
  tool: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<CallToolResult> {
  let outcome: Awaited<ReturnType<ReturnType<Executor["run"]>["result"]>>;
  try {
    outcome = await executor.run([{ id: "call", tool, args }], { signal }).result();
  } catch (error) {
    return errorResult(error instanceof Error ? error.message : String(error));
  }
  const call = outcome.calls[0];
  if (call === undefined) return errorResult("the call did not run");
  if (call.status !== "succeeded") {
    const error = call.error as { message?: string } | undefined;
    return errorResult(error?.message ?? `the call ended ${call.status}`);
  }
  return toToolResult(call.output);
}

/** An MCP tool's result passes through whole; any other output becomes JSON text (a string stays as it is). */
function toToolResult(output: unknown): CallToolResult {
  if (typeof output === "object" && output !== null && Array.isArray((output as CallToolResult).content)) {
    return output as CallToolResult;
  }
  const text = typeof output === "string" ? output : (JSON.stringify(output ?? null, null, 2) ?? "null");
  return { content: [{ type: "text", text }] };
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}
