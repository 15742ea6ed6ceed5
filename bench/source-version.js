import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Which weft was measured: the commit, and whether src/ had changes not yet committed when dist was built. */
export function describeSourceVersion() {
  try {
    const git = (...parts) => execFileSync("git", parts, { cwd: root, encoding: "utf8" }).trim();
    const commit = git("rev-parse", "--short", "HEAD");
    const changed = git("status", "--porcelain", "--", "src").split("\n").filter(Boolean).length;
    return changed === 0
      ? `commit ${commit}`
      : `commit ${commit} plus uncommitted changes to ${changed} files in src/`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
