import { describe, expect, it } from "vitest";
import { expectRoundedTimes } from "../json-times.js";
import { callById, parseJsonOutput, runWeft, textTools, writePlan } from "./helpers.js";

const statuses = ["succeeded", "failed", "skipped", "cancelled"];

describe("weft run --json", () => {
  it("prints one document that follows the contract", async () => {
    const plan = await writePlan({
      calls: [
        {
          id: "numbers",
          tool: "sleep",
          args: { ms: 50, value: { list: [1, 2, 3], count: 3, nested: { ok: true } } },
        },
        { id: "wait", tool: "sleep", args: { ms: 30 } },
        {
          id: "show",
          tool: "echo",
          args: {
            list: { $ref: "numbers.list" },
            count: { $ref: "numbers.count" },
            nested: { $ref: "numbers.nested" },
            first: { $ref: "numbers.list[0]" },
            sentence: "literal",
          },
          after: ["wait"],
        },
        { id: "total", tool: "math.sum", args: { numbers: { $ref: "numbers.list" } } },
      ],
    });
    const outcome = await runWeft(["run", plan, "--tools", textTools, "--json", "--no-estimates"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe("");
    const document = parseJsonOutput(outcome);

    expect(typeof document.runId).toBe("string");
    expect(document.status).toBe("succeeded");
    for (const field of ["makespanMs", "sequentialMs", "criticalPathMs"] as const) {
      expect(typeof document[field]).toBe("number");
      expect(document[field]).toBeGreaterThanOrEqual(0);
    }
    expect(document.calls.map((call) => call.id)).toEqual(["numbers", "wait", "show", "total"]);
    for (const call of document.calls) {
      expect(typeof call.id).toBe("string");
      expect(typeof call.tool).toBe("string");
      expect(statuses).toContain(call.status);
      expect(Number.isInteger(call.attempts)).toBe(true);
      for (const time of [call.queuedMs, call.startMs, call.endMs]) expect(typeof time).toBe("number");
      expect(call.queuedMs as number).toBeLessThanOrEqual(call.startMs as number);
      expect(call.startMs as number).toBeLessThanOrEqual(call.endMs as number);
      expect(call.endMs as number).toBeLessThanOrEqual(document.makespanMs + 1);
      expect(call).toHaveProperty("output");
      expect(call.error).toBeNull();
    }

    // A whole-argument $ref keeps the output's type: arrays, numbers and objects stay what they were.
    expect(callById(document, "show").output).toEqual({
      input: { list: [1, 2, 3], count: 3, nested: { ok: true }, first: 1, sentence: "literal" },
      types: { list: "array", count: "number", nested: "object", first: "number", sentence: "string" },
    });
    expect(callById(document, "total").output).toBe(6);
    expectRoundedTimes(document);
    expect(callById(document, "show").startMs as number).toBeGreaterThanOrEqual(
      callById(document, "numbers").endMs as number,
    );
  });

  it("exits 1 when a call fails, and still runs and reports the others", async () => {
    const plan = await writePlan({
      calls: [
        { id: "broken", tool: "demo.fail", args: { message: "no luck today" } },
        { id: "after-broken", tool: "sleep", args: { ms: 1 }, after: ["broken"] },
        { id: "independent", tool: "sleep", args: { ms: 100, value: "still ran" } },
        { id: "upper", tool: "text.upper", args: { text: "fine" } },
      ],
    });
    const outcome = await runWeft(["run", plan, "--tools", textTools, "--json", "--no-estimates"]);
    expect(outcome.code).toBe(1);
    const document = parseJsonOutput(outcome);
    expect(document.status).toBe("failed");
    const broken = callById(document, "broken");
    expect(broken.status).toBe("failed");
    expect(broken.error?.code).toBe("TOOL_FAILED");
    expect(broken.error?.message).toContain("no luck today");
    expect(broken.output).toBeNull();
    expect(callById(document, "after-broken")).toMatchObject({
      status: "skipped",
      attempts: 0,
      error: { code: "DEPENDENCY_FAILED" },
    });
    expect(callById(document, "independent")).toMatchObject({ status: "succeeded", output: "still ran" });
    expect(callById(document, "upper")).toMatchObject({ status: "succeeded", output: "FINE" });
  });

  it("fails only the call whose $ref path is missing, saying what was there", async () => {
    const plan = await writePlan({
      calls: [
        { id: "user", tool: "sleep", args: { ms: 1, value: { name: "Ada", languages: ["en"] } } },
        { id: "email", tool: "echo", args: { to: { $ref: "user.contact.email" } } },
        { id: "name", tool: "echo", args: { name: { $ref: "user.name" } } },
        { id: "other", tool: "sleep", args: { ms: 10 } },
      ],
    });
    const outcome = await runWeft(["run", plan, "--tools", textTools, "--json", "--no-estimates"]);
    expect(outcome.code).toBe(1);
    const document = parseJsonOutput(outcome);
    const email = callById(document, "email");
    expect(email.status).toBe("failed");
    expect(email.error?.code).toBe("REF_UNRESOLVED");
    expect(email.error?.message).toContain("user.contact.email");
    expect(email.error?.message).toContain('no field "contact"');
    expect(email.error?.message).toContain("name, languages");
    expect(callById(document, "name")).toMatchObject({ status: "succeeded" });
    expect(callById(document, "other")).toMatchObject({ status: "succeeded" });
  });
});
