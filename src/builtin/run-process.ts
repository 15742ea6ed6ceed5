export interface ProcessOptions {
  /** The program and its arguments; at least one element. */
  command: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed. */
  input: string | undefined;
  timeoutMs: number | undefined;
  /** The most bytes kept of stdout, and of stderr; more stops the program and fails. */
  maxBytes: number;
  /** Aborting it stops the program; the promise then rejects with the signal's reason once the program is gone. */
  signal: AbortSignal;
  /**
   * How long a stopped program has between SIGTERM and SIGKILL.
   * @default 2_000
   */
  killGraceMs?: number;
}

/** How a program ended. */
export interface ProcessOutcome {
  /** null when the program was ended by a signal. */
  exitCode: number | null;
  /** The signal that ended the program, such as "SIGTERM"; null when it exited by itself. */
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The program ran past its `timeoutMs` and was stopped. */
  timedOut: boolean;
}

type StopReason = { kind: "aborted" } | { kind: "timeout" } | { kind: "overflow"; error: Error };

const usesProcessGroups = process.platform !== "win32";

/**
 * Runs a program without a shell and waits until it has exited and closed its output. On POSIX the program leads its
 * own process group, so that stopping it also stops what it started. The promise settles only after the process is
 * gone: a cancelled call never leaves a program running unnoticed.
 */
export function runProcess(options: ProcessOptions): Promise<ProcessOutcome> {
  options.signal.throwIfAborted();
  const [program, ...args] = options.command;
  if (program === undefined) throw new TypeError("Expected `command` to name a program");
  const killGraceMs = options.killGraceMs ?? 2_000;
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    // node:child_process (and node:net with it) loads with the first process run: see src/runtime/lazy-require.ts.
    const child = process.getBuiltinModule("node:child_process").spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: usesProcessGroups,
      windowsHide: true,
    });
    const stdout = new CappedOutput();
    const stderr = new CappedOutput();
    let stopReason: StopReason | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let isSettled = false;

    const sendSignal = (signalName: NodeJS.Signals): void => {
      try {
        if (usesProcessGroups && child.pid !== undefined) process.kill(-child.pid, signalName);
        else child.kill(signalName);
      } catch {
        // The process (group) has already exited.
      }
    };
    const stop = (reason: StopReason): void => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      sendSignal("SIGTERM");
      killTimer = setTimeout(() => sendSignal("SIGKILL"), killGraceMs);
    };
    const onAbort = (): void => stop({ kind: "aborted" });
    const cleanUp = (): void => {
      isSettled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      options.signal.removeEventListener("abort", onAbort);
    };

    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => stop({ kind: "timeout" }), options.timeoutMs);
    }
    const capture = (output: CappedOutput, streamName: string) => (chunk: Buffer) => {
      if (output.push(chunk, options.maxBytes)) return;
      stop({
        kind: "overflow",
        error: new Error(
          `The ${streamName} of ${JSON.stringify(options.command)} exceeded maxBytes (${options.maxBytes} bytes), so the program was stopped; pass a larger maxBytes, or make it print less`,
        ),
      });
    };
    child.stdout.on("data", capture(stdout, "stdout"));
    child.stderr.on("data", capture(stderr, "stderr"));
    // A program that exits without reading its input closes the pipe (EPIPE); its exit status tells the story.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);

    child.on("error", (error: NodeJS.ErrnoException) => {
      if (isSettled || child.pid !== undefined) return;
      cleanUp();
      const hint = error.code === "ENOENT" ? ` (is "${program}" installed and on the PATH?)` : "";
      reject(new Error(`Cannot start ${JSON.stringify(program)}: ${error.message}${hint}`, { cause: error }));
    });
    child.on("close", (exitCode, signalName) => {
      if (isSettled) return;
      cleanUp();
      if (options.signal.aborted) {
        reject(options.signal.reason);
        return;
      }
      if (stopReason?.kind === "overflow") {
        reject(stopReason.error);
        return;
      }
      resolve({
        exitCode,
        signal: signalName,
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Math.round(performance.now() - startedAt),
        timedOut: stopReason?.kind === "timeout",
      });
    });
  });
}

/** Collects a stream's bytes up to a limit; decoding waits for the end so a character split across chunks survives. */
class CappedOutput {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;

  /** Keeps the chunk and tells whether the total is still within `maxBytes`. */
  push(chunk: Buffer, maxBytes: number): boolean {
    if (this.#bytes + chunk.byteLength > maxBytes) return false;
    this.#chunks.push(chunk);
    this.#bytes += chunk.byteLength;
    return true;
  }

  text(): string {
    return Buffer.concat(this.#chunks, this.#bytes).toString("utf8");
  }
}
