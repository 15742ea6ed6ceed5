/** The part of a schema issue (the SDK checks results with zod) read to describe it. */
interface SchemaIssue {
  path?: readonly PropertyKey[];
  message?: string;
  code?: string;
  /** For a value that matched none of a union's members: each member's own issues. */
  errors?: readonly (readonly SchemaIssue[])[];
}

/** Tells the SDK's result-checking error (a ZodError) from other failures, without depending on zod. */
export function schemaIssuesOf(error: unknown): readonly SchemaIssue[] | undefined {
  if (!(error instanceof Error) || (error.name !== "ZodError" && error.name !== "$ZodError"))
    return undefined;
  const issues = (error as { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as SchemaIssue[]) : undefined;
}

/**
 * One line per wrong field, as `<path>: <message>`. A value that matched no member of a union is described by the
 * member it came closest to (fewest issues): a text block without its text reads `content.0.text: expected string…`.
 */
export function describeIssues(
  issues: readonly SchemaIssue[],
  prefix: readonly PropertyKey[] = [],
  limit = 3,
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path ?? [])];
    const closest = issue.code === "invalid_union" ? closestMember(issue.errors) : undefined;
    if (closest === undefined) {
      lines.push(
        `${path.length === 0 ? "(result)" : path.map(String).join(".")}: ${issue.message ?? "invalid"}`,
      );
    } else {
      lines.push(...describeIssues(closest, path, limit));
    }
    if (lines.length >= limit) break;
  }
  return lines.slice(0, limit);
}

function closestMember(members: SchemaIssue["errors"]): readonly SchemaIssue[] | undefined {
  if (members === undefined || members.length === 0) return undefined;
  return members.reduce((best, member) => (member.length < best.length ? member : best));
}
