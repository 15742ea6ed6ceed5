import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeType } from "./schema.js";

/** Where a tool's code runs. Set on the tool; unlike its policy, it cannot be changed for one run. */
export interface ThreadOptions {
  /**
   * `"inline"` runs `execute` on the event loop, the right place for I/O. `"thread"` runs it in the executor's pool
   * of worker threads, for CPU-bound work that would otherwise stall every other call: the thread imports `module`,
   * finds the tool of this name there and calls that tool's `execute`. The input is checked on the main thread.
   * @default "inline"
   */
  runIn?: "inline" | "thread";
  /**
   * The ES module a thread loads the tool from: a `file:` URL (`new URL("./hash.js", import.meta.url)`, or
   * `import.meta.url` when the tool is defined in that very module) or an absolute path. Required with
   * `runIn: "thread"`. It must export the tool by the rules of `weft run --tools`: a default export that is a tool, an
   * array or an object of tools, or named exports.
   */
  module?: URL | string;
  /**
   * Move the input's ArrayBuffers (and the buffers under its typed arrays) to the thread instead of copying them: a
   * 64 MB input costs nothing to send, but is left empty (detached) on this side. Only for inputs built for this call
   * alone: not for outputs of other calls that several calls read, and not with `retry` (a second attempt would get
   * the empty buffers). Outputs of thread tools are always moved back, never copied.
   * @default false
   */
  transferInput?: boolean;
}

/** A thread tool's checked options, as the thread backend reads them. */
export interface ThreadTarget {
  /** The `file:` URL of the module that exports the tool. */
  moduleUrl: string;
  transferInput: boolean;
}

/** Marks the `execute` that `defineTool` gives a thread tool declared without one. */
export const threadDeclarationMarker = Symbol.for("weft.threadDeclaration");

/**
 * Checks a tool's thread options. Returns undefined for a tool that runs inline. Throws a TypeError naming the tool,
 * the field and the value received; a `module` file that does not exist is refused here, when the tool is defined.
 *
 * @param retryAttempts - the tool's `retry.attempts`: a retried attempt would get the buffers `transferInput` moved.
 */
export function resolveThreadTarget(
  toolName: string,
  options: ThreadOptions,
  retryAttempts = 1,
): ThreadTarget | undefined {
  const where = `Tool "${toolName}"`;
  const { runIn, module, transferInput } = options;
  if (runIn !== undefined && runIn !== "inline" && runIn !== "thread") {
    throw new TypeError(
      `${where}: expected \`runIn\` to be "inline" or "thread", got ${describeType(runIn)}`,
    );
  }
  if (runIn !== "thread") {
    for (const [field, value] of [
      ["module", module],
      ["transferInput", transferInput],
    ] as const) {
      if (value !== undefined) {
        throw new TypeError(
          `${where}: \`${field}\` is only used by tools that run in a thread; add runIn: "thread", or remove ${field}`,
        );
      }
    }
    return undefined;
  }
  if (transferInput !== undefined && typeof transferInput !== "boolean") {
    throw new TypeError(
      `${where}: expected \`transferInput\` to be a boolean, got ${describeType(transferInput)}`,
    );
  }
  if (transferInput === true && retryAttempts > 1) {
    throw new TypeError(
      `${where}: transferInput moves the input's buffers to the thread, leaving nothing for a retry to send; remove retry, or transferInput`,
    );
  }
  return { moduleUrl: moduleUrlOf(where, module), transferInput: transferInput ?? false };
}

function moduleUrlOf(where: string, module: unknown): string {
  const example = 'module: new URL("./hash.js", import.meta.url)';
  if (module === undefined) {
    throw new TypeError(
      `${where}: runIn: "thread" needs \`module\`, the ES module that exports the tool (${example})`,
    );
  }
  let url: URL;
  if (module instanceof URL) {
    url = module;
  } else if (typeof module === "string" && module.startsWith("file:")) {
    url = new URL(module);
  } else if (typeof module === "string" && isAbsolute(module)) {
    url = pathToFileURL(module);
  } else {
    const detail =
      typeof module === "string" ? `"${module}", which is relative (to what?)` : describeType(module);
    throw new TypeError(
      `${where}: expected \`module\` to be a file: URL or an absolute path (${example}), got ${detail}`,
    );
  }
  if (url.protocol !== "file:") {
    throw new TypeError(`${where}: expected \`module\` to be a file: URL, got ${url.href}`);
  }
  const path = fileURLToPath(url);
  if (!process.getBuiltinModule("node:fs").existsSync(path))
    throw new TypeError(`${where}: \`module\` names ${path}, which does not exist`);
  return url.href;
}

/**
 * The `execute` of a thread tool declared without one: its code is in `module`, and only a thread runs it. Calling it
 * directly says so rather than failing obscurely.
 */
export function threadDeclarationExecute(toolName: string, moduleUrl: string): () => never {
  const execute = (): never => {
    throw new Error(
      `Tool "${toolName}" runs in a worker thread and its code is in ${moduleUrl}: run it through an Executor`,
    );
  };
  Object.defineProperty(execute, threadDeclarationMarker, { value: true });
  return execute;
}

/** Tells whether a tool's `execute` is the placeholder of a declaration, not code that can run. */
export function isThreadDeclaration(execute: unknown): boolean {
  return (
    typeof execute === "function" &&
    (execute as unknown as Record<symbol, unknown>)[threadDeclarationMarker] === true
  );
}
