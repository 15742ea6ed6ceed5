// The audit's ownership tool: who wrote the lines each file has now, from `git blame --porcelain` per file.

const headerLine = /^([0-9a-f]{40}) \d+ \d+(?: \d+)?$/;

/** Lines per author over all files, the main author of each folder, and how many files have a single author. */
export const ownership = {
  name: "audit.ownership",
  description: "Summarise per-file git blame --porcelain outputs: lines per author, main author per folder.",
  execute({ files, top = 10 }) {
    const total = new Map();
    const byFolder = new Map();
    let singleAuthorFiles = 0;
    let blamed = 0;
    for (const file of files) {
      const lines = linesPerAuthor(file.blame);
      if (lines.size === 0) continue;
      blamed++;
      if (lines.size === 1) singleAuthorFiles++;
      const folder = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
      const folderTally = byFolder.get(folder) ?? new Map();
      for (const [author, count] of lines) {
        total.set(author, (total.get(author) ?? 0) + count);
        folderTally.set(author, (folderTally.get(author) ?? 0) + count);
      }
      byFolder.set(folder, folderTally);
    }
    const allLines = sum(total.values());
    return {
      files: blamed,
      singleAuthorFiles,
      lines: allLines,
      authors: ranked(total)
        .slice(0, top)
        .map(([name, lines]) => ({ name, lines, share: allLines === 0 ? 0 : lines / allLines })),
      folders: [...byFolder]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([folder, tally]) => {
          const [name, lines] = ranked(tally)[0];
          return { folder, mainAuthor: name, share: lines / sum(tally.values()) };
        }),
    };
  },
};

/** Counts the lines of one `git blame --porcelain` output per author; a commit's author is given once, first. */
function linesPerAuthor(text) {
  const authorOf = new Map();
  const lines = new Map();
  let commit = "";
  for (const line of text.split("\n")) {
    const header = headerLine.exec(line);
    if (header !== null) commit = header[1];
    else if (line.startsWith("author ") && !authorOf.has(commit)) authorOf.set(commit, line.slice(7));
    else if (line.startsWith("\t")) {
      const author = authorOf.get(commit) ?? "unknown";
      lines.set(author, (lines.get(author) ?? 0) + 1);
    }
  }
  return lines;
}

function ranked(tally) {
  return [...tally].sort(([nameA, a], [nameB, b]) => b - a || nameA.localeCompare(nameB));
}

function sum(values) {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
