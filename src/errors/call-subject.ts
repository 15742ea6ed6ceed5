/**
 * How an error names the call it is about, at the start of its message: `Call "a" (tool "fs.read")`, or `Call "a"`
 * where the tool is not known. Every call error builds its message with this, so that the subject can be found again.
 */
export function callSubject(callId: string, toolName?: string): string {
  return toolName === undefined ? `Call "${callId}"` : `Call "${callId}" (tool "${toolName}")`;
}

/**
 * The message of a call's error with the call's subject replaced by the tool's name (`Tool "fs.read": …`), for a
 * call whose id the user never saw: a single tool call that weft runs as a one-call plan under a placeholder id.
 * A message that does not start with the call's subject is returned as it is.
 */
export function nameToolInstead(message: string, callId: string, toolName: string): string {
  for (const subject of [callSubject(callId, toolName), callSubject(callId)]) {
    if (message.startsWith(subject)) return `Tool "${toolName}"${message.slice(subject.length)}`;
  }
  return message;
}
