import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FsListOutput, fsListTool } from "../../src/builtin/index.js";
import { runOne, useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();

/**
 * root/
 *   b.txt (3 bytes)  a/ (x.txt 5 bytes, deep/y.txt)  a.txt  .git/HEAD  node_modules/pkg/index.js  link -> a
 */
async function makeTree(): Promise<string> {
  const root = await temporaryDirectory();
  await writeFile(join(root, "b.txt"), "bbb");
  await writeFile(join(root, "a.txt"), "");
  await mkdir(join(root, "a", "deep"), { recursive: true });
  await writeFile(join(root, "a", "x.txt"), "xxxxx");
  await writeFile(join(root, "a", "deep", "y.txt"), "y");
  await mkdir(join(root, ".git"));
  await writeFile(join(root, ".git", "HEAD"), "ref");
  await mkdir(join(root, "node_modules", "pkg"), { recursive: true });
  await writeFile(join(root, "node_modules", "pkg", "index.js"), "");
  await symlink(join(root, "a"), join(root, "link"));
  return root;
}

async function list(root: string, args: Record<string, unknown>): Promise<FsListOutput> {
  const call = await runOne(fsListTool(root), args);
  if (call.status !== "succeeded") throw new Error(`fs.list failed: ${call.error?.message}`);
  return call.output as FsListOutput;
}

const paths = (output: FsListOutput): string[] => output.entries.map((entry) => entry.path);

describe("fs.list", () => {
  it("lists one directory, sorted, with types and file sizes", async () => {
    const root = await makeTree();
    const output = await list(root, {});
    expect(output.path).toBe(".");
    expect(output.truncated).toBe(false);
    expect(output.entries).toEqual([
      { path: ".git", type: "directory", size: 0 },
      { path: "a", type: "directory", size: 0 },
      { path: "a.txt", type: "file", size: 0 },
      { path: "b.txt", type: "file", size: 3 },
      { path: "link", type: "symlink", size: 0 },
      { path: "node_modules", type: "directory", size: 0 },
    ]);
  });

  it("lists a tree recursively with root-relative forward-slash paths, skipping .git and node_modules", async () => {
    const root = await makeTree();
    const output = await list(root, { recursive: true });
    expect(paths(output)).toEqual(["a", "a.txt", "a/deep", "a/deep/y.txt", "a/x.txt", "b.txt", "link"]);
    expect(output.entries.find((entry) => entry.path === "a/x.txt")).toEqual({
      path: "a/x.txt",
      type: "file",
      size: 5,
    });
  });

  it("lists excluded directories when exclude is emptied, and skips the names it is given", async () => {
    const root = await makeTree();
    const everything = paths(await list(root, { recursive: true, exclude: [] }));
    expect(everything).toContain(".git/HEAD");
    expect(everything).toContain("node_modules/pkg/index.js");
    const withoutDeep = paths(await list(root, { recursive: true, exclude: ["deep"] }));
    expect(withoutDeep).toContain(".git/HEAD");
    expect(withoutDeep).not.toContain("a/deep");
    expect(withoutDeep).not.toContain("a/deep/y.txt");
  });

  it("never follows symbolic links", async () => {
    const root = await makeTree();
    const output = await list(root, { recursive: true });
    expect(paths(output).filter((path) => path.startsWith("link"))).toEqual(["link"]);
  });

  it("lists a subdirectory with paths still relative to the root", async () => {
    const root = await makeTree();
    const output = await list(root, { path: "a" });
    expect(output.path).toBe("a");
    expect(paths(output)).toEqual(["a/deep", "a/x.txt"]);
  });

  it("stops at maxEntries, keeping the upper levels, and says it was truncated", async () => {
    const root = await makeTree();
    const output = await list(root, { recursive: true, maxEntries: 4 });
    expect(output.truncated).toBe(true);
    expect(paths(output)).toEqual(["a", "a.txt", "b.txt", "link"]);
    const exact = await list(root, { recursive: true, maxEntries: 7 });
    expect(exact.truncated).toBe(false);
    expect(exact.entries).toHaveLength(7);
  });

  it("fails on a file, pointing to fs.read", async () => {
    const root = await makeTree();
    const call = await runOne(fsListTool(root), { path: "b.txt" });
    expect(call.status).toBe("failed");
    expect(call.error?.message).toContain("not a directory; use fs.read");
  });
});
