// The audit's history tools: they turn what `git log`, `git shortlog` and `git status` print (shell.exec outputs)
// into statistics. Each tolerates a failed command, such as `git log` in a repository with no commits yet.

/** Summarises the repository's history: commits, first and latest, active days, authors, uncommitted changes. */
export const gitHistory = {
  name: "audit.git-history",
  description:
    "Summarise git log --format=%h%x09%cs%x09%an%x09%s, git shortlog -sn and git status --porcelain.",
  execute({ log, authors, status }) {
    if (log.exitCode !== 0) {
      return { isAvailable: false, reason: firstLine(log.stderr) || `git log exited with ${log.exitCode}` };
    }
    const commits = nonEmptyLines(log.stdout).map((line) => {
      const [hash, date, author, ...subject] = line.split("\t");
      return { hash, date, author, subject: subject.join("\t") };
    });
    return {
      isAvailable: true,
      commits: commits.length,
      first: commits.at(-1) ?? null,
      last: commits[0] ?? null,
      activeDays: new Set(commits.map((commit) => commit.date)).size,
      authors:
        authors.exitCode === 0
          ? nonEmptyLines(authors.stdout)
              .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
              .filter((match) => match !== null)
              .map((match) => ({ name: match[2], commits: Number(match[1]) }))
          : [],
      uncommitted: status.exitCode === 0 ? nonEmptyLines(status.stdout).length : null,
    };
  },
};

/**
 * Per file, from `git log --follow --numstat --format=@%cs%x09%an -- <file>`: when each folder last changed, which
 * files change most (churn) and which have gone longest without a change.
 */
export const fileHistory = {
  name: "audit.file-history",
  description:
    "Summarise per-file git log --follow --numstat outputs: last change per folder, churn, stalest files.",
  execute({ files, top = 10 }) {
    const committed = [];
    let uncommitted = 0;
    for (const file of files) {
      const history = parseFileLog(file.log);
      if (history.commits === 0) uncommitted++;
      else committed.push({ path: file.path, ...history });
    }
    const byFolder = new Map();
    for (const file of committed) {
      const folder = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
      const tally = byFolder.get(folder) ?? {
        folder,
        files: 0,
        newest: file.lastDate,
        oldest: file.lastDate,
      };
      tally.files++;
      if (file.lastDate > tally.newest) tally.newest = file.lastDate;
      if (file.lastDate < tally.oldest) tally.oldest = file.lastDate;
      byFolder.set(folder, tally);
    }
    const byChurn = [...committed].sort(
      (a, b) =>
        b.commits - a.commits || b.added + b.deleted - (a.added + a.deleted) || a.path.localeCompare(b.path),
    );
    const byAge = [...committed].sort(
      (a, b) => a.lastDate.localeCompare(b.lastDate) || a.path.localeCompare(b.path),
    );
    return {
      files: committed.length,
      uncommitted,
      folders: [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder)),
      churn: byChurn.slice(0, top).map(({ path, commits, added, deleted, authors }) => ({
        path,
        commits,
        added,
        deleted,
        authors,
      })),
      stalest: byAge.slice(0, top).map(({ path, lastDate, lastAuthor }) => ({ path, lastDate, lastAuthor })),
    };
  },
};

/** Reads one file's `git log --follow --numstat --format=@%cs%x09%an`, newest commit first. */
function parseFileLog(text) {
  const authors = new Set();
  let commits = 0;
  let added = 0;
  let deleted = 0;
  let lastDate = "";
  let lastAuthor = "";
  for (const line of nonEmptyLines(text)) {
    if (line.startsWith("@")) {
      const [date, author = ""] = line.slice(1).split("\t");
      if (commits === 0) [lastDate, lastAuthor] = [date, author];
      commits++;
      authors.add(author);
      continue;
    }
    // Binary files show "-" for both counts.
    const [linesAdded, linesDeleted] = line.split("\t");
    added += Number(linesAdded) || 0;
    deleted += Number(linesDeleted) || 0;
  }
  return { commits, added, deleted, authors: authors.size, lastDate, lastAuthor };
}

function nonEmptyLines(text) {
  return text.split("\n").filter((line) => line.trim() !== "");
}

function firstLine(text) {
  return nonEmptyLines(text)[0] ?? "";
}
