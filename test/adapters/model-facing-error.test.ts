import { describe, expect, it } from "vitest";
import { expectedInput } from "../../src/adapters/expected-input.js";
import { modelFacingError } from "../../src/adapters/model-facing-error.js";
import { parseArgumentsText } from "../../src/adapters/parse-arguments.js";
import {
  CancelledError,
  DependencyFailedError,
  PlanError,
  ToolOutputError,
  ToolTimeoutError,
} from "../../src/index.js";
import { closestName } from "../../src/tool/closest-name.js";

const schema = {
  type: "object",
  properties: {
    city: { type: "string" },
    days: { type: "integer" },
    units: { enum: ["metric", "imperial"] },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["city"],
  additionalProperties: false,
};

describe("modelFacingError", () => {
  it("quotes the parser on bad JSON, shows where, and says how to send the arguments again", () => {
    const parsed = parseArgumentsText('{\n  "city": "Paris",\n  "days": 3,,\n}');
    if (parsed.isValid) throw new Error("expected the text to be refused");
    expect(modelFacingError(parsed.problem, { toolName: "forecast", inputSchema: schema })).toBe(
      'Tool "forecast" was not run: its arguments are not valid JSON (Expected double-quoted property name in JSON at position 33; line 3, column 13: … "city": "Paris",\n  "days": 3,[HERE],\n}). ' +
        "Send the arguments again as one JSON object matching the schema. " +
        'Required properties: "city" (string). Optional properties: "days" (integer), "units" (one of "metric", "imperial"), "tags" (array of string). No other properties are allowed.',
    );
  });

  it("still helps when the parser gives no position", () => {
    const parsed = parseArgumentsText("city=Paris");
    if (parsed.isValid) throw new Error("expected the text to be refused");
    const text = modelFacingError(parsed.problem, { toolName: "forecast" });
    expect(text).toMatch(/^Tool "forecast" was not run: its arguments are not valid JSON \(Unexpected token/);
    expect(text).toMatch(/Send the arguments again as one JSON object matching the schema\.$/);
  });

  it("names the tool and the kind of failure for every weft error", () => {
    const context = { toolName: "forecast" };
    const cases: [unknown, RegExp][] = [
      [
        new ToolTimeoutError({ toolName: "forecast", callId: "c", timeoutMs: 500, attempt: 1 }),
        /^Tool "forecast" did not finish within its time limit of 500 ms/,
      ],
      [
        new ToolOutputError({
          toolName: "forecast",
          callId: "c",
          reason: "too-large",
          detail: "too big",
          sizeBytes: 2000,
          limitBytes: 1000,
        }),
        /^Tool "forecast" ran, but its output was too large \(2000 bytes, the limit is 1000 bytes\)\. Ask for less/,
      ],
      [
        new CancelledError({ callId: "c", reason: "the run was cancelled" }),
        /^Tool "forecast" was cancelled before it finished \(the run was cancelled\)/,
      ],
      [
        new DependencyFailedError({ callId: "c", dependencyId: "first", dependencyStatus: "failed" }),
        /^Tool "forecast" was not run because the call it depends on \("first"\) failed\.$/,
      ],
      [
        new PlanError([{ code: "CYCLE", message: "Cycle: a → a" }]),
        /^Tool "forecast" was not run: Cycle: a → a\.$/,
      ],
      [new Error("plain"), /^Tool "forecast" failed: plain\.$/],
      [42, /^Tool "forecast" failed: threw a non-Error value: 42\.$/],
    ];
    for (const [error, expected] of cases) {
      expect(modelFacingError({ kind: "error", error }, context)).toMatch(expected);
    }
  });

  it("lists the tools for an unknown name, suggesting one only when it is close", () => {
    expect(
      modelFacingError({ kind: "unknown-tool", availableTools: ["get_weather"] }, { toolName: "GetWeather" }),
    ).toBe(
      'There is no tool named "GetWeather". Did you mean "get_weather"? Available tools: "get_weather". Call one of them by its exact name.',
    );
    expect(
      modelFacingError({ kind: "unknown-tool", availableTools: ["search"] }, { toolName: "translate" }),
    ).toBe(
      'There is no tool named "translate". Available tools: "search". Call one of them by its exact name.',
    );
    expect(modelFacingError({ kind: "unknown-tool", availableTools: [] }, { toolName: "x" })).toMatch(
      /No tools are available: answer without calling one\.$/,
    );
  });
});

describe("the helpers behind it", () => {
  it("finds the closest name within a few edits only", () => {
    expect(closestName("serach", ["search", "fetch"])).toBe("search");
    expect(closestName("fs-read", ["fs_read", "fs_write"])).toBe("fs_read");
    expect(closestName("weather", ["search", "fetch"])).toBeUndefined();
  });

  it("summarises schemas without properties, or with none of use", () => {
    expect(expectedInput(undefined)).toBe("");
    expect(expectedInput({ type: "object", additionalProperties: true })).toBe("");
    expect(expectedInput({ type: "object", properties: {} })).toBe("Expected input: an empty object {}.");
    expect(
      expectedInput({
        type: "object",
        properties: { id: { anyOf: [{ type: "string" }, { type: "integer" }] } },
      }),
    ).toBe('Optional properties: "id" (string or integer).');
  });
});
