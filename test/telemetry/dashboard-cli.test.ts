import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWeft, temporaryFolder, writePlan } from "../cli/helpers.js";
import { rawRequest } from "../raw-request.js";

const urlPattern = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/;

interface RunsAnswer {
  runs: { runId: string; status: string; counts: Record<string, number> }[];
}

/**
 * Runs `weft dashboard` with `args`; once `url` (its pattern) appears on stderr, runs `check` on that URL, then stops
 * the dashboard with SIGTERM. Gives the command's outcome and what `check` found.
 */
async function whileServing<Found>(
  args: string[],
  url: RegExp,
  check: (url: string) => Promise<Found>,
): Promise<{ outcome: Awaited<ReturnType<typeof runWeft>>; found: Found }> {
  let found: Promise<Found> | undefined;
  const outcome = await runWeft(["dashboard", ...args], {
    onStderr: (child, stderr) => {
      const served = url.exec(stderr)?.[1];
      if (served === undefined || found !== undefined) return;
      found = check(served).finally(() => child.kill("SIGTERM"));
    },
  });
  if (found === undefined) throw new Error(`the dashboard printed no URL: ${outcome.stderr}`);
  return { outcome, found: await found };
}

async function runsAt(url: string): Promise<RunsAnswer> {
  const address = new URL(url);
  const response = await fetch(`${address.origin}/api/runs${address.search}`);
  expect(response.status).toBe(200);
  return (await response.json()) as RunsAnswer;
}

describe("weft run --dashboard", () => {
  it("prints the dashboard's URL, serves the run while it goes, and closes when it ends (no terminal)", async () => {
    const plan = await writePlan({
      calls: [
        { id: "nap", tool: "sleep", args: { ms: 1500 } },
        { id: "after-nap", tool: "sleep", args: { ms: 1 }, after: ["nap"] },
      ],
    });
    let seen: Promise<RunsAnswer> | undefined;
    const outcome = await runWeft(["run", plan, "--dashboard", "--no-config", "--no-estimates", "--quiet"], {
      onStderr: (_child, stderr) => {
        const url = urlPattern.exec(stderr)?.[1];
        if (url !== undefined && seen === undefined) seen = runsAt(url);
      },
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    const url = urlPattern.exec(outcome.stderr)?.[1] as string;
    expect(url).toBeDefined();
    const answer = await (seen as Promise<RunsAnswer>);
    expect(answer.runs).toHaveLength(1);
    expect(answer.runs[0]?.status).toBe("running");
    // It stopped serving when the run ended.
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe("weft dashboard", () => {
  it("runs the plans POSTed to it, watches them, and stops on SIGTERM", async () => {
    const { outcome, found } = await whileServing(
      ["--no-config", "--concurrency", "3"],
      urlPattern,
      async (url) => {
        const address = new URL(url);
        const response = await fetch(`${address.origin}/api/runs${address.search}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ calls: [{ id: "greet", tool: "sleep", args: { ms: 1, value: "hi" } }] }),
        });
        expect(response.status).toBe(202);
        const { runId } = (await response.json()) as { runId: string };
        let runs = await runsAt(url);
        for (let tries = 0; runs.runs[0]?.status !== "succeeded" && tries < 100; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          runs = await runsAt(url);
        }
        return { runId, runs };
      },
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const { runId, runs } = found;
    expect(runs.runs).toEqual([expect.objectContaining({ runId, status: "succeeded" })]);
    expect(runs.runs[0]?.counts.succeeded).toBe(1);
  });

  it("checks Host and Origin, and runs no shell.exec unless --allow-tools names it", async () => {
    const folder = await temporaryFolder();
    const touched = join(folder, "touched");
    const plan = JSON.stringify({
      calls: [{ id: "touch", tool: "shell.exec", args: { command: ["touch", touched] } }],
    });
    const answers = (extraArgs: readonly string[]) =>
      whileServing(["--no-config", ...extraArgs], urlPattern, async (url) => {
        const address = new URL(url);
        const api = `${address.origin}/api/runs${address.search}`;
        const post = async (headers: Record<string, string>) =>
          (await rawRequest(api, { method: "POST", headers, body: plan })).status;
        const statuses = [
          await post({ host: `evil.example:${address.port}` }),
          await post({ origin: "http://evil.example" }),
          await post({ origin: "http://app.example:3000" }),
        ];
        // A started run is given the time to touch the file before the server stops.
        for (let tries = 0; statuses[2] === 202 && !existsSync(touched) && tries < 100; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return statuses;
      });
    // shell.exec is not served: the allowed origin's plan is refused as naming an unknown tool.
    const withheld = await answers(["--allow-origin", "http://app.example:3000"]);
    expect(withheld.outcome.code, withheld.outcome.stderr).toBe(0);
    expect(withheld.outcome.stderr).toMatch(/shell\.exec is not served over HTTP/);
    expect(withheld.found).toEqual([403, 403, 400]);
    expect(existsSync(touched)).toBe(false);
    const named = await answers(["--allow-origin", "http://app.example:3000", "--allow-tools", "shell.exec"]);
    expect(named.outcome.code, named.outcome.stderr).toBe(0);
    expect(named.found).toEqual([403, 403, 202]);
    expect(existsSync(touched)).toBe(true);
  });

  it("serves on --host 127.0.0.1 with the token, refusing a foreign Host, with no warning", async () => {
    const { outcome, found } = await whileServing(
      ["--no-config", "--host", "127.0.0.1"],
      urlPattern,
      async (url) => {
        const address = new URL(url);
        const api = `${address.origin}/api/runs`;
        return [
          (await rawRequest(`${api}${address.search}`)).status,
          (await rawRequest(api)).status,
          (await rawRequest(`${api}${address.search}`, { headers: { host: `evil.example:${address.port}` } }))
            .status,
        ];
      },
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(found).toEqual([200, 403, 403]);
    expect(outcome.stderr).not.toMatch(/warning/);
  });

  it("warns when --host listens beyond loopback", async () => {
    const everyInterface = /dashboard: (http:\/\/0\.0\.0\.0:\d+\/\?token=[\w-]+)\n/;
    const { outcome, found } = await whileServing(
      ["--no-config", "--host", "0.0.0.0"],
      everyInterface,
      async (url) => {
        // Every interface includes loopback, and its address is an allowed Host.
        const address = new URL(url);
        return (await rawRequest(`http://127.0.0.1:${address.port}/api/runs${address.search}`)).status;
      },
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(found).toBe(200);
    expect(outcome.stderr).toMatch(/warning: listening on 0\.0\.0\.0 \(every interface\), beyond loopback/);
  });

  it("rejects an empty --host, or one that is not of this machine, with exit code 2 naming --host", async () => {
    const empty = await runWeft(["dashboard", "--no-config", "--host", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--host: expected an address/);
    // 192.0.2.0/24 is reserved for documentation: no machine has such an address.
    const foreign = await runWeft(["dashboard", "--no-config", "--host", "192.0.2.1"]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/--host 192\.0\.2\.1: not an address of this machine/);
  });

  it("rejects a bad --port with exit code 2", async () => {
    const outcome = await runWeft(["dashboard", "--no-config", "--port", "http"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--port/);
    const origin = await runWeft(["dashboard", "--no-config", "--allow-origin", "app.example"]);
    expect(origin.code).toBe(2);
    expect(origin.stderr).toMatch(/--allow-origin/);
  });

  it("explains itself in --help", async () => {
    const outcome = await runWeft(["dashboard", "--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/127\.0\.0\.1/);
    expect(outcome.stdout).toMatch(/--host <address>/);
    expect(outcome.stdout).toMatch(/POST a plan/);
    const run = await runWeft(["run", "--help"]);
    expect(run.stdout).toMatch(/--dashboard/);
  });
});
