import { inspect } from "node:util";
import type { MessagePort } from "node:worker_threads";
import { WeftError } from "../errors/weft-error.js";

/** What the main thread sends a worker thread for one attempt. */
export interface ThreadTask {
  moduleUrl: string;
  toolName: string;
  input: unknown;
  callId: string;
  runId: string;
  attempt: number;
  /** The thread posts the tool's `progress(data)` here; the main thread turns them into `call-progress` events. */
  progressPort: MessagePort;
}

/**
 * What a worker thread answers. It never rejects for the tool's own failures, so that the main thread can tell them
 * (`threw`, `load`) from a thread that died (a rejection).
 */
export type ThreadReply =
  | { isOk: true; output: unknown }
  | { isOk: false; failure: "threw" | "load"; error: unknown };

/** An Error as it crosses threads: structured cloning would drop its class, `code` and other fields. */
interface SentError {
  isSentError: true;
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, unknown>;
  /** The `weft.error…` markers it carried, so that `Kind.isInstance` still recognises it. */
  markers: string[];
  cause: unknown;
}

const maxCauseDepth = 4;

/** Turns anything a tool threw into a value that survives structured cloning with what matters to its reader. */
export function errorForSending(thrown: unknown, depth = 0): unknown {
  if (!(thrown instanceof Error)) {
    if (typeof thrown !== "object" || thrown === null)
      return typeof thrown === "function" ? String(thrown) : thrown;
    try {
      return structuredClone(thrown);
    } catch {
      return inspect(thrown, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
    }
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(thrown)) {
    if (isPlainData(value)) fields[key] = value;
  }
  const markers: string[] = [];
  for (const symbol of Object.getOwnPropertySymbols(thrown)) {
    const key = Symbol.keyFor(symbol);
    if (key?.startsWith("weft.error") && (thrown as unknown as Record<symbol, unknown>)[symbol] === true) {
      markers.push(key);
    }
  }
  const sent: SentError = {
    isSentError: true,
    name: thrown.name,
    message: thrown.message,
    stack: thrown.stack,
    fields,
    markers,
    cause:
      thrown.cause === undefined || depth >= maxCauseDepth
        ? undefined
        : errorForSending(thrown.cause, depth + 1),
  };
  return sent;
}

/** Rebuilds on the main thread what `errorForSending` sent: an Error with the same name, message, stack and fields. */
export function errorFromThread(sent: unknown): unknown {
  if (typeof sent !== "object" || sent === null || (sent as SentError).isSentError !== true) return sent;
  const { name, message, stack, fields, markers, cause } = sent as SentError;
  const error = new Error(message, cause === undefined ? undefined : { cause: errorFromThread(cause) });
  // A weft error keeps its kind across threads: its markers make `Kind.isInstance` true, and its prototype its toJSON.
  if (markers.includes("weft.error")) Object.setPrototypeOf(error, WeftError.prototype);
  Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
  if (stack !== undefined) error.stack = stack;
  Object.assign(error, fields);
  for (const marker of markers) Object.defineProperty(error, Symbol.for(marker), { value: true });
  return error;
}

/** Values that structured cloning keeps as they are: primitives and JSON-like arrays and objects. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object") {
    return typeof value !== "function" && typeof value !== "symbol";
  }
  if (depth > 4) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => isPlainData(item, depth + 1));
}
