import { describe, expect, it } from "vitest";
import { roundMs } from "../../src/executor/round-ms.js";

describe("roundMs", () => {
  it("keeps 3 decimals", () => {
    expect(roundMs(207.41085399999997)).toBe(207.411);
    expect(roundMs(0.0004)).toBe(0);
    expect(roundMs(12)).toBe(12);
    expect(roundMs(1.2345)).toBe(1.235);
  });

  it("passes null and non-finite values through", () => {
    expect(roundMs(null)).toBeNull();
    expect(roundMs(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundMs(Number.NaN)).toBeNaN();
  });
});
