import { ToolInputError } from "../errors/tool-input-error.js";
import type { WeftError } from "../errors/weft-error.js";
import { resolveRefs } from "../plan/refs.js";
import type { ValidationResult } from "../tool/schema.js";
import type { CallState } from "./call-state.js";

/** A call's input, ready for its tool, or the reason the call cannot run. */
export type PreparedInput = { isReady: true; input: unknown } | { isReady: false; error: WeftError };

/**
 * The input of a call written without args. Frozen and shared: inputs are read-only to tools (a whole-argument ref
 * hands the same object to every dependent), and a plan of a million calls without args then makes no objects.
 */
const noArgs: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Resolves a call's refs against the outputs of its dependencies, then checks the result against its tool's schema.
 * Synchronous unless the schema validates asynchronously. Never throws: a missing ref path or a bad input is the
 * returned error, which fails this call alone.
 */
export function prepareInput(
  call: CallState,
  outputOf: (call: CallState, id: string) => unknown,
): PreparedInput | Promise<PreparedInput> {
  let input: unknown = call.call.args ?? noArgs;
  if (call.refs.length > 0) {
    try {
      input = resolveRefs(call.id, input, (id) => outputOf(call, id));
    } catch (error) {
      return { isReady: false, error: error as WeftError };
    }
  }
  const schema = call.tool.schema;
  if (schema.isAnyInput) return { isReady: true, input };
  const validation = schema.validate(input);
  if (!(validation instanceof Promise)) return checked(call, validation);
  return validation.then(
    (result) => checked(call, result),
    (error: unknown) => ({
      isReady: false,
      error: inputError(call, [
        { path: "", message: `the schema threw: ${(error as Error)?.message ?? String(error)}` },
      ]),
    }),
  );
}

function checked(call: CallState, validation: ValidationResult): PreparedInput {
  if (validation.isValid) return { isReady: true, input: validation.value };
  return { isReady: false, error: inputError(call, validation.issues) };
}

function inputError(call: CallState, issues: ToolInputError["issues"]): ToolInputError {
  return new ToolInputError({ toolName: call.tool.name, callId: call.id, issues });
}
