import { MessageChannel } from "node:worker_threads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectTransferables, minTransferBytes } from "../../src/backend/transferables.js";

const bytes = fc.integer({ min: 0, max: 3 * minTransferBytes });

/** A JSON-like value with buffers, typed arrays and shared memory anywhere inside. */
const valueWithBuffers = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
    bytes.map((size) => new ArrayBuffer(size)),
    fc.tuple(bytes, bytes).map(([size, offset]) => new Uint8Array(new ArrayBuffer(size + offset), offset)),
    bytes.map((size) => new SharedArrayBuffer(size)),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/**
 * What should move, by a plain recursive walk: every ArrayBuffer of the minimum size found on its own, or under a view
 * of the minimum size (a small view onto a large buffer is cheaper to copy).
 */
function expectedTransfers(value: unknown, found = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  if (value instanceof ArrayBuffer) {
    if (value.byteLength >= minTransferBytes) found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    if (value.byteLength >= minTransferBytes && value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) expectedTransfers(item, found);
  } else if (typeof value === "object" && value !== null && !(value instanceof SharedArrayBuffer)) {
    for (const item of Object.values(value)) expectedTransfers(item, found);
  }
  return found;
}

describe("collectTransferables", () => {
  it("lists each large ArrayBuffer once, never a small one nor shared memory", () => {
    fc.assert(
      fc.property(valueWithBuffers, (value) => {
        const listed = collectTransferables(value);
        expect(new Set(listed).size).toBe(listed.length);
        expect(new Set(listed)).toEqual(expectedTransfers(value));
      }),
    );
  });

  it("gives a buffer under two views once, so that posting them moves it", () => {
    const buffer = new ArrayBuffer(4 * minTransferBytes);
    const value = {
      a: new Uint8Array(buffer),
      b: [new Float64Array(buffer, 0, minTransferBytes / 8), buffer],
    };
    const listed = collectTransferables(value);
    expect(listed).toEqual([buffer]);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(value, listed);
    expect(buffer.byteLength).toBe(0);
    port1.close();
    port2.close();
  });

  it("leaves Node's pooled Buffers and the insides of class instances alone", () => {
    class Holder {
      readonly data = new ArrayBuffer(4 * minTransferBytes);
    }
    expect(
      collectTransferables({ small: Buffer.from("pooled"), holder: new Holder(), map: new Map() }),
    ).toEqual([]);
  });
});
