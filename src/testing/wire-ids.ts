import { randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random id in a provider's style: `prefix` then `length` letters and digits (`chatcmpl-…`, `toolu_01…`). */
export function wireId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  // 62 does not divide 256, so a few characters come up slightly more often; ids only need to be unique.
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/** Ids shaped like OpenAI's. */
export const openaiIds = {
  completion: (): string => wireId("chatcmpl-", 29),
  toolCall: (): string => wireId("call_", 24),
  request: (): string => wireId("req_", 32),
};

/** Ids shaped like Anthropic's. */
export const anthropicIds = {
  message: (): string => wireId("msg_01", 22),
  toolUse: (): string => wireId("toolu_01", 22),
  request: (): string => wireId("req_011", 21),
};
