import type { ReadArgument } from "./argument-reader.js";
import type { ToolParameters } from "./tool-parameters.js";

/** The arguments as one object, or what is wrong with them, written for the planner. */
export type BoundArguments = { args: Record<string, unknown> } | { problem: string };

/**
 * Gives each positional argument the name of the parameter at its place in the schema's `properties`, then checks
 * the names: positional ones first, none twice, none unknown when the schema lists every name it takes, and every
 * required one present. Types are left to the executor, which checks the arguments against the schema itself.
 */
export function bindArguments(
  toolName: string,
  written: readonly ReadArgument[],
  tool: ToolParameters,
): BoundArguments {
  const names = tool.parameters.map((parameter) => parameter.name);
  const args: Record<string, unknown> = {};
  let positionalCount = 0;
  let hasNamed = false;
  for (const argument of written) {
    let name = argument.name;
    if (name === undefined) {
      if (hasNamed) {
        return {
          problem: `a positional argument follows a named one in ${toolName}(…): put positional ones first`,
        };
      }
      name = names[positionalCount];
      positionalCount++;
      if (name === undefined) return { problem: tooManyPositional(toolName, names, written) };
    } else {
      hasNamed = true;
      if (!tool.allowsOtherNames && !names.includes(name)) {
        return { problem: `${toolName} has no parameter "${name}"; its parameters are ${listNames(names)}` };
      }
    }
    if (Object.hasOwn(args, name)) return { problem: `${toolName} gets "${name}" twice` };
    Object.defineProperty(args, name, {
      value: argument.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const missing = tool.parameters.filter(
    (parameter) => parameter.isRequired && !Object.hasOwn(args, parameter.name),
  );
  if (missing.length > 0) {
    const missingNames = missing.map((parameter) => parameter.name);
    return {
      problem: `${toolName} needs ${listNames(missingNames)}, which ${missing.length === 1 ? "is" : "are"} missing`,
    };
  }
  return { args };
}

function tooManyPositional(
  toolName: string,
  names: readonly string[],
  written: readonly ReadArgument[],
): string {
  const given = written.filter((argument) => argument.name === undefined).length;
  if (names.length === 0) {
    return `${toolName} takes no positional arguments (got ${given}): name each one, like key=value`;
  }
  const plural = names.length === 1 ? "" : "s";
  return `${toolName} takes ${names.length} positional argument${plural} (${names.join(", ")}), got ${given}`;
}

function listNames(names: readonly string[]): string {
  if (names.length === 0) return "none";
  return names.map((name) => `"${name}"`).join(", ");
}
