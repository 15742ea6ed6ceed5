import { ToolOutputError } from "../errors/tool-output-error.js";

/**
 * Makes sure an output can be passed on to dependents, caches and JSON consumers: serialisable as JSON and no larger
 * than the limit. Returns the problem, or undefined when the output is fine.
 */
export function checkOutput(
  output: unknown,
  maxBytes: number,
  toolName: string,
  callId: string,
): ToolOutputError | undefined {
  if (output === undefined || output === null || typeof output === "boolean" || typeof output === "number") {
    return undefined;
  }
  if (typeof output === "string") {
    if (output.length * 3 <= maxBytes) return undefined;
    return sizeProblem(Buffer.byteLength(output), maxBytes, toolName, callId);
  }
  if (ArrayBuffer.isView(output) || output instanceof ArrayBuffer) {
    // Binary outputs are handed on as they are (moved, from a thread): their size is their bytes. As JSON, a typed
    // array would be an object of one key per byte, many times larger and slow to build.
    return sizeProblem(output.byteLength, maxBytes, toolName, callId);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch (error) {
    const reason = /circular/i.test((error as Error).message)
      ? "it contains a circular reference"
      : /bigint/i.test((error as Error).message)
        ? "it contains a BigInt (convert it to a string or number)"
        : (error as Error).message;
    return new ToolOutputError({
      toolName,
      callId,
      reason: "not-serializable",
      detail: `it cannot be serialised as JSON: ${reason}`,
      cause: error,
    });
  }
  if (json === undefined) {
    return new ToolOutputError({
      toolName,
      callId,
      reason: "not-serializable",
      detail: `it cannot be serialised as JSON (a ${typeof output})`,
    });
  }
  if (json.length * 3 <= maxBytes) return undefined;
  return sizeProblem(Buffer.byteLength(json), maxBytes, toolName, callId);
}

function sizeProblem(sizeBytes: number, limitBytes: number, toolName: string, callId: string) {
  if (sizeBytes <= limitBytes) return undefined;
  return new ToolOutputError({
    toolName,
    callId,
    reason: "too-large",
    sizeBytes,
    limitBytes,
    detail: `it is ${sizeBytes} bytes as JSON, over the limit of ${limitBytes} bytes (raise maxOutputBytes, or return less)`,
  });
}
