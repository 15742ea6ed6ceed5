import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { stringRecord } from "./input-collection-fields.js";
import { enumOf, httpUrl, integer, string } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";

/** The largest response body `http.fetch` reads unless the call sets `maxBytes`: 5 MiB. */
export const defaultFetchMaxBytes = 5 * 1024 * 1024;

const fetchFields = {
  url: httpUrl({ message: "must be an absolute http:// or https:// URL" }).describe(
    "The absolute http:// or https:// URL to request.",
  ),
  method: enumOf(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    .default("GET")
    .describe("The HTTP method."),
  headers: stringRecord().optional().describe("Request headers."),
  body: string().optional().describe("The request body, as text (serialize JSON yourself)."),
  responseType: enumOf(["text", "json"])
    .optional()
    .describe("How to read the body. Default: json when the response's content-type is JSON, else text."),
  maxBytes: integer({ exclusiveMinimum: 0 })
    .optional()
    .describe(`Fail when the response body is larger than this many bytes. Default ${defaultFetchMaxBytes}.`),
};

const fetchInput = objectSchema(fetchFields, [
  {
    isKept: (input) => input.body === undefined || (input.method !== "GET" && input.method !== "HEAD"),
    path: ["body"],
    message: "a GET or HEAD request cannot have a body; use POST, PUT or PATCH",
  },
]);

/** The input of `http.fetch`, as its schema gives it to the tool. */
export type HttpFetchInput = ObjectOutput<typeof fetchFields>;

/** The output of `http.fetch`. */
export interface HttpFetchOutput {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  statusText: string;
  /** Response headers, lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Text, or the parsed JSON value (null for an empty JSON body). */
  body: unknown;
}

/**
 * The `http.fetch` tool: one HTTP(S) request through the global `fetch`, aborted with the call's signal.
 *
 * A response with any status is returned, 404 and 500 included: only a network failure, a body over `maxBytes` or
 * JSON that does not parse fails the call. The tool is not idempotent, because a POST is not, so weft neither retries
 * nor caches it; a run that only reads can opt in: `executor.run(plan, { policies: { "http.fetch": { idempotent:
 * true, retry: 3 } } })`.
 *
 * @example
 * const executor = new Executor({ tools: [httpFetchTool()] });
 */
export function httpFetchTool(): Tool<HttpFetchInput, HttpFetchOutput> {
  return defineTool({
    name: "http.fetch",
    description:
      'Make an HTTP or HTTPS request and return { url, status, statusText, headers, body }. A non-2xx status (404, 500…) is NOT an error: the response is returned and you must check status. The body is parsed as JSON when the response is JSON (or responseType is "json"), otherwise returned as text. Bodies over maxBytes (default 5 MiB) fail.',
    input: fetchInput,
    async execute(input, context) {
      const response = await fetch(input.url, {
        method: input.method,
        headers: input.headers,
        body: input.body,
        signal: context.signal,
      });
      const bytes = await readBody(response, input.maxBytes ?? defaultFetchMaxBytes, input.url);
      const contentType = response.headers.get("content-type") ?? "";
      const responseType = input.responseType ?? (isJsonContentType(contentType) ? "json" : "text");
      const text = decode(bytes, contentType);
      return {
        url: response.url || input.url,
        status: response.status,
        statusText: response.statusText,
        headers: Object.fromEntries(response.headers.entries()),
        body: responseType === "json" ? parseJson(text, input.url) : text,
      };
    },
  });
}

async function readBody(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declaredLength = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declaredLength > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(url, `declares ${declaredLength} bytes`, maxBytes);
  }
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, `is larger than ${maxBytes} bytes`, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(url: string, what: string, maxBytes: number): Error {
  return new Error(
    `The response body from ${url} ${what}, over maxBytes (${maxBytes}); pass a larger maxBytes to read it`,
  );
}

function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** Decodes with the charset the response declares, falling back to UTF-8 for an unknown one. */
function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    // An unknown label: the constructor throws a RangeError before anything is decoded.
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function parseJson(text: string, url: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The response body from ${url} is not valid JSON (${(error as Error).message}); pass responseType: "text" to get it as text`,
      { cause: error },
    );
  }
}
