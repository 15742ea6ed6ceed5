import type { ToolAnnotations } from "../tool/annotations.js";
import { resolveTool } from "../tool/resolve-tool.js";
import { padEnd } from "./format.js";
import type { Colors } from "./reporter.js";
import type { SourcedTool } from "./tool-sources.js";

/** One tool as `weft tools --json` prints it. */
export interface ToolListing {
  name: string;
  /** `built-in`, the `--tools` module as given, or `mcp:<server>`. */
  source: string;
  description: string | null;
  idempotent: boolean;
  /** null: no timeout. */
  timeoutMs: number | null;
  /** The most calls of the tool at once; null: no limit of its own. */
  concurrency: number | "adaptive" | null;
  /** The resource locks the tool's calls take: one shape for every tool. */
  locks: ToolLocks;
  annotations: ToolAnnotations | null;
}

/**
 * The locks of a tool in `weft tools --json`. `claims` are the locks every call takes (from the tool's policy or
 * its MCP annotations); `isPerCall` says that the tool computes its locks from each call's input (a `resources`
 * function, such as the built-in fs tools' paths), so that they are known only per call and `claims` is empty.
 */
export interface ToolLocks {
  isPerCall: boolean;
  claims: { key: string; mode: string }[];
}

/** The policy weft will apply to each tool, resolved as the executor resolves it. */
export function toToolListing(sourced: SourcedTool): ToolListing {
  const { tool, policy } = resolveTool(sourced.tool);
  const isPerCall = sourced.tool.resources !== undefined;
  const claims =
    isPerCall || policy.resources === undefined
      ? []
      : policy.resources({}).map((claim) => ({ key: claim.key, mode: claim.mode }));
  const locks: ToolLocks = { isPerCall, claims };
  return {
    name: tool.name,
    source: sourced.source,
    description: tool.description ?? null,
    idempotent: policy.idempotent,
    timeoutMs: policy.timeoutMs ?? null,
    concurrency:
      policy.adaptiveConcurrency !== undefined
        ? "adaptive"
        : Number.isFinite(policy.concurrency)
          ? policy.concurrency
          : null,
    locks,
    annotations: tool.annotations ?? null,
  };
}

const columns = ["TOOL", "SOURCE", "IDEMPOTENT", "TIMEOUT", "CONCURRENCY", "LOCKS", "ANNOTATIONS"] as const;

/** The listing as an aligned table, one tool a line, with a header. */
export function formatToolTable(listings: readonly ToolListing[], colors: Colors): string {
  const rows = listings.map((listing) => [
    listing.name,
    listing.source,
    listing.idempotent ? "yes" : "no",
    listing.timeoutMs === null ? "–" : `${listing.timeoutMs}ms`,
    listing.concurrency === null ? "–" : String(listing.concurrency),
    describeLocks(listing.locks),
    describeAnnotations(listing.annotations),
  ]);
  const widths = columns.map((header, index) =>
    Math.max(header.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : padEnd(cell, widths[index] ?? 0)))
      .join("  ")
      .trimEnd();
  const header = colors.bold(line(columns));
  const count = `${listings.length} tool${listings.length === 1 ? "" : "s"}`;
  return `${header}\n${rows.map((row) => `${line(row)}\n`).join("")}${colors.dim(count)}\n`;
}

function describeLocks(locks: ToolLocks): string {
  if (locks.isPerCall) return "per call";
  if (locks.claims.length === 0) return "–";
  return locks.claims.map((lock) => `${lock.mode} ${lock.key}`).join(", ");
}

function describeAnnotations(annotations: ToolAnnotations | null): string {
  if (annotations === null) return "–";
  const hints = (["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const)
    .filter((hint) => annotations[hint] !== undefined)
    .map((hint) => `${hint.replace(/Hint$/, "")}=${String(annotations[hint])}`);
  return hints.length === 0 ? "–" : hints.join(" ");
}
