import type { AgentMessage, ModelToolCall, ToolResultMessage } from "../agent/model.js";
import {
  InvalidRequestError,
  isRecord,
  requireModelAndMessages,
  stringList,
  textOf,
  type WireRequest,
} from "./wire-request.js";

/** Reads a Messages API request body. Throws an InvalidRequestError for a body the API would refuse. */
export function readAnthropicRequest(rawBody: unknown): WireRequest {
  const { body, model } = requireModelAndMessages(rawBody);
  if (typeof body.max_tokens !== "number") throw new InvalidRequestError("max_tokens: Field required");
  const messages: AgentMessage[] = [];
  const toolNamesById = new Map<string, string>();
  (body.messages as unknown[]).forEach((message, index) => {
    if (!isRecord(message) || (message.role !== "user" && message.role !== "assistant")) {
      throw new InvalidRequestError(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
    if (message.role === "assistant") {
      const toolCalls: ModelToolCall[] = blocks
        .filter((block) => block.type === "tool_use")
        .map((block) => ({
          id: String(block.id ?? ""),
          name: String(block.name ?? ""),
          arguments: JSON.stringify(block.input ?? {}),
        }));
      for (const call of toolCalls) toolNamesById.set(call.id, call.name);
      messages.push({ role: "assistant", content: textOf(message.content), toolCalls });
      return;
    }
    const results: ToolResultMessage[] = blocks
      .filter((block) => block.type === "tool_result")
      .map((block) => {
        const callId = String(block.tool_use_id ?? "");
        return {
          callId,
          name: toolNamesById.get(callId) ?? "",
          content: textOf(block.content),
          isError: block.is_error === true,
        };
      });
    if (results.length > 0) messages.push({ role: "tool", results });
    const text = textOf(message.content);
    if (results.length === 0 || text !== "") messages.push({ role: "user", content: text });
  });
  const system = textOf(body.system);
  const toolChoice = isRecord(body.tool_choice) ? body.tool_choice : {};
  return {
    model,
    isStreaming: body.stream === true,
    includesUsage: true,
    ...(system === "" ? {} : { system }),
    messages,
    toolNames: Array.isArray(body.tools)
      ? body.tools.map((tool) => (isRecord(tool) && typeof tool.name === "string" ? tool.name : ""))
      : [],
    stop: stringList(body.stop_sequences, "stop_sequences"),
    parallelToolCalls: toolChoice.disable_parallel_tool_use !== true,
  };
}
