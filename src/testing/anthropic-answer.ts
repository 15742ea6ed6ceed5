import { type AnswerFrame, serverSentEvent } from "./paced-writer.js";
import { countTokens, type PreparedTurn, splitIntoTokens } from "./prepared-turn.js";
import { anthropicIds } from "./wire-ids.js";

/** What a Messages API answer needs besides the turn. */
export interface AnthropicAnswerContext {
  model: string;
}

/**
 * A streamed turn as the Messages API's named events: `message_start`, then per content block
 * `content_block_start`, `content_block_delta`s and `content_block_stop` (a `ping` after the first start), then
 * `message_delta` with the stop reason and usage, and `message_stop`.
 */
export function anthropicStreamFrames(turn: PreparedTurn, context: AnthropicAnswerContext): AnswerFrame[] {
  const frames: AnswerFrame[] = [];
  const event = (name: string, data: Record<string, unknown>, tokens = 0): void => {
    frames.push({ text: serverSentEvent(JSON.stringify({ type: name, ...data }), name), tokens });
  };
  const ping = (): void => {
    frames.push({ text: serverSentEvent('{"type": "ping"}', "ping"), tokens: 0 });
  };

  event("message_start", {
    message: {
      ...messageHeader(context),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(turn, 1),
    },
  });
  let index = 0;
  if (turn.text !== "") {
    event("content_block_start", { index, content_block: { type: "text", text: "" } });
    ping();
    for (const token of splitIntoTokens(turn.text)) {
      event("content_block_delta", { index, delta: { type: "text_delta", text: token } }, 1);
    }
    event("content_block_stop", { index });
    index++;
  }
  for (const call of turn.toolCalls) {
    const block = { type: "tool_use", id: call.id ?? anthropicIds.toolUse(), name: call.name, input: {} };
    event("content_block_start", { index, content_block: block }, countTokens(call.name));
    if (index === 0) ping();
    // The API opens every tool input with an empty fragment.
    event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
    for (const fragment of splitIntoTokens(call.argumentsText)) {
      event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: fragment } }, 1);
    }
    event("content_block_stop", { index });
    index++;
  }
  if (index === 0) ping();
  event("message_delta", {
    delta: { stop_reason: stopReason(turn), stop_sequence: turn.stopSequence ?? null },
    usage: { output_tokens: turn.outputTokens },
  });
  event("message_stop", {});
  return frames;
}

/**
 * A whole turn as a `message` object. A tool call's `input` is its arguments parsed; arguments that are not JSON are
 * sent as a string, which the real API never does but which lets a test see what it scripted.
 */
export function anthropicMessage(
  turn: PreparedTurn,
  context: AnthropicAnswerContext,
): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (turn.text !== "") content.push({ type: "text", text: turn.text });
  for (const call of turn.toolCalls) {
    content.push({
      type: "tool_use",
      id: call.id ?? anthropicIds.toolUse(),
      name: call.name,
      input: parseOrKeep(call.argumentsText),
    });
  }
  return {
    ...messageHeader(context),
    content,
    stop_reason: stopReason(turn),
    stop_sequence: turn.stopSequence ?? null,
    usage: usage(turn, turn.outputTokens),
  };
}

/** An error as the API reports it: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicErrorBody(
  status: number,
  message: string,
  requestId: string,
): Record<string, unknown> {
  const types: Record<number, string> = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
  };
  const type = types[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  return { type: "error", error: { type, message }, request_id: requestId };
}

function messageHeader(context: AnthropicAnswerContext): Record<string, unknown> {
  return { id: anthropicIds.message(), type: "message", role: "assistant", model: context.model };
}

function stopReason(turn: PreparedTurn): string {
  if (turn.stopSequence !== undefined) return "stop_sequence";
  return turn.toolCalls.length > 0 ? "tool_use" : "end_turn";
}

function usage(turn: PreparedTurn, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: turn.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

function parseOrKeep(argumentsText: string): unknown {
  try {
    return JSON.parse(argumentsText);
  } catch {
    return argumentsText;
  }
}
