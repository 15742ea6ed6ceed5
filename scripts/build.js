/**
 * Builds dist/: the declarations with tsc, and the JavaScript with esbuild, bundled into one file per package entry
 * (the `exports` of package.json), the CLI and the thread worker, with the code they share split into dist/chunks/.
 *
 * Why a bundle: Node loading ~200 small modules was most of weft's start-up time; it now loads a few files.
 * Dependencies stay imports, so that the user's installed copy of each is the one that runs, except the CLI's own
 * (commander, picocolors): they are CommonJS, which Node loads from an ES module about 30 ms slower than the same code
 * bundled, and they run only in `weft` itself, so they are bundled, and devDependencies. The output is not
 * minified and keeps every name, and its source maps carry the TypeScript sources, so that a user who steps into dist/
 * reads weft's code.
 *
 * `node scripts/build.js` fails on a type error; `--allow-type-errors` (the test setup) still writes dist/, since
 * `npm run typecheck` reports those errors on its own.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const allowTypeErrors = process.argv.includes("--allow-type-errors");

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const packageEntries = Object.values(manifest.exports)
  .filter((target) => typeof target === "object")
  .map((target) => target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));

/**
 * Files loaded by path rather than through `exports`: the CLI (by bin/weft.js), the threads' start file (by the thread
 * backend), and the agent's prompts (by the benchmarks in bench/, which measure the built package).
 */
const pathEntries = ["src/cli/main.ts", "src/backend/thread-worker.ts", "src/agent/compiler/index.ts"];

/** Packages bundled into dist/ rather than imported: see above. LICENSE carries their licenses. */
const bundledPackages = new Set(["commander", "picocolors"]);

/** Every other package stays an import, as `packages: "external"` would make it. */
const externalPackages = {
  name: "external-packages",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith("@") ? args.path.split("/", 2).join("/") : args.path.split("/")[0];
      return bundledPackages.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });

const tsc = spawnSync(
  process.execPath,
  [
    fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)),
    "-p",
    "tsconfig.build.json",
  ],
  { cwd: root, encoding: "utf8" },
);
if (tsc.status !== 0) {
  process.stderr.write(`tsc -p tsconfig.build.json reported problems:\n${tsc.stdout}${tsc.stderr}`);
  if (!allowTypeErrors) process.exit(1);
}

const requireBanner =
  'import { createRequire as createRequireForBundle } from "node:module";\nconst require = createRequireForBundle(import.meta.url);';

const result = await build({
  absWorkingDir: root,
  entryPoints: [...packageEntries, ...pathEntries],
  outbase: "src",
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  plugins: [externalPackages],
  // Bundled CommonJS calls require() for Node's own modules; an ES module has none, so a file that needs one makes it.
  banner: { js: requireBanner },
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  sourcesContent: true,
  keepNames: true,
  legalComments: "inline",
  logLevel: "warning",
  write: false,
});
// esbuild puts the banner on every file, but only the few that bundle CommonJS name `require`: the others lose it, so
// that loading them calls no createRequire. Their source maps lose the banner's two lines, which map to nothing.
const banner = `${requireBanner}\n`;
const withoutBanner = new Set(
  result.outputFiles
    .filter((file) => file.path.endsWith(".js") && !/\brequire\b/.test(file.text.slice(banner.length)))
    .map((file) => file.path),
);
for (const file of result.outputFiles) {
  let text = file.text;
  if (withoutBanner.has(file.path)) {
    if (!text.startsWith(banner)) throw new Error(`${file.path} does not start with the banner`);
    text = text.slice(banner.length);
  } else if (withoutBanner.has(file.path.replace(/\.map$/, ""))) {
    const map = JSON.parse(text);
    if (map.mappings !== "" && !map.mappings.startsWith(";;"))
      throw new Error(`${file.path}: the banner's lines have mappings`);
    text = JSON.stringify({ ...map, mappings: map.mappings.slice(2) });
  }
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}
