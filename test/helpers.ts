import { createServer } from "node:net";
import { expect } from "vitest";
import type { Tool, ToolContext } from "../src/index.js";

/** A promise with its resolve and reject exposed, to let a test decide when a tool finishes. */
export interface Deferred<Value> {
  promise: Promise<Value>;
  resolve(value: Value): void;
  reject(error: unknown): void;
}

export function deferred<Value = void>(): Deferred<Value> {
  let resolve!: (value: Value) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<Value>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

/** Records when each call ran and how many ran at once, overall and per tool. */
export class Recorder {
  running = 0;
  maxRunning = 0;
  readonly runningByTool = new Map<string, number>();
  readonly maxByTool = new Map<string, number>();
  readonly starts: string[] = [];
  readonly ends: string[] = [];
  readonly startOrder = new Map<string, number>();
  readonly endOrder = new Map<string, number>();
  readonly executions = new Map<string, number>();
  #tick = 0;

  start(toolName: string, callId: string): void {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const toolRunning = (this.runningByTool.get(toolName) ?? 0) + 1;
    this.runningByTool.set(toolName, toolRunning);
    this.maxByTool.set(toolName, Math.max(this.maxByTool.get(toolName) ?? 0, toolRunning));
    this.starts.push(callId);
    this.startOrder.set(callId, this.#tick++);
    this.executions.set(callId, (this.executions.get(callId) ?? 0) + 1);
  }

  end(toolName: string, callId: string): void {
    this.running--;
    this.runningByTool.set(toolName, (this.runningByTool.get(toolName) ?? 1) - 1);
    this.ends.push(callId);
    this.endOrder.set(callId, this.#tick++);
  }
}

/**
 * A tool whose calls wait for `gate(callId)` (or for `ticks` turns of the event loop when no gate is set), recording
 * every start and end.
 */
export function recordingTool(
  name: string,
  recorder: Recorder,
  options: {
    ticks?: (input: Record<string, unknown>, context: ToolContext) => number;
    gate?: (callId: string) => Promise<void> | undefined;
    output?: (input: Record<string, unknown>, context: ToolContext) => unknown;
    fail?: (input: Record<string, unknown>, context: ToolContext) => boolean;
    extra?: Partial<Tool>;
  } = {},
): Tool<Record<string, unknown>> {
  return {
    ...options.extra,
    name,
    async execute(input, context) {
      recorder.start(name, context.callId);
      try {
        const gate = options.gate?.(context.callId);
        if (gate !== undefined) await gate;
        const ticks = options.ticks?.(input, context) ?? 1;
        for (let tick = 0; tick < ticks; tick++) await new Promise((resolve) => setImmediate(resolve));
        if (options.fail?.(input, context)) throw new Error(`${context.callId} failed on purpose`);
        return options.output ? options.output(input, context) : { callId: context.callId };
      } finally {
        recorder.end(name, context.callId);
      }
    },
  };
}

/** A loopback port that nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("the server had no port");
  return address.port;
}

/** Every item of an async stream, in order. */
export async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const collected: Item[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** Turns the event loop until `condition` holds, failing the test if it never does. */
export async function waitFor(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
