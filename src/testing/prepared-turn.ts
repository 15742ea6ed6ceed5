import type { ReceivedRequest, ScriptedTurn, TurnTiming } from "./types.js";

/** Characters per token, the usual rule of thumb for English text and JSON. */
const charactersPerToken = 4;

/** A tool call ready to send: its arguments as the exact text the model writes. */
export interface PreparedToolCall {
  /** The scripted id, or undefined for the provider to make one. */
  id: string | undefined;
  name: string;
  argumentsText: string;
}

/** A scripted turn applied to a request: text cut at the first stop sequence, pacing resolved, tokens counted. */
export interface PreparedTurn {
  text: string;
  /** Empty when a stop sequence ended the turn in its text. */
  toolCalls: PreparedToolCall[];
  /** The stop sequence that ended the turn, if one did. */
  stopSequence: string | undefined;
  firstTokenMs: number;
  tokensPerSecond: number;
  inputTokens: number;
  outputTokens: number;
}

/** Splits text into tokens of about 4 characters, never inside a surrogate pair. */
export function splitIntoTokens(text: string): string[] {
  const characters = Array.from(text);
  const tokens: string[] = [];
  for (let start = 0; start < characters.length; start += charactersPerToken) {
    tokens.push(characters.slice(start, start + charactersPerToken).join(""));
  }
  return tokens;
}

export function countTokens(text: string): number {
  return Math.ceil(Array.from(text).length / charactersPerToken);
}

/** Applies `turn` to `request`: the request's stop sequences and the turn's or server's pacing. */
export function prepareTurn(
  turn: ScriptedTurn,
  request: ReceivedRequest,
  serverTiming: TurnTiming,
): PreparedTurn {
  const { text, stopSequence } = cutAtStopSequence(turn.text ?? "", request.stop);
  // A model that wrote a stop sequence has ended its turn: nothing after it, tool calls included, is generated.
  const toolCalls =
    stopSequence === undefined
      ? (turn.toolCalls ?? []).map((call) => ({
          id: call.id,
          name: call.name,
          argumentsText:
            typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
        }))
      : [];
  const outputTokens =
    countTokens(text) +
    toolCalls.reduce((sum, call) => sum + countTokens(call.name) + countTokens(call.argumentsText), 0);
  return {
    text,
    toolCalls,
    stopSequence,
    firstTokenMs: turn.timing?.firstTokenMs ?? serverTiming.firstTokenMs ?? 0,
    tokensPerSecond: turn.timing?.tokensPerSecond ?? serverTiming.tokensPerSecond ?? Number.POSITIVE_INFINITY,
    inputTokens: Math.max(1, countTokens(JSON.stringify(request.body))),
    outputTokens: Math.max(1, outputTokens),
  };
}

function cutAtStopSequence(
  text: string,
  stop: readonly string[],
): { text: string; stopSequence: string | undefined } {
  let end = text.length;
  let stopSequence: string | undefined;
  for (const sequence of stop) {
    if (sequence === "") continue;
    const index = text.indexOf(sequence);
    if (index !== -1 && index < end) {
      end = index;
      stopSequence = sequence;
    }
  }
  return { text: text.slice(0, end), stopSequence };
}
