import type { ResourceClaim, ResourcesOf } from "./resources.js";
import { describeType } from "./schema.js";

/**
 * Hints about what a tool does, as MCP tool definitions carry them (`tool.annotations`). weft reads three, and only
 * when the tool declares nothing more precise:
 *
 * - `readOnlyHint: true`: every call takes the tool group's key in read mode, so read-only tools of one group run
 *   together.
 * - `destructiveHint: true` (and not read-only): every call takes the group's key in write mode, so it runs alone
 *   with the group: no other destructive call and no read-only call of the group overlaps it.
 * - `idempotentHint: true`: the tool is `idempotent` unless it says otherwise.
 *
 * A hint left out means nothing here (MCP's own defaults, which assume an unannotated tool destructive, are not
 * applied): a tool without hints runs as freely as a tool without annotations. The group is the tool name up to its
 * first dot (`github.create_issue` → `github`; a name without a dot is its own group), and its key is
 * `tool-group:<group>`. A tool's own `resources` replaces all of this.
 *
 * @example
 * // An MCP server's tools, as an adapter would bring them in: queries run together, a drop runs alone.
 * const query = { name: "db.query", annotations: { readOnlyHint: true }, execute: runQuery };
 * const drop = { name: "db.drop_table", annotations: { destructiveHint: true, idempotentHint: true }, execute: dropTable };
 */
export interface ToolAnnotations {
  /** A human-readable title (MCP); weft does not read it. */
  title?: string;
  /** The tool does not change its environment. */
  readOnlyHint?: boolean;
  /** The tool may destroy or overwrite what is there (meaningful when it is not read-only). */
  destructiveHint?: boolean;
  /** Calling it again with the same arguments has no further effect. */
  idempotentHint?: boolean;
  /** The tool reaches an open world, such as the web (MCP); weft does not read it. */
  openWorldHint?: boolean;
}

const hints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

/** Checks a tool's `annotations` when it is defined: an object whose hints are booleans. */
export function checkAnnotations(toolName: string, annotations: unknown): ToolAnnotations | undefined {
  if (annotations === undefined) return undefined;
  if (typeof annotations !== "object" || annotations === null || Array.isArray(annotations)) {
    throw new TypeError(
      `Tool "${toolName}": expected \`annotations\` to be an object, got ${describeType(annotations)}`,
    );
  }
  for (const hint of hints) {
    const value = (annotations as Record<string, unknown>)[hint];
    if (value !== undefined && typeof value !== "boolean") {
      throw new TypeError(
        `Tool "${toolName}": expected \`annotations.${hint}\` to be a boolean, got ${describeType(value)}`,
      );
    }
  }
  return annotations as ToolAnnotations;
}

/**
 * The group key a tool's hints lock: `tool-group:` and the tool name up to its first dot.
 * @example toolGroupKey("github.create_issue") // "tool-group:github"
 */
export function toolGroupKey(toolName: string): string {
  const dot = toolName.indexOf(".");
  return `tool-group:${dot > 0 ? toolName.slice(0, dot) : toolName}`;
}

/** The resources a tool's hints imply, or undefined when they imply none. */
export function resourcesFromAnnotations(
  toolName: string,
  annotations: ToolAnnotations | undefined,
): ResourcesOf | undefined {
  if (annotations === undefined) return undefined;
  let mode: ResourceClaim["mode"] | undefined;
  if (annotations.readOnlyHint === true) mode = "read";
  else if (annotations.destructiveHint === true) mode = "write";
  if (mode === undefined) return undefined;
  const claims: readonly ResourceClaim[] = Object.freeze([{ key: toolGroupKey(toolName), mode }]);
  return () => claims;
}
