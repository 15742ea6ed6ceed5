import { InvalidOptionError } from "./invalid-option-error.js";

/**
 * The checks of options that weft's constructors and methods run up front, one per kind of option, each throwing an
 * InvalidOptionError in the one message style (`<where>: <option> must be <expected>, got <value>`). `where` names
 * the API that received the option (`new Executor`), `option` the option as its caller wrote it
 * (`options.concurrency`).
 */

/** An options object: null and anything that is not an object are refused. */
export function checkOptionsObject(where: string, option: string, value: unknown): asserts value is object {
  if (typeof value !== "object" || value === null) {
    throw new InvalidOptionError({ where, option, value, expected: "an object" });
  }
}

/** A whole number of `minimum` or more; Infinity too where `isInfinityAllowed` (a limit that may be unbounded). */
export function checkWholeNumber(
  where: string,
  option: string,
  value: unknown,
  { minimum = 1, isInfinityAllowed = false }: { minimum?: number; isInfinityAllowed?: boolean } = {},
): asserts value is number {
  const isWhole =
    typeof value === "number" &&
    value >= minimum &&
    (Number.isInteger(value) || (isInfinityAllowed && value === Number.POSITIVE_INFINITY));
  if (!isWhole) {
    const expected = `a whole number of ${minimum} or more${isInfinityAllowed ? " (or Infinity)" : ""}`;
    throw new InvalidOptionError({ where, option, value, expected });
  }
}

/** A number greater than 0; Infinity too where `isInfinityAllowed`. */
export function checkPositiveNumber(
  where: string,
  option: string,
  value: unknown,
  { isInfinityAllowed = false }: { isInfinityAllowed?: boolean } = {},
): asserts value is number {
  const isPositive =
    typeof value === "number" && value > 0 && (isInfinityAllowed || value !== Number.POSITIVE_INFINITY);
  if (!isPositive) {
    const expected = isInfinityAllowed ? "a number greater than 0" : "a finite number greater than 0";
    throw new InvalidOptionError({ where, option, value, expected });
  }
}

/** A number greater than 0 and at most `maximum`: a fraction, a weight. */
export function checkNumberUpTo(
  where: string,
  option: string,
  value: unknown,
  maximum: number,
): asserts value is number {
  if (typeof value !== "number" || !(value > 0 && value <= maximum)) {
    throw new InvalidOptionError({
      where,
      option,
      value,
      expected: `a number greater than 0 and at most ${maximum}`,
    });
  }
}

/** Any finite number, negative ones included. */
export function checkFiniteNumber(where: string, option: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidOptionError({ where, option, value, expected: "a finite number" });
  }
}

/** A string with at least one character. */
export function checkNonEmptyString(where: string, option: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidOptionError({ where, option, value, expected: "a non-empty string" });
  }
}

/** One of a few strings: `"continue" or "fail-fast"`. */
export function checkChoice<Choice extends string>(
  where: string,
  option: string,
  value: unknown,
  choices: readonly Choice[],
): asserts value is Choice {
  if (!choices.includes(value as Choice)) {
    throw new InvalidOptionError({ where, option, value, expected: describeChoices(choices) });
  }
}

/** `"a"`, `"a" or "b"`, `one of "a", "b", "c"`. */
export function describeChoices(choices: readonly string[]): string {
  const quoted = choices.map((choice) => JSON.stringify(choice));
  if (quoted.length <= 2) return quoted.join(" or ");
  return `one of ${quoted.join(", ")}`;
}

/** An object with the named methods: a Clock with `now` and `schedule`, say. */
export function checkMethods(
  where: string,
  option: string,
  value: unknown,
  methods: readonly string[],
): void {
  const isValid =
    typeof value === "object" &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === "function");
  if (!isValid) {
    const expected = `an object with the methods ${methods.map((method) => `${method}()`).join(" and ")}`;
    throw new InvalidOptionError({ where, option, value, expected });
  }
}
