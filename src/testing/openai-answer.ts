import type { AnswerFrame } from "./paced-writer.js";
import { serverSentEvent } from "./paced-writer.js";
import { countTokens, type PreparedTurn, splitIntoTokens } from "./prepared-turn.js";
import { openaiIds } from "./wire-ids.js";

/** What a Chat Completions answer needs besides the turn. */
export interface OpenAIAnswerContext {
  model: string;
  /** `stream_options.include_usage`: a last chunk with the usage and no choices. */
  includesUsage: boolean;
}

const systemFingerprint = "fp_weft_test";

/** A streamed turn as `chat.completion.chunk` events, ending with `data: [DONE]`. */
export function openaiStreamFrames(turn: PreparedTurn, context: OpenAIAnswerContext): AnswerFrame[] {
  const header = {
    id: openaiIds.completion(),
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    service_tier: "default",
    system_fingerprint: systemFingerprint,
  };
  const usageField = context.includesUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, tokens: number, finishReason: string | null = null) => ({
    text: serverSentEvent(
      JSON.stringify({
        ...header,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...usageField,
      }),
    ),
    tokens,
  });

  const frames: AnswerFrame[] = [];
  const hasText = turn.text !== "" || turn.toolCalls.length === 0;
  // The role comes in the first chunk: alone before text, or with the first tool call when there is no text.
  if (hasText) frames.push(chunk({ role: "assistant", content: "", refusal: null }, 0));
  for (const token of splitIntoTokens(turn.text)) frames.push(chunk({ content: token }, 1));
  turn.toolCalls.forEach((call, index) => {
    const opening = {
      index,
      id: call.id ?? openaiIds.toolCall(),
      type: "function",
      function: { name: call.name, arguments: "" },
    };
    frames.push(
      chunk(
        index === 0 && !hasText
          ? { role: "assistant", content: null, refusal: null, tool_calls: [opening] }
          : { tool_calls: [opening] },
        countTokens(call.name),
      ),
    );
    for (const fragment of splitIntoTokens(call.argumentsText)) {
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, 1));
    }
  });
  frames.push(chunk({}, 0, finishReason(turn)));
  if (context.includesUsage) {
    frames.push({
      text: serverSentEvent(JSON.stringify({ ...header, choices: [], usage: usage(turn) })),
      tokens: 0,
    });
  }
  frames.push({ text: serverSentEvent("[DONE]"), tokens: 0 });
  return frames;
}

/** A whole turn as a `chat.completion` object. */
export function openaiCompletion(turn: PreparedTurn, context: OpenAIAnswerContext): Record<string, unknown> {
  const toolCalls = turn.toolCalls.map((call) => ({
    id: call.id ?? openaiIds.toolCall(),
    type: "function",
    function: { name: call.name, arguments: call.argumentsText },
  }));
  return {
    id: openaiIds.completion(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: turn.text === "" && toolCalls.length > 0 ? null : turn.text,
          refusal: null,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(turn),
      },
    ],
    usage: usage(turn),
    service_tier: "default",
    system_fingerprint: systemFingerprint,
  };
}

/** An error as the API reports it: `{ error: { message, type, param, code } }`. */
export function openaiErrorBody(status: number, message: string): Record<string, unknown> {
  const [type, code] =
    status === 401
      ? ["invalid_request_error", "invalid_api_key"]
      : status === 404
        ? ["invalid_request_error", "unknown_url"]
        : status === 429
          ? ["requests", "rate_limit_exceeded"]
          : status >= 500
            ? ["server_error", null]
            : ["invalid_request_error", null];
  return { error: { message, type, param: null, code } };
}

function finishReason(turn: PreparedTurn): string {
  // OpenAI reports a stop sequence as a plain "stop".
  return turn.toolCalls.length > 0 ? "tool_calls" : "stop";
}

function usage(turn: PreparedTurn): Record<string, unknown> {
  return {
    prompt_tokens: turn.inputTokens,
    completion_tokens: turn.outputTokens,
    total_tokens: turn.inputTokens + turn.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}
