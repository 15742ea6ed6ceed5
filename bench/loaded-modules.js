/**
 * `node --import ./bench/loaded-modules.js …` writes the modules the program loaded, one file URL a line, to the file
 * named by WEFT_LOADED_MODULES_FILE when it exits: ES modules as the resolve hook sees them (in the hooks' thread), and
 * CommonJS modules from the require cache (which `require()` fills without passing the ES module hooks on Node 20).
 * bench/startup.js counts them; test/startup/lazy-loading.test.ts checks that nothing heavy is among them.
 */
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const file = process.env.WEFT_LOADED_MODULES_FILE;
if (file !== undefined && file !== "") {
  register("./loaded-modules-hooks.js", import.meta.url, { data: { file } });
  const requireCache = createRequire(import.meta.url).cache;
  process.on("exit", () => {
    const paths = Object.keys(requireCache).map((path) => pathToFileURL(path).href);
    if (paths.length > 0) appendFileSync(file, `${paths.join("\n")}\n`);
  });
}
