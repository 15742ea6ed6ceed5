import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect } from "vitest";
import type { JsonInvalidDocument } from "../../src/json-output/invalid-document.js";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
export const weftBin = join(repositoryRoot, "bin", "weft.js");
export const textTools = join(repositoryRoot, "examples", "tools", "text-tools.js");
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** What a finished `weft` process left behind. */
export interface WeftOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnWeftOptions {
  cwd?: string;
  /** Variables added to (or, when undefined, removed from) the environment. */
  env?: Record<string, string | undefined>;
  /** Called with the child and the stdout so far, on every chunk of stdout. */
  onStdout?: (child: ChildProcess, stdoutSoFar: string) => void;
  onStderr?: (child: ChildProcess, stderrSoFar: string) => void;
}

/** Runs `node bin/weft.js ...args` with pipes (so not a TTY) and colour off, and waits for it to exit. */
export function runWeft(args: readonly string[], options: SpawnWeftOptions = {}): Promise<WeftOutcome> {
  const child = spawn(process.execPath, [weftBin, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(child, stdout);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(child, stderr);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const temporaryFolders: string[] = [];

afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A fresh folder, removed after the test. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "weft-cli-"));
  temporaryFolders.push(folder);
  return folder;
}

/** Writes a plan (an object as JSON, or text as given) into a fresh folder and returns its path. */
export async function writePlan(plan: unknown, fileName = "plan.json"): Promise<string> {
  const folder = await temporaryFolder();
  const path = join(folder, fileName);
  await writeFile(path, typeof plan === "string" ? plan : JSON.stringify(plan, null, 2));
  return path;
}

/** Parses the `--json` document, failing with the raw output when stdout is not exactly one JSON document. */
export function parseJsonOutput(outcome: WeftOutcome): JsonDocument {
  try {
    return JSON.parse(outcome.stdout) as JsonDocument;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`);
  }
}

export interface JsonCall {
  id: string;
  tool: string;
  status: string;
  attempts: number;
  queuedMs: number | null;
  startMs: number | null;
  endMs: number | null;
  output: unknown;
  error: { code: string; message: string } | null;
}

export interface JsonDocument {
  runId: string;
  status: string;
  makespanMs: number;
  sequentialMs: number;
  criticalPathMs: number;
  calls: JsonCall[];
}

/** The call with this id, or a failure naming the ids there are. */
export function callById(document: JsonDocument, id: string): JsonCall {
  const call = document.calls.find((candidate) => candidate.id === id);
  if (call === undefined) throw new Error(`no call "${id}" in ${document.calls.map((c) => c.id).join(", ")}`);
  return call;
}

/**
 * Checks a `--json` command that stopped before doing its work: exit code 2, the human error on stderr (no stack
 * trace), and on stdout exactly the invalid document, each problem with a code and a message. Returns the document.
 */
export function expectInvalidDocument(outcome: WeftOutcome): JsonInvalidDocument {
  expect(outcome.code, outcome.stderr).toBe(2);
  expect(outcome.stderr).toContain("error:");
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  let document: JsonInvalidDocument;
  try {
    document = JSON.parse(outcome.stdout) as JsonInvalidDocument;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`);
  }
  expect(Object.keys(document)).toEqual(["status", "problems"]);
  expect(document.status).toBe("invalid");
  expect(document.problems.length).toBeGreaterThan(0);
  for (const problem of document.problems) {
    expect(typeof problem.code).toBe("string");
    expect(typeof problem.message).toBe("string");
  }
  return document;
}
