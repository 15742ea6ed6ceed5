import { InvalidArgumentError } from "commander";

/**
 * Parses `--allow-tools` / `--deny-tools`: tool-name patterns separated by commas, added to those of earlier uses of
 * the option. In a pattern `*` stands for any run of characters (dots included) and everything else is literal:
 * `fs.*`, `*.read`, `github.*`, `sleep`.
 */
export function parseToolPatterns(value: string, previous: string[] | undefined): string[] {
  const patterns = value
    .split(",")
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
  if (patterns.length === 0) {
    throw new InvalidArgumentError(`Expected tool names or patterns such as fs.*,sleep; got "${value}".`);
  }
  const bad = patterns.find((pattern) => /\s/.test(pattern));
  if (bad !== undefined) {
    throw new InvalidArgumentError(`Expected tool names or patterns without spaces, got "${bad}".`);
  }
  return [...(previous ?? []), ...patterns];
}

/** Whether `name` matches `pattern` as a whole, `*` standing for any run of characters. */
export function matchesToolPattern(name: string, pattern: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s").test(name);
}
