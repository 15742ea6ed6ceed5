/**
 * Install size: packs weft (`npm pack`), installs the tarball into an empty project from the npm registry, and counts
 * the packages and megabytes that came with it; optional peers are not installed, zod (a peer) is. Run alone, not by
 * `npm run bench` (it needs the registry): `node bench/install-size.js [--quick]`; unless quick, it rewrites the
 * install section of bench/RESULTS.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { markdownTable } from "./markdown-table.js";
import { missedTargetsLine, partRecordLines, runPartMain } from "./part-main.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const targetPackages = 25;

function sizeOf(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

export async function runInstallSize({ log = () => {} } = {}) {
  const folder = mkdtempSync(join(os.tmpdir(), "weft-install-"));
  try {
    const packed = execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", folder, "--json"], {
      cwd: root,
      encoding: "utf8",
    });
    const [{ filename, size: tarballBytes }] = JSON.parse(packed);
    const project = join(folder, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "empty", private: true }));
    log(`installing ${filename} into an empty project…`);
    execFileSync(npm, ["install", "--no-audit", "--no-fund", join(folder, filename)], { cwd: project });
    const lock = JSON.parse(readFileSync(join(project, "node_modules", ".package-lock.json"), "utf8"));
    const packages = Object.keys(lock.packages)
      .filter((path) => path.startsWith("node_modules/"))
      .map((path) => path.replace(/^.*node_modules\//, ""))
      .sort();
    const bytes = sizeOf(join(project, "node_modules"));
    return { packages, bytes, tarballBytes };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function table(report) {
  return markdownTable(
    ["measure", "measured", "target", "verdict"],
    [
      [
        "packages in node_modules (weft included)",
        report.packages.length,
        `≤ ${targetPackages}`,
        report.packages.length <= targetPackages ? "met" : "MISSED",
      ],
      ["node_modules size", `${(report.bytes / 1e6).toFixed(1)} MB`, "", ""],
      ["tarball (npm pack)", `${(report.tarballBytes / 1e3).toFixed(0)} kB`, "", ""],
    ],
    { alignRight: [1] },
  );
}

export function installSection({ command, date, sourceVersion, machine, report }) {
  return [
    "## Install size",
    partRecordLines("install-size", { command, date, sourceVersion, machine }).join("\n"),
    "`npm pack`, then `npm install <tarball>` from the npm registry into an empty project, counting the packages of its `node_modules/.package-lock.json` and the bytes of `node_modules`. The optional peers (`@modelcontextprotocol/sdk`, `openai`, `@anthropic-ai/sdk`, `ai`) are not installed; zod, a peer that is not optional, is. Before this change the same install gave 111 packages and 46 MB, 98 of them brought by `@modelcontextprotocol/sdk`.",
    table(report),
    `Packages: ${report.packages.join(", ")}.`,
    missedTargetsLine([
      {
        target: `core install ≤ ${targetPackages} packages`,
        verdict: report.packages.length <= targetPackages ? "met" : "MISSED",
      },
    ]),
  ].join("\n\n");
}

async function main() {
  await runPartMain({
    name: "install-size",
    title: "install size",
    run: runInstallSize,
    summary: (report) => [`\n${table(report)}\n`, `Packages: ${report.packages.join(", ")}`],
    section: installSection,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
