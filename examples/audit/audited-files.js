// Which files the audit reads: the repository's tracked files (`git ls-files`), or, in a copy without git, a
// recursive listing that skips folders that never hold sources. Only files in a known language are kept, lock files
// and very large files are left out, and the list is capped so that the demo stays short on any repository.
import { execFile } from "node:child_process";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { languageOf } from "./languages.js";

const lockFiles = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"]);
const skippedFolders = new Set([".git", "node_modules", "dist", "build", "coverage", ".weft"]);
const maxFileBytes = 1_000_000;

/**
 * @param {string} root the repository's folder
 * @param {{ maxFiles: number }} limits
 * @returns {Promise<{ hasGit: boolean, noGitReason?: string, candidates: number, files: string[] }>} `files`, relative
 * to `root` with forward slashes, sorted; `candidates` is how many there were before the cap
 */
export async function listAuditedFiles(root, { maxFiles }) {
  const git = await findGit(root);
  const listed = git.hasGit ? await gitLsFiles(root) : await walk(root);
  const candidates = [];
  for (const path of listed.sort()) {
    if (languageOf(path) === undefined || lockFiles.has(path.split("/").at(-1))) continue;
    // `git ls-files` also names files deleted from the working tree but not yet from the index.
    const size = await stat(join(root, path)).then(
      (stats) => (stats.isFile() ? stats.size : undefined),
      () => undefined,
    );
    if (size !== undefined && size <= maxFileBytes) candidates.push(path);
  }
  return { ...git, candidates: candidates.length, files: candidates.slice(0, maxFiles) };
}

async function findGit(root) {
  try {
    const topLevel = (await run("git", ["rev-parse", "--show-toplevel"], root)).trim();
    // A copy without .git that sits inside another repository would otherwise audit that repository's history.
    if ((await realpath(topLevel)) !== (await realpath(root))) {
      return { hasGit: false, noGitReason: `${root} is not the top of a git repository` };
    }
    return { hasGit: true };
  } catch (error) {
    const reason = error.code === "ENOENT" ? "git is not installed" : "no .git folder";
    return { hasGit: false, noGitReason: reason };
  }
}

async function gitLsFiles(root) {
  return (await run("git", ["ls-files", "-z"], root)).split("\0").filter((path) => path !== "");
}

async function walk(root) {
  const files = [];
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop();
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !skippedFolders.has(entry.name)) pending.push(path);
      else if (entry.isFile()) files.push(relative(root, path).split(sep).join("/"));
    }
  }
  return files;
}

function run(program, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(program, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}
