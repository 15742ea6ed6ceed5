/**
 * A tool's output as the text of a tool result: a string as it is, anything else as JSON. A tool that returned
 * nothing says so, since an empty result reads to a model like a lost one.
 */
export function toolResultContent(output: unknown): string {
  if (typeof output === "string") return output;
  if (output === undefined) return "(the tool returned no output)";
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    // weft refuses outputs that are not serialisable before they get here; this keeps a result from ever throwing.
    return String(output);
  }
}
