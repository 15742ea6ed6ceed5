import type { ServerResponse } from "node:http";

/** A piece of an answer: an SSE event or a whole JSON body, and how many tokens it carries. */
export interface AnswerFrame {
  text: string;
  /** 0 for a frame that carries no generated text (a block start, a ping), which goes out with the frame before. */
  tokens: number;
}

/** When tokens go out. */
export interface Pacing {
  firstTokenMs: number;
  tokensPerSecond: number;
}

/**
 * Writes `frames` to `response` as a model would produce them, then ends it: frames before the first token at once,
 * the first token `firstTokenMs` after the start, each later one `1 / tokensPerSecond` seconds after the one before
 * (a frame of n tokens is due when its last token is). With `tokensPerSecond: Infinity` the frames are still written
 * one by one, only without waiting. Returns a function that stops writing, for when the client has gone away.
 */
export function writePaced(
  response: ServerResponse,
  frames: readonly AnswerFrame[],
  pacing: Pacing,
): () => void {
  const start = performance.now();
  const tokenIntervalMs = Number.isFinite(pacing.tokensPerSecond) ? 1000 / pacing.tokensPerSecond : 0;
  let tokensSent = 0;
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;

  const pump = (): void => {
    timer = undefined;
    while (index < frames.length) {
      const frame = frames[index] as AnswerFrame;
      if (frame.tokens > 0) {
        const dueAt = start + pacing.firstTokenMs + (tokensSent + frame.tokens - 1) * tokenIntervalMs;
        const waitMs = dueAt - performance.now();
        if (waitMs >= 0.5) {
          timer = setTimeout(pump, waitMs);
          return;
        }
        tokensSent += frame.tokens;
      }
      response.write(frame.text);
      index++;
    }
    isStopped = true;
    response.end();
  };

  pump();
  return () => {
    if (isStopped) return;
    isStopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Formats one server-sent event: an optional `event:` line, the `data:` line, and the blank line that ends it. */
export function serverSentEvent(data: string, eventName?: string): string {
  return `${eventName === undefined ? "" : `event: ${eventName}\n`}data: ${data}\n\n`;
}
