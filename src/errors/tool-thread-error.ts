import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolThreadError");

/**
 * Why a call of a `runIn: "thread"` tool failed in the thread pool rather than in the tool's own code:
 * - `load`: the tool's `module` could not be loaded in the thread, or exports no tool of that name;
 * - `crash`: the thread failed outside the tool's promise (an exception thrown from a callback, an output that cannot
 *   be sent back);
 * - `exit`: the tool's code called `process.exit()`, which ends its thread;
 * - `out-of-memory`: the thread reached the pool's `resourceLimits`;
 * - `input`: the input could not be sent to the thread (it holds a function or another value that cannot be cloned);
 * - `closed`: the executor was closed while the call ran.
 */
export type ToolThreadFailure = "load" | "crash" | "exit" | "out-of-memory" | "input" | "closed";

/**
 * A call of a thread tool failed because of its worker thread: the thread could not load the tool, crashed, exited or
 * ran out of memory. Only this call fails; the pool replaces a thread that died. An error thrown by the tool's code is
 * a ToolExecutionError, as for any tool.
 */
export class ToolThreadError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  readonly attempt: number;
  readonly reason: ToolThreadFailure;

  constructor(options: {
    toolName: string;
    callId: string;
    attempt: number;
    reason: ToolThreadFailure;
    detail: string;
    cause?: unknown;
  }) {
    super(
      "TOOL_THREAD_FAILED",
      `${callSubject(options.callId, options.toolName)} failed in its worker thread: ${options.detail}`,
      { cause: options.cause },
    );
    this.name = "ToolThreadError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.attempt = options.attempt;
    this.reason = options.reason;
  }

  static override isInstance(error: unknown): error is ToolThreadError {
    return hasMarker(error, marker);
  }
}
