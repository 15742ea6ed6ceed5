import { describe, expect, it } from "vitest";
import { Executor, ToolOutputError, WeftError } from "../../src/index.js";

describe("tool errors and outputs", () => {
  const circular: Record<string, unknown> = { name: "loop" };
  circular.self = circular;
  const executor = new Executor({
    maxOutputBytes: 1024,
    tools: [
      {
        name: "throwsString",
        execute: () => {
          throw "plain string";
        },
      },
      {
        name: "throwsObject",
        execute: () => {
          throw { status: 503 };
        },
      },
      { name: "circular", execute: () => circular },
      { name: "bigint", execute: () => ({ big: 10n }) },
      { name: "huge", execute: () => ({ text: "x".repeat(5000) }) },
      { name: "hugeString", execute: () => "é".repeat(1000) },
      { name: "fine", execute: () => ({ ok: true }) },
    ],
  });

  it("turns each bad outcome into a clear error on that call alone", async () => {
    const result = await executor
      .run({
        calls: ["throwsString", "throwsObject", "circular", "bigint", "huge", "hugeString", "fine"].map(
          (tool) => ({
            id: tool,
            tool,
          }),
        ),
      })
      .result();
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(byId.throwsString?.error?.message).toContain('threw a string instead of an Error: "plain string"');
    expect(byId.throwsObject?.error?.message).toContain("threw a non-Error value: { status: 503 }");
    expect(byId.circular?.error?.message).toContain("circular reference");
    expect(byId.bigint?.error?.message).toContain("BigInt");
    expect(byId.huge?.error?.message).toMatch(/5\d{3} bytes as JSON, over the limit of 1024 bytes/);
    expect(byId.hugeString?.error).toMatchObject({ reason: "too-large", sizeBytes: 2000, limitBytes: 1024 });
    for (const id of ["circular", "bigint", "huge", "hugeString"]) {
      expect(ToolOutputError.isInstance(byId[id]?.error)).toBe(true);
    }
    expect(byId.fine).toMatchObject({ status: "succeeded", output: { ok: true } });
  });

  it("gives errors a stable code and a plain JSON form", async () => {
    const result = await executor.run({ calls: [{ id: "t", tool: "throwsString" }] }).result();
    const error = result.calls[0]?.error as WeftError;
    expect(WeftError.isInstance(error)).toBe(true);
    expect(error.cause).toBe("plain string");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: "TOOL_FAILED",
      toolName: "throwsString",
      callId: "t",
    });
  });

  it("recognises errors from another copy of the package by their marker", () => {
    const fromOtherCopy = Object.assign(new Error("other copy"), {
      [Symbol.for("weft.error")]: true,
      [Symbol.for("weft.error.ToolOutputError")]: true,
      code: "TOOL_OUTPUT_INVALID",
    });
    expect(fromOtherCopy instanceof ToolOutputError).toBe(false);
    expect(ToolOutputError.isInstance(fromOtherCopy)).toBe(true);
    expect(WeftError.isInstance(fromOtherCopy)).toBe(true);
    expect(ToolOutputError.isInstance(new Error("plain"))).toBe(false);
  });
});
