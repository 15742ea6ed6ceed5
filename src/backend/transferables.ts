/**
 * Buffers smaller than this are copied: copying them costs next to nothing, and Node's pooled Buffers (under 4 KiB,
 * sharing one 8 KiB slab that must not move) stay below it.
 */
export const minTransferBytes = 16 * 1024;

/** How many values one search looks at, so that a huge array of numbers costs a bounded walk. */
const maxVisited = 100_000;

/**
 * Node 21+ tells which buffers must not move; Node 20 silently copies them when they are listed. Looked up at the first
 * transfer, so that `import "weft"` does not load node:worker_threads.
 */
function isMarkedAsUntransferable(buffer: ArrayBuffer): boolean {
  const workerThreads = process.getBuiltinModule("node:worker_threads") as {
    isMarkedAsUntransferable?: (value: object) => boolean;
  };
  return workerThreads.isMarkedAsUntransferable?.(buffer) ?? false;
}

/**
 * The ArrayBuffers of a value worth moving to another thread rather than copying: the value itself, the buffers under
 * its typed arrays, DataViews and Buffers, and those found in its arrays and plain objects. Each buffer appears once
 * (a transfer list may not repeat one). SharedArrayBuffers are shared already and never listed.
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  let visited = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && visited < maxVisited) {
    const item = stack.pop();
    visited++;
    if (typeof item !== "object" || item === null) continue;
    if (ArrayBuffer.isView(item)) {
      if (item.byteLength >= minTransferBytes) addBuffer(found, item.buffer);
    } else if (isArrayBuffer(item)) {
      addBuffer(found, item);
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) stack.push(item[index]);
    } else if (isPlainObject(item)) {
      for (const key in item) stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return [...found];
}

function addBuffer(found: Set<ArrayBuffer>, buffer: ArrayBufferLike): void {
  if (!isArrayBuffer(buffer) || buffer.byteLength < minTransferBytes) return;
  if (isMarkedAsUntransferable(buffer)) return;
  found.add(buffer);
}

/** True for an ArrayBuffer of any realm, false for a SharedArrayBuffer. */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
