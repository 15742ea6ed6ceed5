import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fsWriteTool } from "../../src/builtin/index.js";
import { runOne, useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();

describe("fs.write", () => {
  it("creates the file and its missing parent directories, and counts the bytes", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(fsWriteTool(root), { path: "out/nested/hello.txt", content: "héllo" });
    expect(call.status).toBe("succeeded");
    expect(call.output).toEqual({ path: "out/nested/hello.txt", bytes: 6 });
    expect(await readFile(join(root, "out", "nested", "hello.txt"), "utf8")).toBe("héllo");
  });

  it("fails on a missing parent when createDirectories is false", async () => {
    const root = await temporaryDirectory();
    const call = await runOne(fsWriteTool(root), {
      path: "missing/file.txt",
      content: "x",
      createDirectories: false,
    });
    expect(call.status).toBe("failed");
    expect(call.error?.cause).toMatchObject({ code: "ENOENT" });
  });

  it("overwrites by default, appends in append mode", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "log.txt"), "old content");
    await runOne(fsWriteTool(root), { path: "log.txt", content: "one\n" });
    expect(await readFile(join(root, "log.txt"), "utf8")).toBe("one\n");
    const appended = await runOne(fsWriteTool(root), { path: "log.txt", content: "two\n", mode: "append" });
    expect(appended.output).toEqual({ path: "log.txt", bytes: 4 });
    expect(await readFile(join(root, "log.txt"), "utf8")).toBe("one\ntwo\n");
  });

  it("refuses to replace an existing file in create mode and leaves it untouched", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "keep.txt"), "original");
    const call = await runOne(fsWriteTool(root), { path: "keep.txt", content: "new", mode: "create" });
    expect(call.status).toBe("failed");
    expect(call.error?.cause).toMatchObject({ code: "EEXIST" });
    expect(await readFile(join(root, "keep.txt"), "utf8")).toBe("original");
    const fresh = await runOne(fsWriteTool(root), { path: "fresh.txt", content: "new", mode: "create" });
    expect(fresh.status).toBe("succeeded");
  });

  it("decodes base64 content and refuses content that is not base64", async () => {
    const root = await temporaryDirectory();
    const bytes = Buffer.from([0, 128, 255, 10]);
    const call = await runOne(fsWriteTool(root), {
      path: "data.bin",
      content: bytes.toString("base64"),
      encoding: "base64",
    });
    expect(call.output).toEqual({ path: "data.bin", bytes: 4 });
    expect(await readFile(join(root, "data.bin"))).toEqual(bytes);
    const invalid = await runOne(fsWriteTool(root), {
      path: "bad.bin",
      content: "not base64!",
      encoding: "base64",
    });
    expect(invalid.error?.message).toContain("not valid base64");
    await expect(readFile(join(root, "bad.bin"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("writes through a link inside the root to the file it points to", async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, "real"));
    await symlink(join(root, "real"), join(root, "alias"));
    const call = await runOne(fsWriteTool(root), { path: "alias/file.txt", content: "via alias" });
    expect(call.output).toEqual({ path: "real/file.txt", bytes: 9 });
    expect(await readFile(join(root, "real", "file.txt"), "utf8")).toBe("via alias");
  });

  it("refuses a path outside the root and creates nothing there", async () => {
    const root = await temporaryDirectory();
    const outside = await temporaryDirectory();
    const call = await runOne(fsWriteTool(root), { path: join(outside, "new", "file.txt"), content: "x" });
    expect(call.error?.code).toBe("PATH_OUTSIDE_ROOT");
    await expect(readFile(join(outside, "new", "file.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("is not idempotent, so weft never retries or caches it", () => {
    expect(fsWriteTool().idempotent).toBeFalsy();
  });
});
