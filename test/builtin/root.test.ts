import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fsReadTool } from "../../src/builtin/fs-read.js";
import { fsWriteTool } from "../../src/builtin/fs-write.js";
import { resolveInsideRoot } from "../../src/builtin/root.js";
import { PathOutsideRootError } from "../../src/index.js";
import { runOne, useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();

async function rootAndOutside(): Promise<{ root: string; outside: string }> {
  const root = await temporaryDirectory("weft-root-");
  const outside = await temporaryDirectory("weft-outside-");
  await writeFile(join(outside, "secret.txt"), "secret");
  await mkdir(join(root, "sub"));
  await writeFile(join(root, "sub", "inside.txt"), "inside");
  return { root, outside };
}

async function refusal(root: string, path: string): Promise<PathOutsideRootError> {
  const error: unknown = await resolveInsideRoot(root, path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!PathOutsideRootError.isInstance(error)) {
    throw new Error(`expected a PathOutsideRootError for "${path}", got ${String(error)}`);
  }
  return error;
}

describe("resolveInsideRoot", () => {
  it("resolves relative and absolute paths inside the root to real paths", async () => {
    const { root } = await rootAndOutside();
    const relativeResult = await resolveInsideRoot(root, "sub/inside.txt");
    expect(relativeResult.absolutePath).toBe(join(root, "sub", "inside.txt"));
    expect(relativeResult.relativePath).toBe("sub/inside.txt");
    expect(relativeResult.realRoot).toBe(root);
    const absoluteResult = await resolveInsideRoot(root, join(root, "sub"));
    expect(absoluteResult.relativePath).toBe("sub");
    expect((await resolveInsideRoot(root, ".")).relativePath).toBe(".");
    expect((await resolveInsideRoot(root, "sub/../sub/./inside.txt")).relativePath).toBe("sub/inside.txt");
  });

  it("resolves a path that does not exist yet through its nearest existing ancestor", async () => {
    const { root } = await rootAndOutside();
    const result = await resolveInsideRoot(root, "sub/new/deeper/file.txt");
    expect(result.absolutePath).toBe(join(root, "sub", "new", "deeper", "file.txt"));
    expect(result.relativePath).toBe("sub/new/deeper/file.txt");
  });

  it("refuses .. that climbs out of the root, naming the path, the root and the fix", async () => {
    const { root } = await rootAndOutside();
    const error = await refusal(root, "../secret.txt");
    expect(error.code).toBe("PATH_OUTSIDE_ROOT");
    expect(error.path).toBe("../secret.txt");
    expect(error.root).toBe(root);
    expect(error.message).toContain('"../secret.txt"');
    expect(error.message).toContain(root);
    expect(error.message).toContain("builtinTools({ root })");
    await refusal(root, "sub/../../secret.txt");
    await refusal(root, "..");
  });

  it("refuses an absolute path outside the root, even one that shares the root's name as a prefix", async () => {
    const { root, outside } = await rootAndOutside();
    await refusal(root, join(outside, "secret.txt"));
    await refusal(root, "/");
    const sibling = `${root}-sibling`;
    await mkdir(sibling);
    try {
      await refusal(root, join(sibling, "file.txt"));
    } finally {
      await rm(sibling, { recursive: true, force: true });
    }
  });

  it("refuses a symbolic link inside the root that points outside, whether to a file, a directory or nowhere yet", async () => {
    const { root, outside } = await rootAndOutside();
    await symlink(join(outside, "secret.txt"), join(root, "file-link"));
    await symlink(outside, join(root, "directory-link"));
    await symlink(join(outside, "not-yet.txt"), join(root, "dangling-link"));
    const fileError = await refusal(root, "file-link");
    expect(fileError.resolvedPath).toBe(join(outside, "secret.txt"));
    expect(fileError.message).toContain(`resolves to "${join(outside, "secret.txt")}"`);
    await refusal(root, "directory-link/secret.txt");
    await refusal(root, "directory-link/new/file.txt");
    await refusal(root, "dangling-link");
  });

  it("allows a symbolic link that points inside the root, and reports where it leads", async () => {
    const { root } = await rootAndOutside();
    await symlink(join(root, "sub"), join(root, "sub-link"));
    await symlink("sub/inside.txt", join(root, "relative-link"));
    const throughDirectory = await resolveInsideRoot(root, "sub-link/inside.txt");
    expect(throughDirectory.absolutePath).toBe(join(root, "sub", "inside.txt"));
    expect(throughDirectory.relativePath).toBe("sub/inside.txt");
    expect((await resolveInsideRoot(root, "relative-link")).relativePath).toBe("sub/inside.txt");
  });

  it("works when the root itself is reached through a symbolic link", async () => {
    const { root, outside } = await rootAndOutside();
    const linkedRoot = join(outside, "linked-root");
    await symlink(root, linkedRoot);
    const result = await resolveInsideRoot(linkedRoot, "sub/inside.txt");
    expect(result.absolutePath).toBe(join(root, "sub", "inside.txt"));
    await refusal(linkedRoot, "../secret.txt");
  });

  it("says so when the root does not exist", async () => {
    const { root } = await rootAndOutside();
    await expect(resolveInsideRoot(join(root, "missing"), "file.txt")).rejects.toThrow(
      /root directory ".*missing" cannot be resolved/,
    );
  });
});

describe("root confinement through the tools", () => {
  it("fails the call with PATH_OUTSIDE_ROOT and reads nothing", async () => {
    const { root, outside } = await rootAndOutside();
    await symlink(join(outside, "secret.txt"), join(root, "file-link"));
    for (const path of ["../secret.txt", join(outside, "secret.txt"), "file-link"]) {
      const call = await runOne(fsReadTool(root), { path });
      expect(call.status).toBe("failed");
      expect(call.error?.code).toBe("PATH_OUTSIDE_ROOT");
      expect(PathOutsideRootError.isInstance(call.error)).toBe(true);
      expect(call.output).toBeUndefined();
    }
    const allowed = await runOne(fsReadTool(root), { path: "sub/inside.txt" });
    expect(allowed.status).toBe("succeeded");
  });

  it("writes nothing outside the root through a dangling link", async () => {
    const { root, outside } = await rootAndOutside();
    await symlink(join(outside, "created.txt"), join(root, "dangling-link"));
    const call = await runOne(fsWriteTool(root), { path: "dangling-link", content: "escaped" });
    expect(call.error?.code).toBe("PATH_OUTSIDE_ROOT");
    await expect(readFile(join(outside, "created.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("resolves .. after a link lexically, inside the root, rather than through the link", async () => {
    const { root, outside } = await rootAndOutside();
    await mkdir(join(outside, "directory"));
    await symlink(join(outside, "directory"), join(root, "directory-link"));
    const call = await runOne(fsWriteTool(root), { path: "directory-link/../written.txt", content: "here" });
    expect(call.status).toBe("succeeded");
    expect(await readFile(join(root, "written.txt"), "utf8")).toBe("here");
    await expect(readFile(join(outside, "written.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
