/** A model's tool-call arguments, read: the input object, or why it is not one. */
export type ParsedArguments =
  | { isValid: true; input: Record<string, unknown> }
  | { isValid: false; problem: ArgumentsProblem };

/** Why a model's arguments cannot be used as a tool's input. */
export type ArgumentsProblem =
  /** The text is not JSON: `parserMessage` is what the parser said; `position`, where it stopped, when it said so. */
  | { kind: "invalid-json"; text: string; parserMessage: string; position: number | undefined }
  /** The JSON (or the provider's input) is a value other than an object: an array, a string, null… */
  | { kind: "not-an-object"; received: unknown };

/**
 * Reads the arguments text of a model's tool call. Blank text is taken for `{}`, as models write it for tools that
 * take no input.
 */
export function parseArgumentsText(text: string): ParsedArguments {
  if (text.trim() === "") return { isValid: true, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const parserMessage = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(parserMessage)?.[1];
    return {
      isValid: false,
      problem: {
        kind: "invalid-json",
        text,
        parserMessage,
        position: position === undefined ? undefined : Number(position),
      },
    };
  }
  return checkInputObject(value);
}

/** Checks an input that a provider already parsed (Anthropic's `tool_use.input`): it must be a JSON object. */
export function checkInputObject(value: unknown): ParsedArguments {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { isValid: false, problem: { kind: "not-an-object", received: value } };
  }
  return { isValid: true, input: value as Record<string, unknown> };
}
