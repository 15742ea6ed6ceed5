#!/usr/bin/env node
// The `weft` command. Its code lives in dist/cli, built from src/cli by `npm run build`.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("main.js")) {
    process.stderr.write(
      "error: weft is not built (dist/cli/main.js is missing); run `npm run build` first\n",
    );
    process.exit(1);
  }
  throw error;
}
await cli.runCli(process.argv);
