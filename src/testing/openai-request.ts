import type { AgentMessage, ModelToolCall, ToolResultMessage } from "../agent/model.js";
import {
  InvalidRequestError,
  isRecord,
  requireModelAndMessages,
  stringList,
  textOf,
  type WireRequest,
} from "./wire-request.js";

/** Reads a Chat Completions request body. Throws an InvalidRequestError for a body the API would refuse. */
export function readOpenAIRequest(rawBody: unknown): WireRequest {
  const { body, model } = requireModelAndMessages(rawBody);
  const systemParts: string[] = [];
  const messages: AgentMessage[] = [];
  const toolNamesById = new Map<string, string>();
  (body.messages as unknown[]).forEach((message, index) => {
    if (!isRecord(message) || typeof message.role !== "string") {
      throw new InvalidRequestError(`messages[${index}]: expected an object with a role`);
    }
    switch (message.role) {
      case "system":
      case "developer":
        systemParts.push(textOf(message.content));
        break;
      case "user":
        messages.push({ role: "user", content: textOf(message.content) });
        break;
      case "assistant": {
        const toolCalls = readToolCalls(message.tool_calls, index);
        for (const call of toolCalls) toolNamesById.set(call.id, call.name);
        messages.push({ role: "assistant", content: textOf(message.content), toolCalls });
        break;
      }
      case "tool": {
        const callId = typeof message.tool_call_id === "string" ? message.tool_call_id : "";
        const result: ToolResultMessage = {
          callId,
          name: toolNamesById.get(callId) ?? "",
          content: textOf(message.content),
          isError: false,
        };
        // The API takes one message per result; the neutral form groups a turn's results together.
        const previous = messages.at(-1);
        if (previous?.role === "tool")
          messages[messages.length - 1] = { ...previous, results: [...previous.results, result] };
        else messages.push({ role: "tool", results: [result] });
        break;
      }
      default:
        throw new InvalidRequestError(
          `messages[${index}].role: unknown role ${JSON.stringify(message.role)}`,
        );
    }
  });
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    model,
    isStreaming: body.stream === true,
    includesUsage: streamOptions.include_usage === true,
    ...(systemParts.length > 0 ? { system: systemParts.join("\n\n") } : {}),
    messages,
    toolNames: readToolNames(body.tools),
    stop: stringList(body.stop, "stop"),
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
}

function readToolCalls(value: unknown, messageIndex: number): ModelToolCall[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new InvalidRequestError(`messages[${messageIndex}].tool_calls: expected a list`);
  return value.map((call) => {
    const fields = isRecord(call) && isRecord(call.function) ? call.function : {};
    return {
      id: isRecord(call) && typeof call.id === "string" ? call.id : "",
      name: typeof fields.name === "string" ? fields.name : "",
      arguments: typeof fields.arguments === "string" ? fields.arguments : "",
    };
  });
}

function readToolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool) =>
    isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === "string"
      ? tool.function.name
      : "",
  );
}
