import { readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ShellExecOutput, shellExecTool } from "../../src/builtin/index.js";
import { Executor, ToolInputError } from "../../src/index.js";
import { runOne, useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();
const node = process.execPath;

async function exec(root: string, args: Record<string, unknown>): Promise<ShellExecOutput> {
  const call = await runOne(shellExecTool(root), args);
  if (call.status !== "succeeded") throw new Error(`shell.exec failed: ${call.error?.message}`);
  return call.output as ShellExecOutput;
}

/** Whether a process exists and is not a zombie waiting for its (new) parent to reap it. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Leaves no process behind when a test fails. */
function killLeftover(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone, as it should be.
  }
}

/** Waits until the file exists and holds a process id. */
async function readPid(path: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(path, "utf8").catch(() => "");
    if (/^\d+\n$/.test(text)) return Number(text);
    if (Date.now() > deadline) throw new Error(`no pid was written to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("shell.exec", () => {
  it("runs a program and returns its exit code and output", async () => {
    const root = await temporaryDirectory();
    const command = [node, "-e", "process.stdout.write('out ✓'); process.stderr.write('err')"];
    const output = await exec(root, { command });
    expect(output).toMatchObject({
      command,
      exitCode: 0,
      signal: null,
      stdout: "out ✓",
      stderr: "err",
      timedOut: false,
    });
    expect(output.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("returns a non-zero exit code instead of failing the call", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(shellExecTool(root), {
      command: [node, "-e", "console.error('broken'); process.exit(3)"],
    });
    expect(call.status).toBe("succeeded");
    expect(call.output).toMatchObject({ exitCode: 3, stderr: "broken\n" });
  });

  it("fails the call on a non-zero exit code with check: true, quoting the code and stderr", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(shellExecTool(root), {
      command: [node, "-e", "console.error('the reason it broke'); process.exit(3)"],
      check: true,
    });
    expect(call.status).toBe("failed");
    expect(call.error?.code).toBe("TOOL_FAILED");
    expect(call.error?.message).toContain("exited with code 3");
    expect(call.error?.message).toContain("the reason it broke");
    const passing = await runOne(shellExecTool(root), { command: [node, "-e", ""], check: true });
    expect(passing.status).toBe("succeeded");
  });

  it("writes input to the program's standard input", async () => {
    const root = await temporaryDirectory();
    const script =
      "let text = ''; process.stdin.on('data', (d) => (text += d)); process.stdin.on('end', () => process.stdout.write(text.toUpperCase()))";
    expect((await exec(root, { command: [node, "-e", script], input: "hello\nworld" })).stdout).toBe(
      "HELLO\nWORLD",
    );
    // Without input, standard input is closed at once rather than left waiting.
    expect((await exec(root, { command: [node, "-e", script] })).stdout).toBe("");
  });

  it("passes arguments as they are, with no shell to split or expand them", async () => {
    const root = await temporaryDirectory();
    const tricky = ["two words", "$HOME", "a;b", "*", "`whoami`", "'quoted'"];
    const output = await exec(root, {
      command: [node, "-e", "process.stdout.write(JSON.stringify(process.argv.slice(1)))", ...tricky],
    });
    expect(JSON.parse(output.stdout)).toEqual(tricky);
  });

  it("refuses a shell string, or an empty command, as invalid input", async () => {
    const root = await temporaryDirectory();
    const stringCall = await runOne(shellExecTool(root), { command: "ls -la" });
    expect(stringCall.status).toBe("failed");
    expect(stringCall.error?.code).toBe("TOOL_INPUT_INVALID");
    expect(ToolInputError.isInstance(stringCall.error)).toBe(true);
    expect(stringCall.error?.message).toContain("not a shell string");
    const emptyCall = await runOne(shellExecTool(root), { command: [] });
    expect(emptyCall.error?.code).toBe("TOOL_INPUT_INVALID");
  });

  it("merges env over the inherited environment", async () => {
    const root = await temporaryDirectory();
    const output = await exec(root, {
      command: [
        node,
        "-e",
        "process.stdout.write(JSON.stringify([process.env.WEFT_TEST_VALUE, process.env.PATH]))",
      ],
      env: { WEFT_TEST_VALUE: "set by the call" },
    });
    expect(JSON.parse(output.stdout)).toEqual(["set by the call", process.env.PATH]);
  });

  it("runs in the root by default, in cwd when given, and refuses a cwd outside the root", async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, "sub"));
    const command = [node, "-e", "process.stdout.write(process.cwd())"];
    expect((await exec(root, { command })).stdout).toBe(root);
    expect((await exec(root, { command, cwd: "sub" })).stdout).toBe(join(root, "sub"));
    const outside = await runOne(shellExecTool(root), { command, cwd: ".." });
    expect(outside.error?.code).toBe("PATH_OUTSIDE_ROOT");
  });

  it("stops the program at its own timeoutMs and reports it", async () => {
    const root = await temporaryDirectory();
    const command = [node, "-e", "process.stdout.write('started'); setInterval(() => {}, 1000)"];
    const output = await exec(root, { command, timeoutMs: 300 });
    expect(output).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: true, stdout: "started" });
    const checked = await runOne(shellExecTool(root), { command, timeoutMs: 300, check: true });
    expect(checked.error?.message).toContain("timed out");
  });

  it("stops the program and fails when its output exceeds maxBytes", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(shellExecTool(root), {
      command: [node, "-e", "process.stdout.write('z'.repeat(5000)); setInterval(() => {}, 1000)"],
      maxBytes: 1_000,
    });
    expect(call.status).toBe("failed");
    expect(call.error?.message).toContain("stdout");
    expect(call.error?.message).toContain("exceeded maxBytes (1000 bytes)");
  });

  it("fails clearly when the program does not exist", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(shellExecTool(root), { command: ["weft-no-such-program-anywhere"] });
    expect(call.status).toBe("failed");
    expect(call.error?.message).toContain('Cannot start "weft-no-such-program-anywhere"');
    expect(call.error?.cause).toMatchObject({ cause: { code: "ENOENT" } });
  });

  it("kills the program when the run is cancelled, and settles only once it is gone", async () => {
    const root = await temporaryDirectory();
    const pidFile = join(root, "pid");
    const executor = new Executor({ tools: [shellExecTool(root)] });
    const script = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + '\\n'); setInterval(() => {}, 1000)`;
    const run = executor.run({
      calls: [{ id: "long", tool: "shell.exec", args: { command: [node, "-e", script] } }],
    });
    const pid = await readPid(pidFile);
    try {
      expect(isAlive(pid)).toBe(true);
      run.cancel("the test cancelled it");
      const result = await run.result();
      expect(result.status).toBe("cancelled");
      expect(result.calls[0]?.status).toBe("cancelled");
      await expect.poll(() => executor.abandonedAttempts, { timeout: 10_000 }).toBe(0);
      expect(isAlive(pid)).toBe(false);
    } finally {
      killLeftover(pid);
    }
  });

  it.skipIf(process.platform === "win32")(
    "kills what the program started too, and SIGKILLs a program that ignores SIGTERM",
    async () => {
      const root = await temporaryDirectory();
      const childPidFile = join(root, "child-pid");
      const grandchildPidFile = join(root, "grandchild-pid");
      const grandchild = `process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(${JSON.stringify(grandchildPidFile)}, process.pid + '\\n'); setInterval(() => {}, 1000)`;
      const child = [
        `require('node:child_process').spawn(${JSON.stringify(node)}, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' });`,
        `require('node:fs').writeFileSync(${JSON.stringify(childPidFile)}, process.pid + '\\n');`,
        "setInterval(() => {}, 1000);",
      ].join(" ");
      const executor = new Executor({ tools: [shellExecTool(root)] });
      const run = executor.run(
        { calls: [{ id: "tree", tool: "shell.exec", args: { command: [node, "-e", child] } }] },
        { policies: { "shell.exec": { timeoutMs: 60_000 } } },
      );
      const childPid = await readPid(childPidFile);
      const grandchildPid = await readPid(grandchildPidFile);
      try {
        run.cancel();
        expect((await run.result()).calls[0]?.status).toBe("cancelled");
        // The grandchild ignores SIGTERM and holds the output pipes open: the call settles after the SIGKILL.
        await expect.poll(() => executor.abandonedAttempts, { timeout: 15_000 }).toBe(0);
        expect(isAlive(childPid)).toBe(false);
        // The orphaned grandchild is reaped by whichever process adopted it, a moment after it died.
        await expect.poll(() => isAlive(grandchildPid), { timeout: 5_000 }).toBe(false);
      } finally {
        killLeftover(childPid);
        killLeftover(grandchildPid);
      }
    },
  );

  it("is not idempotent, so weft never retries or caches it", () => {
    expect(shellExecTool().idempotent).toBeFalsy();
  });
});
