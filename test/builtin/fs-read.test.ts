import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fsReadTool } from "../../src/builtin/index.js";
import { ToolExecutionError } from "../../src/index.js";
import { runOne, useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();

describe("fs.read", () => {
  it("reads a utf8 file relative to the root", async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, "notes"));
    await writeFile(join(root, "notes", "todo.md"), "héllo\nwörld\n");
    const call = await runOne(fsReadTool(root), { path: "notes/todo.md" });
    expect(call.status).toBe("succeeded");
    expect(call.output).toEqual({ path: "notes/todo.md", content: "héllo\nwörld\n", bytes: 14 });
  });

  it("accepts an absolute path inside the root", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "a.txt"), "a");
    const call = await runOne(fsReadTool(root), { path: join(root, "a.txt") });
    expect(call.output).toMatchObject({ path: "a.txt", content: "a" });
  });

  it("returns binary content as base64 when asked", async () => {
    const root = await temporaryDirectory();
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await writeFile(join(root, "data.bin"), bytes);
    const call = await runOne(fsReadTool(root), { path: "data.bin", encoding: "base64" });
    expect(call.output).toEqual({ path: "data.bin", content: bytes.toString("base64"), bytes: 5 });
    expect(Buffer.from((call.output as { content: string }).content, "base64")).toEqual(bytes);
  });

  it("refuses a file larger than maxBytes and reads one exactly that size", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "ten.txt"), "0123456789");
    const tooLarge = await runOne(fsReadTool(root), { path: "ten.txt", maxBytes: 9 });
    expect(tooLarge.status).toBe("failed");
    expect(tooLarge.error?.message).toContain("more than maxBytes (9)");
    const exact = await runOne(fsReadTool(root), { path: "ten.txt", maxBytes: 10 });
    expect(exact.output).toMatchObject({ content: "0123456789", bytes: 10 });
  });

  it("fails with the system's code for a missing file, and says a directory is not a file", async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, "folder"));
    const missing = await runOne(fsReadTool(root), { path: "missing.txt" });
    expect(missing.status).toBe("failed");
    expect(ToolExecutionError.isInstance(missing.error)).toBe(true);
    expect(missing.error?.cause).toMatchObject({ code: "ENOENT" });
    const directory = await runOne(fsReadTool(root), { path: "folder" });
    expect(directory.error?.message).toContain("is not a file");
  });

  it("rejects invalid input before running", async () => {
    const root = await temporaryDirectory();
    for (const args of [{}, { path: "" }, { path: "a", encoding: "latin1" }, { path: "a", maxBytes: 0 }]) {
      const call = await runOne(fsReadTool(root), args);
      expect(call.error?.code).toBe("TOOL_INPUT_INVALID");
    }
  });

  it("is idempotent, so weft may retry and cache it", () => {
    expect(fsReadTool().idempotent).toBe(true);
  });
});
