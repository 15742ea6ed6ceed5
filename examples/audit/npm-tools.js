// The audit's npm tools: the installed dependency tree (`npm ls --all --json`) and what `npm pack --dry-run --json`
// would publish. Both read local files only.

/** Counts the installed packages and lists what npm finds wrong with the tree (missing, invalid, extraneous). */
export const dependencies = {
  name: "audit.dependencies",
  description: "Summarise npm ls --all --json: installed packages, direct dependencies, problems.",
  execute({ ls }) {
    const tree = parseJson(ls.stdout);
    if (tree === undefined)
      return { isAvailable: false, reason: firstLine(ls.stderr) || "npm ls printed no JSON" };
    const installed = new Set();
    const visit = (node) => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        // Optional dependencies for other platforms appear as empty objects: not installed.
        if (child.version === undefined) continue;
        const key = `${name}@${child.version}`;
        if (installed.has(key)) continue;
        installed.add(key);
        visit(child);
      }
    };
    visit(tree);
    return {
      isAvailable: true,
      direct: Object.keys(tree.dependencies ?? {}).length,
      installed: installed.size,
      ...summariseProblems(tree.problems ?? []),
    };
  },
};

/** What the package would contain if published: file count, packed and unpacked size, largest files. */
export const packageContents = {
  name: "audit.package",
  description: "Summarise npm pack --dry-run --json: files, sizes, largest files.",
  execute({ pack, top = 5 }) {
    const [entry] = parseJson(pack.stdout) ?? [];
    if (entry === undefined) {
      return { isAvailable: false, reason: firstLine(pack.stderr) || "npm pack printed no JSON" };
    }
    return {
      isAvailable: true,
      id: entry.id,
      files: entry.files.length,
      size: entry.size,
      unpackedSize: entry.unpackedSize,
      largest: [...entry.files].sort((a, b) => b.size - a.size).slice(0, top),
    };
  },
};

/** npm's problems read "missing: name@range, required by …"; a broken tree can have hundreds. */
function summariseProblems(problems, shown = 5) {
  const byKind = {};
  for (const problem of problems) {
    const kind = /^(\w+):/.exec(problem)?.[1] ?? "other";
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return { problemCount: problems.length, problemsByKind: byKind, problems: problems.slice(0, shown) };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  return text.split("\n").find((line) => line.trim() !== "" && !line.startsWith("npm warn")) ?? "";
}
