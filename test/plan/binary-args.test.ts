import { describe, expect, it } from "vitest";
import { collectRefs, resolveRefs } from "../../src/plan/refs.js";

describe("binary data in args", () => {
  it("is passed on as it is when the args also hold refs", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const buffer = new ArrayBuffer(8);
    const resolved = resolveRefs("b", { bytes, buffer, previous: { $ref: "a.value" } }, () => ({
      value: 42,
    })) as {
      bytes: unknown;
      buffer: unknown;
      previous: unknown;
    };
    expect(resolved.bytes).toBe(bytes);
    expect(resolved.buffer).toBe(buffer);
    expect(resolved.previous).toBe(42);
  });

  it("is not walked key by key when refs are collected", () => {
    // 64 MiB as a typed array: walked byte by byte, this would take seconds and gigabytes of strings.
    const huge = new Uint8Array(64 * 1024 * 1024);
    const refs = collectRefs({ huge, next: { $ref: "a" } }, () => {});
    expect(refs.map((ref) => ref.callId)).toEqual(["a"]);
  });
});
