import { ModelError } from "../errors/model-error.js";
import { WeftError } from "../errors/weft-error.js";

/** How one provider's SDK reports failures, for `toModelError`. */
export interface SdkErrorFormat {
  /** The provider the ModelError names: `openai`, `anthropic`. */
  provider: string;
  /** The environment variable the API key comes from, named when the server refuses the key. */
  apiKeyVariable: string;
  /**
   * The server's own message in an SDK error's body, if it carries one (not undefined or null): `message` as the
   * server wrote it, and `summary` as a failure in the middle of a stream shows it.
   */
  serverMessage(error: unknown): { message: string; summary: string } | undefined;
}

/**
 * An SDK error as a ModelError: the reason from the status (or its absence), the server's own message kept.
 * `server` names who answered (`the OpenAI API at https://…`), as the messages begin with it.
 */
export function toModelError(
  error: unknown,
  format: SdkErrorFormat,
  server: string,
  signal: AbortSignal | undefined,
): ModelError {
  if (ModelError.isInstance(error)) return error;
  const fail = (reason: ModelError["reason"], message: string, status?: number): ModelError =>
    new ModelError({ provider: format.provider, reason, message, status, cause: error });
  if (signal?.aborted || isKindOf(error, "APIUserAbortError") || isKindOf(error, "AbortError")) {
    return fail("aborted", `The request to ${server} was aborted`);
  }
  const title = capitalize(server);
  const status = (error as { status?: unknown })?.status;
  const serverMessage = format.serverMessage(error);
  if (typeof status !== "number") {
    if (isKindOf(error, "APIConnectionError")) {
      return fail("unreachable", `Cannot reach ${server}: ${innermostMessage(error)}`);
    }
    return serverMessage !== undefined
      ? fail("server", `${title} failed mid-stream (${serverMessage.summary})`)
      : fail("server", `The answer from ${server} could not be read: ${innermostMessage(error)}`);
  }
  const said = `${status}: ${serverMessage?.message ?? String((error as Error).message)}`;
  if (status === 401 || status === 403) {
    return fail(
      "unauthorized",
      `${title} refused the API key (${said}): check the apiKey option or ${format.apiKeyVariable}`,
      status,
    );
  }
  if (status === 429) return fail("rate-limited", `${title} is rate-limiting requests (${said})`, status);
  if (status < 500) return fail("bad-request", `${title} refused the request (${said})`, status);
  return fail("server", `${title} failed (${said})`, status);
}

/**
 * Imports an SDK that is an optional peer dependency (a provider's, the MCP SDK), on first use. `load` is the
 * `import()` itself, so that the module keeps its type; when the package is missing, the WeftError (`code`, by default
 * MODEL_SDK_MISSING) says how to install it.
 */
export async function importSdk<Module>(
  load: () => Promise<Module>,
  missingMessage: string,
  code = "MODEL_SDK_MISSING",
): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    throw new WeftError(code, missingMessage, { cause: error });
  }
}

/** Whether `error` is an instance of a class of that name, by its prototype chain (any copy of the SDK). */
function isKindOf(error: unknown, className: string): boolean {
  if (error instanceof Error && error.name === className) return true;
  for (
    let prototype = Object.getPrototypeOf(error ?? {});
    prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    if (prototype.constructor?.name === className) return true;
  }
  return false;
}

/** The message of the deepest cause (`connect ECONNREFUSED 127.0.0.1:9` rather than `Connection error.`). */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let cause = (error as Error)?.cause; cause instanceof Error; cause = cause.cause)
    message = cause.message;
  return message;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
