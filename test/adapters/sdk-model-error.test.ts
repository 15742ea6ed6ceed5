import { describe, expect, it } from "vitest";
import { importSdk, type SdkErrorFormat, toModelError } from "../../src/adapters/sdk-model-error.js";
import { ModelError } from "../../src/errors/index.js";

/** A format whose error bodies are `{ error: { type, message } }`, shown mid-stream as `type: message`. */
const format: SdkErrorFormat = {
  provider: "test",
  apiKeyVariable: "TEST_API_KEY",
  serverMessage(error) {
    const body = (error as { error?: { type?: unknown; message?: unknown } })?.error;
    if (body?.message === undefined || body.message === null) return undefined;
    return { message: String(body.message), summary: `${String(body.type)}: ${String(body.message)}` };
  },
};
const server = "the test API at http://127.0.0.1:1";

function sdkError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("toModelError", () => {
  it("reads a failure without a status by the server's message, else says the answer could not be read", () => {
    const midStream = toModelError(
      sdkError("stream error", { error: { type: "overloaded_error", message: "Overloaded" } }),
      format,
      server,
      undefined,
    );
    expect(midStream).toMatchObject({ provider: "test", reason: "server", status: undefined });
    expect(midStream.message).toBe(
      "The test API at http://127.0.0.1:1 failed mid-stream (overloaded_error: Overloaded)",
    );
    const unreadable = toModelError(new SyntaxError("Unexpected token"), format, server, undefined);
    expect(unreadable.message).toBe(
      "The answer from the test API at http://127.0.0.1:1 could not be read: Unexpected token",
    );
    expect(unreadable.cause).toBeInstanceOf(SyntaxError);
  });

  it("maps a status to its reason, quoting the server's message or else the error's own", () => {
    const refused = toModelError(
      sdkError("403 forbidden", { status: 403, error: { message: null } }),
      format,
      server,
      undefined,
    );
    expect(refused).toMatchObject({ reason: "unauthorized", status: 403 });
    expect(refused.message).toBe(
      "The test API at http://127.0.0.1:1 refused the API key (403: 403 forbidden): check the apiKey option or TEST_API_KEY",
    );
    const missing = toModelError(
      sdkError("404", { status: 404, error: { message: "no such model" } }),
      format,
      server,
      undefined,
    );
    expect(missing).toMatchObject({ reason: "bad-request", status: 404 });
    expect(missing.message).toContain("refused the request (404: no such model)");
  });

  it("keeps a ModelError as it is, and reports any failure once the signal aborted as aborted", () => {
    const original = new ModelError({ provider: "test", reason: "server", message: "already mapped" });
    expect(toModelError(original, format, server, undefined)).toBe(original);
    const controller = new AbortController();
    controller.abort();
    expect(toModelError(new Error("socket hang up"), format, server, controller.signal)).toMatchObject({
      reason: "aborted",
      message: "The request to the test API at http://127.0.0.1:1 was aborted",
    });
  });
});

describe("importSdk", () => {
  it("gives the module, or a MODEL_SDK_MISSING error that says how to install it", async () => {
    expect(await importSdk(async () => ({ version: 1 }), "unused")).toEqual({ version: 1 });
    const missing = new Error("Cannot find package 'sdk'");
    await expect(
      importSdk(() => Promise.reject(missing), "testModel needs the sdk package: npm install sdk"),
    ).rejects.toMatchObject({
      code: "MODEL_SDK_MISSING",
      message: "testModel needs the sdk package: npm install sdk",
      cause: missing,
    });
  });
});
