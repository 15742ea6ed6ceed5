// Builds the audit plan. Per file: an fs.read (lines per language) and, with git, its history (`git log --follow
// --numstat`: when it last changed, by whom, how often) and a `git blame` (who wrote the lines it has now). Per
// repository: the git history, authors and status, and with npm the dependency tree and the package's contents.
// All of these are independent, so weft starts them at once, up to its concurrency limit; custom tools (tools.js)
// then aggregate them through refs, and the report waits for the aggregates.

/** How many commits the history summary reads, so that a long history stays quick. */
export const historyDepth = 1000;
/** A `git blame` or `git log --follow` that takes longer than this on a huge history is stopped and reported. */
const perFileTimeoutMs = 15_000;
/** npm may look for a newer npm on the network; the audit stays offline. */
const npmEnvironment = {
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

/**
 * @param {object} scope
 * @param {string[]} scope.files the files to audit, relative to the repository's root
 * @param {number} scope.candidates how many files could have been audited before the cap
 * @param {string[]} scope.manifests which of package.json, tsconfig.json, biome.json and .gitignore exist
 * @param {boolean} scope.hasGit whether to ask git for history
 * @param {string} [scope.noGitReason] why there is no git, for the report
 * @param {boolean} scope.hasNpm whether to ask npm about the package (package.json exists and npm runs)
 * @param {string} scope.reportPath where fs.write saves the report
 * @returns {{ calls: object[] }} a plan for `weft run`
 */
export function buildAuditPlan({ files, candidates, manifests, hasGit, noGitReason, hasNpm, reportPath }) {
  const calls = [];
  const makeId = idMaker();
  const readIds = new Map();
  const histories = [];
  const blames = [];

  for (const path of files) {
    const readId = makeId("read", path);
    readIds.set(path, readId);
    calls.push({ id: readId, tool: "fs.read", args: { path } });
    if (!hasGit) continue;
    const logId = makeId("log", path);
    const blameId = makeId("blame", path);
    const log = ["git", "log", "--follow", "--numstat", "--format=@%cs%x09%an", "--", path];
    calls.push(
      { id: logId, tool: "shell.exec", args: { command: log, timeoutMs: perFileTimeoutMs } },
      {
        id: blameId,
        tool: "shell.exec",
        args: { command: ["git", "blame", "--porcelain", "--", path], timeoutMs: perFileTimeoutMs },
      },
    );
    histories.push({ path, log: { $ref: `${logId}.stdout` } });
    blames.push({ path, blame: { $ref: `${blameId}.stdout` } });
  }

  const manifestContents = {};
  for (const path of manifests) {
    if (!readIds.has(path)) {
      readIds.set(path, makeId("read", path));
      calls.push({ id: readIds.get(path), tool: "fs.read", args: { path } });
    }
    manifestContents[path] = { $ref: `${readIds.get(path)}.content` };
  }
  const fileReads = files.map((path) => ({ $ref: readIds.get(path) }));
  calls.push(
    { id: "lines", tool: "audit.count-lines", args: { files: fileReads } },
    { id: "manifests", tool: "audit.manifests", args: { files: manifestContents } },
  );
  const reportArgs = {
    scope: { source: hasGit ? "git ls-files" : "a recursive listing", candidates, audited: files.length },
    lines: { $ref: "lines" },
    manifests: { $ref: "manifests" },
  };

  if (hasGit) {
    const log = ["git", "log", `--max-count=${historyDepth}`, "--format=%h%x09%cs%x09%an%x09%s"];
    calls.push(
      { id: "git-log", tool: "shell.exec", args: { command: log } },
      { id: "git-authors", tool: "shell.exec", args: { command: ["git", "shortlog", "-sn", "HEAD"] } },
      { id: "git-status", tool: "shell.exec", args: { command: ["git", "status", "--porcelain"] } },
      {
        id: "history",
        tool: "audit.git-history",
        args: { log: { $ref: "git-log" }, authors: { $ref: "git-authors" }, status: { $ref: "git-status" } },
      },
      { id: "file-history", tool: "audit.file-history", args: { files: histories } },
      { id: "ownership", tool: "audit.ownership", args: { files: blames } },
    );
    reportArgs.history = { $ref: "history" };
    reportArgs.fileHistory = { $ref: "file-history" };
    reportArgs.ownership = { $ref: "ownership" };
  } else {
    reportArgs.history = { isAvailable: false, reason: noGitReason ?? "no git" };
  }

  if (hasNpm) {
    const npm = (...args) => ({ command: ["npm", ...args], env: npmEnvironment });
    calls.push(
      { id: "npm-ls", tool: "shell.exec", args: npm("ls", "--all", "--json") },
      { id: "npm-pack", tool: "shell.exec", args: npm("pack", "--dry-run", "--json", "--ignore-scripts") },
      { id: "dependencies", tool: "audit.dependencies", args: { ls: { $ref: "npm-ls" } } },
      { id: "package", tool: "audit.package", args: { pack: { $ref: "npm-pack" } } },
    );
    reportArgs.dependencies = { $ref: "dependencies" };
    reportArgs.package = { $ref: "package" };
  }

  calls.push(
    { id: "report", tool: "audit.report", args: reportArgs },
    {
      id: "write-report",
      tool: "fs.write",
      args: { path: reportPath, content: { $ref: "report.markdown" } },
    },
  );
  return { calls };
}

/** Call ids that name the file (`read:src/cli/main_ts`): "." "[" "]" separate a ref's id from its path. */
function idMaker() {
  const used = new Set();
  return (prefix, path) => {
    const base = `${prefix}:${path.replace(/[.[\]]/g, "_")}`;
    let id = base;
    for (let suffix = 2; used.has(id); suffix++) id = `${base}~${suffix}`;
    used.add(id);
    return id;
  };
}
