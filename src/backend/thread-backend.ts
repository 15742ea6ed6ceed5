import { availableParallelism } from "node:os";
import type { ResourceLimits } from "node:worker_threads";
import type { Piscina } from "piscina";
import { lazyRequire } from "../runtime/lazy-require.js";
import { Gate } from "../scheduler/gate.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ToolContext } from "../tool/types.js";
import type { Backend } from "./backend.js";
import { loadFailure, threadFailure } from "./thread-failure.js";
import { errorFromThread, type ThreadReply, type ThreadTask } from "./thread-messages.js";
import { collectTransferables } from "./transferables.js";
import { threadWorkerFile } from "./worker-file.js";

/** piscina is loaded when the first thread tool runs: a program without one never loads it. */
const piscina = lazyRequire<typeof import("piscina")>("piscina");

/** node:worker_threads too (process.getBuiltinModule): `import "weft"` does not load it. */
const workerThreads = () => process.getBuiltinModule("node:worker_threads");

/** The executor's pool of worker threads, for tools with `runIn: "thread"`. */
export interface ThreadPoolOptions {
  /**
   * The most threads, and so the most thread calls running at once; more wait in the scheduler, not in the pool.
   * @default os.availableParallelism()
   */
  maxThreads?: number;
  /**
   * How long an idle thread is kept for the next call before it exits. Starting a thread and loading a tool's module
   * costs tens of milliseconds.
   * @default 10_000
   */
  idleTimeoutMs?: number;
  /**
   * Limits of each thread (`maxOldGenerationSizeMb`, `maxYoungGenerationSizeMb`, `stackSizeMb`…). A call whose thread
   * goes past them fails with a ToolThreadError (`reason: "out-of-memory"`), and the pool starts a new thread.
   * @example { maxOldGenerationSizeMb: 512 }
   */
  resourceLimits?: ResourceLimits;
}

/** A call sent to the pool and not yet answered. */
interface PendingTask {
  /** Fails the call with what the pool reported. */
  fail(error: unknown, isStartFailure?: boolean): void;
}

/**
 * Runs thread tools in a pool of worker threads (piscina), started at the first call. A call that is cancelled or
 * times out terminates its thread, which the pool replaces: a busy CPU loop cannot be stopped any other way, and no
 * abandoned work keeps running. A thread that crashes, exits or runs out of memory fails only its call.
 */
export class ThreadBackend implements Backend {
  /**
   * Lets no more thread calls start than there are threads, so that a call never waits for a thread inside the pool
   * with its timeout running: it waits in the scheduler, as `threads`.
   */
  readonly admission: Gate;
  readonly #maxThreads: number;
  readonly #idleTimeoutMs: number;
  readonly #resourceLimits: ResourceLimits | undefined;
  #pool: Piscina | undefined;
  readonly #pending = new Set<PendingTask>();

  constructor(options: ThreadPoolOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Expected \`threads\` to be an object, got ${options === null ? "null" : typeof options}`,
      );
    }
    this.#maxThreads = options.maxThreads ?? availableParallelism();
    checkCount("threads.maxThreads", this.#maxThreads, 1);
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    if (typeof this.#idleTimeoutMs !== "number" || !(this.#idleTimeoutMs >= 0)) {
      throw new RangeError(
        `Expected \`threads.idleTimeoutMs\` to be a number ≥ 0, got ${JSON.stringify(this.#idleTimeoutMs)}`,
      );
    }
    if (
      options.resourceLimits !== undefined &&
      (typeof options.resourceLimits !== "object" || options.resourceLimits === null)
    ) {
      throw new TypeError(
        `Expected \`threads.resourceLimits\` to be an object, got ${JSON.stringify(options.resourceLimits)}`,
      );
    }
    this.#resourceLimits = options.resourceLimits;
    this.admission = new Gate("threads", this.#maxThreads, "pool:threads");
  }

  /** The most threads the pool runs at once. */
  get maxThreads(): number {
    return this.#maxThreads;
  }

  /** Threads alive now: starting, busy or idle. */
  get threadCount(): number {
    return this.#pool?.threads.length ?? 0;
  }

  execute(tool: ResolvedTool, input: unknown, context: ToolContext): Promise<unknown> {
    const target = tool.thread;
    if (target === undefined) {
      return Promise.reject(
        new TypeError(`Tool "${tool.name}" does not run in a thread (runIn is not "thread")`),
      );
    }
    const pool = this.#pool ?? this.#startPool();
    const { MessageChannel, receiveMessageOnPort } = workerThreads();
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (data: unknown) => context.progress(data));
    const task: ThreadTask = {
      moduleUrl: target.moduleUrl,
      toolName: tool.name,
      input,
      callId: context.callId,
      runId: context.runId,
      attempt: context.attempt,
      progressPort: port2,
    };
    const transferList = target.transferInput ? [port2, ...collectTransferables(input)] : [port2];
    return new Promise((resolve, reject) => {
      let isSettled = false;
      const settle = (): boolean => {
        if (isSettled) return false;
        isSettled = true;
        this.#pending.delete(pending);
        // Progress posted before the reply is already queued on the port: deliver it before the call ends.
        for (
          let message = receiveMessageOnPort(port1);
          message !== undefined;
          message = receiveMessageOnPort(port1)
        ) {
          context.progress(message.message);
        }
        port1.close();
        return true;
      };
      const pending: PendingTask = {
        fail: (error, isStartFailure) => {
          if (!settle()) return;
          // A cancelled call's thread was terminated on purpose: its reason, not the termination, is the outcome.
          reject(
            context.signal.aborted
              ? context.signal.reason
              : threadFailure(error, tool.name, context, this.#resourceLimits, isStartFailure),
          );
        },
      };
      this.#pending.add(pending);
      pool.run(task, { signal: context.signal, transferList }).then(
        (answer: ThreadReply) => {
          if (!settle()) return;
          if (answer.isOk) resolve(answer.output);
          else if (answer.failure === "threw") reject(errorFromThread(answer.error));
          else reject(loadFailure(tool.name, target.moduleUrl, context, errorFromThread(answer.error)));
        },
        (error: unknown) => pending.fail(error),
      );
    });
  }

  /** Stops every thread. Calls still running fail with a ToolThreadError (`reason: "closed"`); a later call starts a new pool. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }

  #startPool(): Piscina {
    const pool = new (piscina().Piscina)({
      filename: threadWorkerFile(),
      minThreads: 0,
      maxThreads: this.#maxThreads,
      idleTimeout: this.#idleTimeoutMs,
      resourceLimits: this.#resourceLimits,
    });
    pool.on("error", (error: unknown) => this.#poolFailed(pool, error));
    this.#pool = pool;
    return pool;
  }

  /**
   * Piscina reports here a thread that failed with no task to blame: an idle thread whose leftover callback threw
   * (nothing to do: the pool replaces it), or a thread that could not even start. In the second case piscina starts
   * no more threads and the queued calls would wait forever: they fail now, and the next call starts a fresh pool.
   */
  #poolFailed(pool: Piscina, error: unknown): void {
    if (pool !== this.#pool || pool.threads.length > 0 || this.#pending.size === 0) return;
    this.#pool = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const task of pending) task.fail(error, true);
    void pool.destroy();
  }
}

function checkCount(name: string, value: unknown, minimum: number): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(
      `Expected \`${name}\` to be a number, got ${JSON.stringify(value)} (${typeof value})`,
    );
  }
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`Expected \`${name}\` to be an integer ≥ ${minimum}, got ${value}`);
  }
}
