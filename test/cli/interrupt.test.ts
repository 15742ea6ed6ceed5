import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { modelServer } from "../agent/helpers.js";
import { callById, fixture, parseJsonOutput, runWeft, temporaryFolder, writePlan } from "./helpers.js";

const longPlan = {
  calls: [
    { id: "quick", tool: "mark", args: { label: "quick" } },
    { id: "long", tool: "sleep", args: { ms: 60_000 } },
    { id: "longer", tool: "sleep", args: { ms: 120_000 }, after: ["quick"] },
    { id: "after-long", tool: "sleep", args: { ms: 1 }, after: ["long"] },
  ],
};

describe("weft run interrupted by SIGINT", () => {
  it("cancels the run, reports what finished, and exits 130", async () => {
    const plan = await writePlan(longPlan);
    let isSent = false;
    const outcome = await runWeft(["run", plan, "--tools", fixture("signal-tools.js"), "--no-estimates"], {
      onStdout: (child, stdout) => {
        if (!isSent && stdout.includes("✓ quick")) {
          isSent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(isSent).toBe(true);
    expect(outcome.code, outcome.stderr).toBe(130);
    expect(outcome.stdout).toContain("✓ quick mark");
    expect(outcome.stdout).toMatch(/- long sleep CALL_CANCELLED .*interrupted/);
    expect(outcome.stdout).toContain("Run cancelled");
    expect(outcome.stdout).toContain("1 succeeded");
    expect(outcome.stderr).toContain("Interrupted");
  });

  it("still prints the JSON document, with the cancelled calls, and exits 130", async () => {
    const plan = await writePlan(longPlan);
    let isSent = false;
    const started = Date.now();
    const outcome = await runWeft(
      ["run", plan, "--tools", fixture("signal-tools.js"), "--json", "--no-estimates"],
      {
        onStderr: (child, stderr) => {
          if (!isSent && stderr.includes("MARK quick")) {
            isSent = true;
            // The mark is written while the call runs; give its end a moment to be recorded.
            setTimeout(() => child.kill("SIGINT"), 200);
          }
        },
      },
    );
    expect(isSent).toBe(true);
    expect(outcome.code, outcome.stderr).toBe(130);
    expect(Date.now() - started).toBeLessThan(20_000);
    const document = parseJsonOutput(outcome);
    expect(document.status).toBe("cancelled");
    expect(callById(document, "quick")).toMatchObject({ status: "succeeded", output: "quick", error: null });
    for (const id of ["long", "longer"]) {
      expect(callById(document, id)).toMatchObject({
        status: "cancelled",
        error: { code: "CALL_CANCELLED" },
      });
    }
    expect(["cancelled", "skipped"]).toContain(callById(document, "after-long").status);
  });
});

describe("weft run stopped by SIGTERM", () => {
  it("is handled as SIGINT: cancels the run, reports what finished, saves the estimates, and exits 143", async () => {
    const folder = await temporaryFolder();
    const plan = await writePlan(longPlan);
    let isSent = false;
    const outcome = await runWeft(["run", plan, "--tools", fixture("signal-tools.js")], {
      cwd: folder,
      onStdout: (child, stdout) => {
        if (!isSent && stdout.includes("✓ quick")) {
          isSent = true;
          child.kill("SIGTERM");
        }
      },
    });
    expect(isSent).toBe(true);
    expect(outcome.signal).toBeNull();
    expect(outcome.code, outcome.stderr).toBe(143);
    expect(outcome.stdout).toMatch(/- long sleep CALL_CANCELLED .*terminated \(SIGTERM\)/);
    expect(outcome.stdout).toContain("Run cancelled");
    expect(outcome.stdout).toContain("1 succeeded");
    expect(outcome.stderr).toContain("Terminated (SIGTERM)");
    const estimates = JSON.parse(await readFile(join(folder, ".weft", "estimates.json"), "utf8")) as {
      tools: Record<string, { count: number }>;
    };
    expect(estimates.tools.mark?.count).toBe(1);
  });

  it("still prints the JSON document with --json", async () => {
    const plan = await writePlan(longPlan);
    let isSent = false;
    const outcome = await runWeft(
      ["run", plan, "--tools", fixture("signal-tools.js"), "--json", "--no-estimates"],
      {
        onStderr: (child, stderr) => {
          if (!isSent && stderr.includes("MARK quick")) {
            isSent = true;
            setTimeout(() => child.kill("SIGTERM"), 200);
          }
        },
      },
    );
    expect(outcome.code, outcome.stderr).toBe(143);
    const document = parseJsonOutput(outcome);
    expect(document.status).toBe("cancelled");
    expect(callById(document, "long")).toMatchObject({
      status: "cancelled",
      error: { code: "CALL_CANCELLED" },
    });
  });
});

describe("weft agent stopped by SIGTERM", () => {
  it("cancels the tool calls running and exits 143", async () => {
    const server = await modelServer([
      { text: "Waiting.", toolCalls: [{ name: "sleep", arguments: { ms: 60_000 } }] },
      { text: "Done." },
    ]);
    let isSent = false;
    const started = Date.now();
    const outcome = await runWeft(
      [
        "agent",
        "Wait",
        "--model",
        "scripted",
        "--base-url",
        server.openaiBaseURL,
        "--builtin",
        "--no-config",
      ],
      {
        env: { OPENAI_API_KEY: "test-key" },
        onStdout: (child, stdout) => {
          if (!isSent && stdout.includes("→ sleep")) {
            isSent = true;
            setTimeout(() => child.kill("SIGTERM"), 200);
          }
        },
      },
    );
    expect(isSent).toBe(true);
    expect(outcome.code, outcome.stderr).toBe(143);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
