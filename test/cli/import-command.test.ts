import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { importCommand } from "../../src/cli/import-command.js";
import { reportCliError } from "../../src/cli/report-error.js";
import { WeftError } from "../../src/errors/weft-error.js";

const plainColors = {
  red: (text: string) => text,
  bold: (text: string) => text,
  dim: (text: string) => text,
} as unknown as NonNullable<CliIo["errorColors"]>;

function memoryIo(): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return {
    stdout: { write: () => true } as unknown as CliIo["stdout"],
    stderr: { write: (text: string) => errors.push(text) > 0 } as unknown as CliIo["stderr"],
    cwd: process.cwd(),
    errorColors: plainColors,
    errors,
  };
}

describe("importCommand", () => {
  it("gives the command's module", async () => {
    expect(await importCommand(async () => ({ run: 1 }), memoryIo())).toEqual({ run: 1 });
  });

  it("says in one line how to install the MCP SDK when a command's module cannot find it", async () => {
    const missing = Object.assign(
      new Error("Cannot find package '@modelcontextprotocol/sdk' imported from x"),
      {
        code: "ERR_MODULE_NOT_FOUND",
      },
    );
    const io = memoryIo();
    expect(await importCommand(() => Promise.reject(missing), io)).toBeUndefined();
    expect(io.errors.join("")).toBe(
      "error: MCP servers need the @modelcontextprotocol/sdk package (an optional peer dependency of weft): npm install @modelcontextprotocol/sdk\n",
    );
  });

  it("lets any other failure through", async () => {
    const broken = Object.assign(new Error("Cannot find module './gone.js'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(importCommand(() => Promise.reject(broken), memoryIo())).rejects.toBe(broken);
  });
});

describe("reportCliError and missing optional peers", () => {
  it("gives one line and exit code 2 for MCP_SDK_MISSING and MODEL_SDK_MISSING", () => {
    for (const code of ["MCP_SDK_MISSING", "MODEL_SDK_MISSING"]) {
      const report = reportCliError(new WeftError(code, "install it: npm install it"), plainColors);
      expect(report).toEqual({ text: "error: install it: npm install it\n", exitCode: 2 });
    }
  });
});
