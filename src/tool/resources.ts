import { describeThrown } from "../errors/describe-thrown.js";
import { ToolResourcesError } from "../errors/tool-resources-error.js";
import { describeType } from "./schema.js";

/** `read`: shared with other readers of the key. `write`: no other call holds the key meanwhile. */
export type ResourceMode = "read" | "write";

/**
 * One resource a call touches, as its tool declares it. Calls that read a key run together; a call that writes a key
 * runs alone with it. Keys are free-form strings: name them so that calls touching the same thing produce the same
 * key (`file:/abs/path`, `db:orders`, `repo:acme/site`).
 */
export interface ResourceClaim {
  readonly key: string;
  readonly mode: ResourceMode;
}

/**
 * The resources a call touches, worked out from its input (refs resolved, schema checked). Called once per call,
 * before it becomes ready; it must be quick and synchronous.
 *
 * @example
 * resources: (input) => [{ key: `file:${input.path}`, mode: "write" }]
 */
// biome-ignore lint/suspicious/noExplicitAny: the input's type is the tool's; a policy object holds any tool's function.
export type ResourcesOf<Input = any> = (input: Input) => readonly ResourceClaim[];

const noClaims: readonly ResourceClaim[] = Object.freeze([]);

/** Checks a tool's `resources` option when the tool is defined: a function, or nothing. */
export function checkResourcesOption(toolName: string, resources: unknown): ResourcesOf | undefined {
  if (resources === undefined || typeof resources === "function") return resources as ResourcesOf | undefined;
  throw new TypeError(
    `Tool "${toolName}": expected \`resources\` to be a function (input) => [{ key, mode }], got ${describeType(resources)}`,
  );
}

/**
 * Calls a tool's `resources` function for one call and checks what it returned. Never throws: a function that throws
 * or returns garbage gives the ToolResourcesError that fails this call alone. A key claimed twice is claimed once, in
 * write mode if either claim writes it.
 */
export function claimResources(
  toolName: string,
  callId: string,
  resources: ResourcesOf,
  input: unknown,
): readonly ResourceClaim[] | ToolResourcesError {
  const fail = (problem: string, cause?: unknown) =>
    new ToolResourcesError({ toolName, callId, problem, cause });
  let claims: unknown;
  try {
    claims = resources(input);
  } catch (error) {
    return fail(`threw: ${describeThrown(error)}`, error);
  }
  if (!Array.isArray(claims)) {
    return fail(`returned ${describeType(claims)}, expected an array of { key, mode }`);
  }
  if (claims.length === 0) return noClaims;
  const modes = new Map<string, ResourceMode>();
  for (let index = 0; index < claims.length; index++) {
    const claim: unknown = claims[index];
    if (typeof claim !== "object" || claim === null) {
      return fail(`returned ${describeType(claim)} at index ${index}, expected { key, mode }`);
    }
    const { key, mode } = claim as { key?: unknown; mode?: unknown };
    if (typeof key !== "string" || key === "") {
      return fail(`returned a key of ${describeType(key)} at index ${index}, expected a non-empty string`);
    }
    if (mode !== "read" && mode !== "write") {
      return fail(`returned mode ${describeType(mode)} for key "${key}", expected "read" or "write"`);
    }
    if (modes.get(key) !== "write") modes.set(key, mode);
  }
  const checked: ResourceClaim[] = [];
  for (const [key, mode] of modes) checked.push({ key, mode });
  return checked;
}
