import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Timeline } from "../../src/index.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const demo = join(repositoryRoot, "examples", "demo", "run-demo.js");
const modes = ["sequential", "parallel", "compiler"] as const;

/** A request the stand-in service answered, times in ms from the start of its mode's agent. */
interface ServiceRequest {
  path: string;
  place: string | undefined;
  nth: number;
  status: number;
  retryAfterMs?: number;
  inFlight: number;
  receivedMs: number;
  answeredMs: number;
}

interface DemoCall {
  label: string;
  tool: string;
  status: string;
  attempts: number;
  startMs: number | null;
  endMs: number | null;
}

interface DemoHappening {
  kind: "retry" | "throttle" | "wait";
  label: string;
  delayMs?: number;
  retryAfterMs?: number;
  key?: string;
}

interface DemoMode {
  mode: (typeof modes)[number];
  latencyMs: number;
  status: string;
  answer: string;
  modelTurns: number;
  toolCalls: number;
  maxConcurrency: number;
  calls: DemoCall[];
  happenings: DemoHappening[];
  requests: ServiceRequest[];
  problems: string[];
}

interface DemoDocument {
  expectedAnswer: string;
  modes: DemoMode[];
  report: { path: string; mode: string };
}

// The whole demo, once, with every latency cut to a fifth: what it prints with --json is what these tests read.
let folder: string;
let document: DemoDocument;
let exitCode: number | null;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "weft-demo-"));
  const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [demo, "--json", "--time-scale", "0.2", "--report", join(folder, "report.html")],
      { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr }),
    );
  });
  exitCode = outcome.code;
  try {
    document = JSON.parse(outcome.stdout) as DemoDocument;
  } catch {
    throw new Error(`the demo printed no JSON document:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`);
  }
}, 120_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function modeOf(mode: DemoMode["mode"]): DemoMode {
  const found = document.modes.find((candidate) => candidate.mode === mode);
  if (found === undefined) throw new Error(`the demo did not run ${mode} mode`);
  return found;
}

function callOf(run: DemoMode, label: string): DemoCall {
  const call = run.calls.find((candidate) => candidate.label === label);
  if (call === undefined) throw new Error(`${run.mode} mode made no call "${label}"`);
  return call;
}

function requestsOf(run: DemoMode, path: string, place: string): ServiceRequest[] {
  return run.requests.filter((request) => request.path === path && request.place === place);
}

describe("npm run demo", () => {
  it("answers the question right in every mode, and exits 0", () => {
    expect(exitCode).toBe(0);
    expect(document.modes.map((run) => run.mode)).toEqual([...modes]);
    for (const run of document.modes) {
      expect(run.problems).toEqual([]);
      expect(run.status).toBe("answered");
      expect(run.answer).toBe(document.expectedAnswer);
      expect(run.toolCalls).toBe(16);
      expect(run.calls.every((call) => call.status === "succeeded")).toBe(true);
    }
    expect(document.expectedAnswer).toMatch(/^Go to (Lisbon|Oslo|Rome|Vienna):/);
    // ReAct takes a turn per call; parallel function calling a turn per wave; the compiler a planner and a joiner.
    expect(document.modes.map((run) => run.modelTurns)).toEqual([17, 3, 2]);
  });

  it("overlaps the calls in parallel and compiler modes, and runs them one at a time in sequential mode", () => {
    expect(modeOf("sequential").maxConcurrency).toBe(1);
    expect(modeOf("parallel").maxConcurrency).toBeGreaterThan(1);
    expect(modeOf("compiler").maxConcurrency).toBeGreaterThan(1);
  });

  it("starts each forecast only after its city's coordinates came back", () => {
    for (const run of document.modes) {
      for (const city of ["Lisbon", "Oslo", "Rome", "Vienna"]) {
        const geocode = callOf(run, `geocode ${city}`);
        const weather = callOf(run, `weather ${city}`);
        expect(weather.startMs).toBeGreaterThanOrEqual(geocode.endMs ?? Number.POSITIVE_INFINITY);
        const [firstForecast] = requestsOf(run, "/v1/forecast", city);
        const [geocoded] = requestsOf(run, "/v1/geocode", city);
        expect(firstForecast?.receivedMs).toBeGreaterThanOrEqual(
          geocoded?.answeredMs ?? Number.POSITIVE_INFINITY,
        );
      }
    }
  });

  it("retries the geocoding the API answered 429, no sooner than its retry-after", () => {
    for (const run of document.modes) {
      const [refused, retried, ...more] = requestsOf(run, "/v1/geocode", "Oslo");
      expect(more).toEqual([]);
      expect(refused).toMatchObject({ nth: 1, status: 429 });
      expect(retried).toMatchObject({ nth: 2, status: 200 });
      const retryAfterMs = refused?.retryAfterMs ?? Number.NaN;
      expect(retryAfterMs).toBe(60);
      // Timers may fire a millisecond or two early by the clock the service reads.
      expect((retried?.receivedMs ?? 0) - (refused?.answeredMs ?? 0)).toBeGreaterThanOrEqual(
        retryAfterMs - 3,
      );
      expect(run.happenings).toContainEqual(
        expect.objectContaining({
          kind: "throttle",
          label: "geocode Oslo",
          retryAfterMs,
          key: "geocoding-api",
        }),
      );
      // Refused once, then answered; a throttle is not a failure, so no retry was spent on it.
      expect(run.happenings).not.toContainEqual(
        expect.objectContaining({ kind: "retry", label: "geocode Oslo" }),
      );
      expect(callOf(run, "geocode Oslo")).toMatchObject({ status: "succeeded", attempts: 2 });
    }
  });

  it("retries the hotel prices the API failed with a 503, by the tool's retry policy", () => {
    for (const run of document.modes) {
      const statuses = requestsOf(run, "/v1/hotels/prices", "Rome").map((request) => request.status);
      expect(statuses).toEqual([503, 200]);
      expect(run.happenings).toContainEqual(
        expect.objectContaining({ kind: "retry", label: "hotel_prices Rome" }),
      );
      expect(callOf(run, "hotel_prices Rome")).toMatchObject({ status: "succeeded", attempts: 2 });
    }
  });

  it("keeps web searches within the search API's limit of 2 at once", () => {
    for (const run of document.modes) {
      const searches = run.requests.filter((request) => request.path === "/v1/search");
      expect(searches).toHaveLength(4);
      expect(searches.every((request) => request.status === 200 && request.inFlight <= 2)).toBe(true);
    }
  });

  it("writes the HTML report of the fastest mode, model turns and tool calls on one timeline", async () => {
    const { path, mode } = document.report;
    expect(path).toBe(join(folder, "report.html"));
    const fastest = document.modes.reduce((best, run) => (run.latencyMs < best.latencyMs ? run : best));
    expect(mode).toBe(fastest.mode);
    const html = await readFile(path, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const json = /<script type="application\/json" id="weft-timeline">(.*?)<\/script>/s.exec(html)?.[1];
    const timeline = JSON.parse(json ?? "null") as Timeline;
    expect(timeline.status).toBe("succeeded");
    const ids = timeline.calls.map((call) => call.id);
    expect(ids).toEqual(
      expect.arrayContaining([`model turn 1${mode === "compiler" ? " (planner)" : ""}`, "weather Oslo"]),
    );
    expect(timeline.calls.filter((call) => call.tool !== "model (simulated)")).toHaveLength(16);
    expect(timeline.calls.find((call) => call.id === "weather Oslo")?.dependencies).toEqual(
      mode === "compiler" ? ["geocode Oslo"] : [],
    );
  });
});
