import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { nameToolInstead } from "../errors/call-subject.js";
import { PlanError } from "../errors/plan-error.js";
import type { Executor } from "../executor/executor.js";
import { suggestTools } from "../plan/check-plan.js";
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

/** The id of the one call a tools/call runs as; the client never sees it, so no message may name it. */
const placeholderCallId = "call";

/**
 * One tool call, as a one-call run: a failure (an unknown tool included) is a result with `isError`, whose message
 * names the tool (`Tool "fs.read": …`), never the placeholder call id.
 */
async function callTool(
  executor: Executor,
  tool: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const names = executor.tools.map((known) => known.name);
  if (!names.includes(tool)) return errorResult(`Unknown tool "${tool}"${suggestTools(tool, names)}`);
  let outcome: Awaited<ReturnType<ReturnType<Executor["run"]>["result"]>>;
  try {
    outcome = await executor.run([{ id: placeholderCallId, tool, args }], { signal }).result();
  } catch (error) {
    if (PlanError.isInstance(error)) {
      return errorResult(error.problems.map((problem) => toolMessage(problem.message, tool)).join("\n"));
    }
    return errorResult(toolMessage(error instanceof Error ? error.message : String(error), tool));
  }
  const call = outcome.calls[0];
  if (call === undefined) return errorResult("the call did not run");
  if (call.status !== "succeeded") {
    const error = call.error as { message?: string } | undefined;
    return errorResult(toolMessage(error?.message ?? `the call ended ${call.status}`, tool));
  }
  return toToolResult(call.output);
}

function toolMessage(message: string, tool: string): string {
  return nameToolInstead(message, placeholderCallId, tool);
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
