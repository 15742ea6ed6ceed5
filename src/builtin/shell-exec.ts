import { defineTool } from "../tool/define-tool.js";
import type { Tool } from "../tool/types.js";
import { stringArray, stringRecord } from "./input-collection-fields.js";
import { boolean, integer, number, string } from "./input-fields.js";
import { type ObjectOutput, objectSchema } from "./input-schema.js";
import { checkRoot, resolveInsideRoot } from "./root.js";
import { type ProcessOutcome, runProcess } from "./run-process.js";

/** The most bytes of stdout, and of stderr, that `shell.exec` keeps unless the call sets `maxBytes`: 10 MiB. */
export const defaultExecMaxBytes = 10 * 1024 * 1024;

const shellExecFields = {
  command: stringArray({
    minItems: 1,
    tooFewMessage: "must name the program to run: at least one element",
    wrongTypeMessage: (value) =>
      typeof value === "string"
        ? 'must be an array of arguments, not a shell string: write ["ls", "-la"], not "ls -la" (no shell runs, so pipes, globs and $VARS are not expanded)'
        : undefined,
  }).describe('The program and its arguments, e.g. ["git", "status", "--short"]. No shell is involved.'),
  cwd: string({ minLength: 1 })
    .optional()
    .describe("The working directory, relative to the root directory. Default: the root."),
  env: stringRecord().optional().describe("Environment variables set on top of the inherited environment."),
  input: string().optional().describe("Text written to the program's standard input."),
  timeoutMs: number({ exclusiveMinimum: 0 })
    .optional()
    .describe("Stop the program after this many milliseconds; the result then has timedOut: true."),
  check: boolean()
    .default(false)
    .describe("Fail the call when the program exits with a non-zero code, is killed, or times out."),
  maxBytes: integer({ exclusiveMinimum: 0 })
    .optional()
    .describe(`Fail when stdout or stderr exceeds this many bytes. Default ${defaultExecMaxBytes}.`),
};

const shellExecInput = objectSchema(shellExecFields);

/** The input of `shell.exec`, as its schema gives it to the tool. */
export type ShellExecInput = ObjectOutput<typeof shellExecFields>;

/** The output of `shell.exec`: how the process ended and what it printed. */
export interface ShellExecOutput extends ProcessOutcome {
  command: string[];
}

/** Characters of stderr quoted in the error a failing `check: true` call throws. */
const stderrTailLength = 2_000;

/**
 * The `shell.exec` tool: runs a program with an argument array, never through a shell, in a working directory inside
 * `root`. When the call is cancelled or times out, the program (and its process group, on POSIX) receives SIGTERM,
 * then SIGKILL if it is still running two seconds later; the call settles only once it has exited.
 *
 * A non-zero exit code is returned, not thrown, unless the call sets `check: true`.
 *
 * @param root The directory the working directory is confined to. @default process.cwd() when the tool is created
 * @example
 * const executor = new Executor({ tools: [shellExecTool("/srv/project")] });
 * executor.run({ calls: [{ id: "status", tool: "shell.exec", args: { command: ["git", "status", "--short"] } }] });
 */
export function shellExecTool(root: string = process.cwd()): Tool<ShellExecInput, ShellExecOutput> {
  const absoluteRoot = checkRoot(root, "shell.exec");
  return defineTool({
    name: "shell.exec",
    description:
      'Run a program with arguments, e.g. command: ["npm", "test"], and return { exitCode, signal, stdout, stderr, durationMs, timedOut }. No shell is used: pipes, redirections, globs and $VARS are not interpreted (run ["sh", "-c", "..."] explicitly if you need one). A non-zero exit code is returned, not an error, unless check is true. The working directory is the project root unless cwd names a directory inside it.',
    input: shellExecInput,
    async execute(input, context) {
      const workingDirectory = await resolveInsideRoot(absoluteRoot, input.cwd ?? ".");
      const outcome = await runProcess({
        command: input.command,
        cwd: workingDirectory.absolutePath,
        env: input.env === undefined ? process.env : { ...process.env, ...input.env },
        input: input.input,
        timeoutMs: input.timeoutMs,
        maxBytes: input.maxBytes ?? defaultExecMaxBytes,
        signal: context.signal,
      });
      const output: ShellExecOutput = { command: input.command, ...outcome };
      if (input.check && (outcome.exitCode !== 0 || outcome.timedOut)) throw checkFailure(output);
      return output;
    },
  });
}

function checkFailure(output: ShellExecOutput): Error {
  const how = output.timedOut
    ? "timed out"
    : output.exitCode === null
      ? `was killed by ${output.signal}`
      : `exited with code ${output.exitCode}`;
  const stderr = output.stderr.trimEnd();
  const tail = stderr.length > stderrTailLength ? `…${stderr.slice(-stderrTailLength)}` : stderr;
  return Object.assign(
    new Error(
      `Command ${JSON.stringify(output.command)} ${how}${tail === "" ? " (no stderr)" : `; stderr:\n${tail}`}`,
    ),
    { exitCode: output.exitCode, signal: output.signal },
  );
}
