import { readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * How old a temporary file may be before it is removed even though its process seems alive: process ids are reused,
 * and no save takes anywhere near this long.
 */
export const staleTemporaryFileMs = 60 * 60 * 1000;

/** The temporary file a process writes before renaming it over `path`: `<path>.<pid>.tmp`. */
export function temporaryFileOf(path: string, pid: number = process.pid): string {
  return `${path}.${pid}.tmp`;
}

/**
 * Removes the temporary files of `path` that a killed save left behind (`<path>.<pid>.tmp`): those of a process that
 * no longer runs, and any older than `staleTemporaryFileMs`. This process's own is left alone, and so is a live
 * process's recent one, which may be a save in progress. Never throws: tidying up must not fail a run.
 */
export async function removeStaleTemporaryFiles(path: string, now: number = Date.now()): Promise<void> {
  const folder = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      if (!name.startsWith(prefix) || !name.endsWith(".tmp")) return;
      const pidText = name.slice(prefix.length, -".tmp".length);
      if (!/^\d+$/.test(pidText)) return;
      const pid = Number(pidText);
      if (pid === process.pid) return;
      const file = join(folder, name);
      try {
        const isOld = now - (await stat(file)).mtimeMs > staleTemporaryFileMs;
        if (isOld || !isProcessAlive(pid)) await rm(file, { force: true });
      } catch {
        // Removed by another process meanwhile, or not ours to remove: leave it.
      }
    }),
  );
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
