import { describeReceived } from "../tool/describe-value.js";

/**
 * One way in which a value fails a field, with where inside the field it lies (an array's index, a record's key).
 */
export interface FieldIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /**
   * The value is not of the field's type, so the checks that would follow are skipped: the field's constraints and
   * the object's rules, as zod skips its refinements after a type error.
   */
  readonly isFatal: boolean;
}

/** A field's checked and converted value, or what is wrong with it. */
export interface FieldResult<Value> {
  readonly value: Value;
  readonly issues: readonly FieldIssue[];
}

/** What a kind of field supplies: the JSON Schema of its type and constraints, and how it checks a value. */
export interface FieldKind<Value> {
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** Checks a value (`undefined` when the field is missing) and converts it; called only when nothing replaces it. */
  parse(value: unknown): FieldResult<Value>;
}

type Presence = { kind: "required" } | { kind: "optional" } | { kind: "default"; value: unknown };

/**
 * A field of an input object: a kind (string, integer…), whether it may be missing, and a description. Each method
 * returns a new field, so a field can be shared and refined without changing it.
 *
 * `Input` is the type a caller may pass, `Output` the type the tool receives: a default makes the field optional in
 * the one and always present in the other.
 */
export class InputField<Input, Output> {
  /** Types only, for inference: there is no such property at run time. */
  declare readonly "~types": { readonly input: Input; readonly output: Output };
  readonly #kind: FieldKind<unknown>;
  readonly #presence: Presence;
  readonly #description: string | undefined;

  constructor(kind: FieldKind<Output>, presence: Presence = { kind: "required" }, description?: string) {
    this.#kind = kind;
    this.#presence = presence;
    this.#description = description;
  }

  /** The field may be missing (or `undefined`); the tool then receives `undefined`. */
  optional(): InputField<Input | undefined, Output | undefined> {
    return new InputField<Input | undefined, Output | undefined>(
      this.#kind as FieldKind<Output | undefined>,
      { kind: "optional" },
      this.#description,
    );
  }

  /**
   * The field may be missing (or `undefined`); the tool then receives `value`, unchecked, an array or object being
   * copied for each call so that no call sees another's changes.
   */
  default(value: Exclude<Output, undefined>): InputField<Input | undefined, Exclude<Output, undefined>> {
    return new InputField<Input | undefined, Exclude<Output, undefined>>(
      this.#kind as FieldKind<Exclude<Output, undefined>>,
      { kind: "default", value },
      this.#description,
    );
  }

  /** The text a model reads to know what the field is for. */
  describe(description: string): InputField<Input, Output> {
    return new InputField<Input, Output>(this.#kind as FieldKind<Output>, this.#presence, description);
  }

  /** Whether a caller may leave the field out. */
  get isOptionalInput(): boolean {
    return this.#presence.kind !== "required";
  }

  /** Whether the tool may receive the field as `undefined`. */
  get isOptionalOutput(): boolean {
    return this.#presence.kind === "optional";
  }

  /** The field's JSON Schema, with its description and default. */
  jsonSchema(): Record<string, unknown> {
    return {
      ...(this.#presence.kind === "default" ? { default: this.#presence.value } : {}),
      ...(this.#description === undefined ? {} : { description: this.#description }),
      ...this.#kind.jsonSchema,
    };
  }

  /** Checks a value, `undefined` standing for a missing one, and gives what the tool receives. */
  run(value: unknown): FieldResult<Output> {
    if (value === undefined) {
      if (this.#presence.kind === "optional") return { value: undefined as Output, issues: [] };
      if (this.#presence.kind === "default")
        return { value: copy(this.#presence.value) as Output, issues: [] };
    }
    return this.#kind.parse(value) as FieldResult<Output>;
  }
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (typeof value === "object" && value !== null) return { ...value };
  return value;
}

/** A result with no issue. */
export function accepted<Value>(value: Value): FieldResult<Value> {
  return { value, issues: [] };
}

/** An issue for a value of the right type that breaks a constraint: the checks that follow still run. */
export function constraintIssue(message: string): FieldIssue {
  return { path: [], message, isFatal: false };
}

/** A result with one constraint issue. */
export function constraintFailed<Value>(value: Value, message: string): FieldResult<Value> {
  return { value, issues: [constraintIssue(message)] };
}

/** A result for a value of the wrong type: `message`, or "expected …, received …". */
export function wrongType<Value>(value: unknown, expected: string, message?: string): FieldResult<Value> {
  return {
    value: value as Value,
    issues: [{ path: [], message: message ?? expectedMessage(expected, value), isFatal: true }],
  };
}

/** "expected a string, received the number 3", or "is required (expected a string)" for a missing value. */
export function expectedMessage(expected: string, value: unknown): string {
  return value === undefined
    ? `is required (expected ${expected})`
    : `expected ${expected}, received ${describeReceived(value)}`;
}
