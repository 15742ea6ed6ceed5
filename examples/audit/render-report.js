// Renders the audit report as Markdown. Plain data in, text out: no weft, no file system.

/** @returns {string} the report */
export function renderReport(input, now) {
  const { scope, lines, manifests } = input;
  const out = [];
  out.push(`# Audit of ${manifests.name}@${manifests.version}`, "");
  out.push(`Generated with weft on ${now.toISOString()}.`, "");
  const capped = scope.audited < scope.candidates ? ` (the first ${scope.audited}, in path order)` : "";
  out.push(
    `${scope.candidates} source and documentation files from ${scope.source}; ${scope.audited} audited${capped}.`,
    "",
  );

  out.push("## Code", "", `${lines.files} files, ${lines.lines} lines.`, "");
  out.push("| Language | Files | Lines |", "| --- | ---: | ---: |");
  for (const row of lines.languages) out.push(`| ${row.language} | ${row.files} | ${row.lines} |`);
  out.push("", "Largest files:", "");
  for (const file of lines.largest) out.push(`- \`${file.path}\`: ${file.lines} lines`);
  out.push("");

  out.push("## Manifests", "");
  out.push(`- Found: ${manifests.present.join(", ") || "none"}`);
  out.push(`- Node: ${manifests.node}`);
  out.push(
    `- Dependencies (${manifests.dependencies.length}): ${manifests.dependencies.join(", ") || "none"}`,
  );
  out.push(
    `- Dev dependencies (${manifests.devDependencies.length}): ${manifests.devDependencies.join(", ") || "none"}`,
  );
  out.push(`- Scripts: ${manifests.scripts.join(", ") || "none"}`);
  if (manifests.strictness.length > 0) {
    const flags = manifests.strictness.map((entry) => `${entry.flag} ${entry.isOn ? "on" : "off"}`);
    out.push(`- TypeScript: ${flags.join(", ")}`);
  }
  if (manifests.present.includes("biome.json")) {
    out.push(
      `- Biome: line width ${manifests.lineWidth ?? "default"}, lint preset ${manifests.lintPreset ?? "none"}`,
    );
  }
  if (manifests.present.includes(".gitignore")) {
    out.push(`- Ignored by git: ${manifests.ignored.join(", ") || "nothing"}`);
  }
  out.push("");

  if (input.dependencies !== undefined) out.push(...renderNpm(input.dependencies, input.package));
  out.push(...renderHistory(input));
  return `${out.join("\n")}\n`;
}

function renderNpm(dependencies, contents) {
  const out = ["## Package", ""];
  if (dependencies.isAvailable) {
    out.push(
      `- Installed: ${dependencies.installed} packages, ${dependencies.direct} of them direct dependencies`,
    );
    if (dependencies.problemCount === 0) out.push("- Tree problems (npm ls): none");
    else {
      const kinds = Object.entries(dependencies.problemsByKind).map(([kind, count]) => `${count} ${kind}`);
      out.push(`- Tree problems (npm ls): ${dependencies.problemCount} (${kinds.join(", ")}), such as:`);
      for (const problem of dependencies.problems) out.push(`  - ${problem}`);
    }
  } else {
    out.push(`- Dependency tree: unknown (${dependencies.reason})`);
  }
  if (contents.isAvailable) {
    out.push(
      `- Published as ${contents.id}: ${contents.files} files, ${kilobytes(contents.size)} packed, ${kilobytes(contents.unpackedSize)} unpacked`,
    );
    out.push(
      `- Largest: ${contents.largest.map((file) => `\`${file.path}\` ${kilobytes(file.size)}`).join(", ")}`,
    );
  } else {
    out.push(`- Package contents: unknown (${contents.reason})`);
  }
  out.push("");
  return out;
}

function renderHistory({ history, fileHistory, ownership }) {
  const out = ["## History", ""];
  if (!history.isAvailable) {
    out.push(`No git history (${history.reason}): history, churn and ownership are left out.`, "");
    return out;
  }
  const plural = history.commits === 1 ? "" : "s";
  out.push(`- ${history.commits} commit${plural} over ${history.activeDays} active day(s)`);
  if (history.first !== null) out.push(`- First: ${history.first.date} ${history.first.subject}`);
  if (history.last !== null) out.push(`- Latest: ${history.last.date} ${history.last.subject}`);
  const authors = history.authors.map((author) => `${author.name} (${author.commits})`).join(", ");
  out.push(`- Authors: ${authors || "none"}`);
  if (history.uncommitted !== null) out.push(`- Uncommitted changes: ${history.uncommitted} path(s)`);
  out.push("");

  out.push("## Churn", "", "Files changed most often (renames followed):", "");
  out.push("| File | Commits | Authors | Added | Deleted |", "| --- | ---: | ---: | ---: | ---: |");
  for (const file of fileHistory.churn) {
    out.push(`| \`${file.path}\` | ${file.commits} | ${file.authors} | ${file.added} | ${file.deleted} |`);
  }
  out.push("", "## Last change", "");
  const never = fileHistory.uncommitted > 0 ? `; ${fileHistory.uncommitted} never committed` : "";
  out.push(`Last commit of each of the ${fileHistory.files} committed files audited${never}.`, "");
  out.push("| Folder | Files | Newest change | Oldest change |", "| --- | ---: | --- | --- |");
  for (const folder of fileHistory.folders) {
    out.push(`| \`${folder.folder}\` | ${folder.files} | ${folder.newest} | ${folder.oldest} |`);
  }
  out.push("", "Longest unchanged:", "");
  for (const file of fileHistory.stalest)
    out.push(`- \`${file.path}\`: ${file.lastDate} by ${file.lastAuthor}`);

  out.push("", "## Ownership", "");
  out.push(
    `${ownership.lines} lines in ${ownership.files} files blamed; ${ownership.singleAuthorFiles} files have a single author.`,
    "",
  );
  for (const author of ownership.authors)
    out.push(`- ${author.name}: ${author.lines} lines (${percent(author.share)})`);
  out.push("", "| Folder | Main author | Share |", "| --- | --- | ---: |");
  for (const folder of ownership.folders) {
    out.push(`| \`${folder.folder}\` | ${folder.mainAuthor} | ${percent(folder.share)} |`);
  }
  out.push("");
  return out;
}

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function percent(share) {
  return `${Math.round(share * 100)}%`;
}
