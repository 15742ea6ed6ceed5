/**
 * Builds dist/: the declarations with tsc, and the JavaScript with Rollup (each TypeScript file turned into JavaScript
 * by esbuild), one file per package entry (the `exports` of package.json), the CLI and the thread worker, with the
 * code they share in dist/chunks/.
 *
 * Why the files are cut this way: Node's cost of loading an ES module graph grows with the number of files more than
 * with their size (each is resolved, read, compiled and linked on its own). So everything that `import "weft"`
 * reaches is a few chunks: `core`, `core-telemetry` (what `weft run` uses only with --report, --dashboard or
 * --trace: the telemetry, mostly), and the little that the CLI's own start (`weft --help`) or a thread's start also
 * needs (`cli` and `thread`), so that those starts stay small. `import "weft"` loads 5 files, `weft --help` 7 (bin/weft.js with them).
 *
 * Dependencies stay imports, so that the user's installed copy of each is the one that runs, except the CLI's own
 * (commander, picocolors): they are CommonJS, which Node loads from an ES module slower than the same code bundled,
 * and they run only in `weft` itself, so they are bundled (by esbuild, as ES modules), and devDependencies. The output
 * is not minified and keeps its names (Rollup suffixes `$1` where two modules share one), and its source maps carry
 * the TypeScript sources, so that a user who steps into dist/ reads weft's code.
 *
 * `node scripts/build.js` fails on a type error; `--allow-type-errors` (the test setup) still writes dist/, since
 * `npm run typecheck` reports those errors on its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild, transform } from "esbuild";
import { rollup } from "rollup";

const root = fileURLToPath(new URL("..", import.meta.url));
const allowTypeErrors = process.argv.includes("--allow-type-errors");
const target = "node20.19";

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const packageEntries = Object.values(manifest.exports)
  .filter((exported) => typeof exported === "object")
  .map((exported) => exported.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));

/**
 * Files loaded by path rather than through `exports`: the CLI (by bin/weft.js), the threads' start file (by the thread
 * backend), and the agent's prompts (by the benchmarks in bench/, which measure the built package).
 */
const pathEntries = ["src/cli/main.ts", "src/backend/thread-worker.ts", "src/agent/compiler/index.ts"];

/** Packages bundled into dist/ rather than imported: see above. LICENSE carries their licenses. */
const bundledPackages = new Set(["commander", "picocolors"]);

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageName(specifier) {
  return specifier.startsWith("@") ? specifier.split("/", 2).join("/") : specifier.split("/")[0];
}

const sourceFolder = join(root, "src");
const coreEntry = join(sourceFolder, "index.ts");
const cliEntry = join(sourceFolder, "cli", "main.ts");
const threadEntry = join(sourceFolder, "backend", "thread-worker.ts");
const runCommand = join(sourceFolder, "cli", "run-command.ts");

/** TypeScript in src/, imported as `./file.js` (NodeNext style), turned into JavaScript by esbuild. */
const typescript = {
  name: "weft-typescript",
  resolveId(source, importer) {
    if (importer === undefined || !source.startsWith(".") || !source.endsWith(".js")) return null;
    const file = resolve(dirname(importer), `${source.slice(0, -".js".length)}.ts`);
    return existsSync(file) ? file : null;
  },
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const result = await transform(code, {
      loader: "ts",
      format: "esm",
      target,
      sourcemap: "external",
      sourcefile: id,
    });
    return { code: result.code, map: result.map };
  },
};

/**
 * commander and picocolors, bundled by esbuild into one ES module each. Their CommonJS calls require() for Node's own
 * modules, so each gets a require of its own. commander requires node:child_process at load, for executable
 * subcommands, which weft has none of: it gets a stand-in that loads the real module if ever used.
 */
const vendorPrefix = "vendor:";
const requireBanner =
  'import { createRequire as createRequireForBundle } from "node:module";\nconst require = createRequireForBundle(import.meta.url);';
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, () => ({
      path: "child-process-on-first-use",
      namespace: "lazy",
    }));
    builder.onLoad({ filter: /.*/, namespace: "lazy" }, () => ({
      contents:
        'module.exports = new Proxy({}, { get: (_, name) => process.getBuiltinModule("node:child_process")[name] });',
      loader: "js",
    }));
  },
};
const vendor = {
  name: "weft-vendor",
  resolveId(source) {
    return bundledPackages.has(packageName(source)) ? `${vendorPrefix}${source}` : null;
  },
  async load(id) {
    if (!id.startsWith(vendorPrefix)) return null;
    const specifier = id.slice(vendorPrefix.length);
    const result = await esbuild({
      entryPoints: [specifier],
      absWorkingDir: root,
      bundle: true,
      format: "esm",
      platform: "node",
      target,
      keepNames: true,
      legalComments: "inline",
      banner: { js: requireBanner },
      plugins: [lazyChildProcess],
      sourcemap: "external",
      outfile: join(root, "dist", "vendor.js"),
      write: false,
      logLevel: "warning",
    });
    const code = result.outputFiles.find((file) => file.path.endsWith(".js"));
    const map = result.outputFiles.find((file) => file.path.endsWith(".map"));
    // The map's sources are relative to the outfile; Rollup takes absolute ones from a module without a folder.
    const sourceMap = JSON.parse(map.text);
    sourceMap.sources = sourceMap.sources.map((source) => resolve(root, "dist", source));
    return { code: code.text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n"), map: sourceMap };
  },
};

/** Bare specifiers (other packages) and Node's own modules stay imports. */
function isExternal(source) {
  if (source.startsWith(vendorPrefix) || source.startsWith(".") || source.startsWith("/")) return false;
  return !bundledPackages.has(packageName(source));
}

/** The modules an entry reaches through static imports, which load with it. */
function staticallyReached(entry, getModuleInfo) {
  const reached = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const id = pending.pop();
    if (reached.has(id)) continue;
    reached.add(id);
    for (const imported of getModuleInfo(id)?.importedIds ?? []) pending.push(imported);
  }
  return reached;
}

let placement;
/**
 * See the top: the core in its four chunks; every other module in the chunk of the entries (with `weft run`'s command
 * as one of them) that reach it through static imports, as Rollup itself would cut them. Each module is placed:
 * Rollup moves the modules a chunk imports that are in no chunk into that chunk, which could make `weft --help` load
 * what they land in.
 */
function manualChunks(id, { getModuleInfo }) {
  placement ??= placeModules(getModuleInfo);
  return placement.get(id);
}

function placeModules(getModuleInfo) {
  const reached = (entry) => staticallyReached(entry, getModuleInfo);
  const [cli, thread, run] = [reached(cliEntry), reached(threadEntry), reached(runCommand)];
  const placed = new Map();
  for (const [name, entry] of [...Object.entries(input), ["cli/run-command", runCommand]]) {
    const reacher = name.replace(/\/index$/, "").replaceAll("/", "-");
    for (const id of reached(entry))
      placed.set(id, placed.has(id) ? `${placed.get(id)}+${reacher}` : reacher);
  }
  for (const id of reached(coreEntry)) {
    placed.set(id, cli.has(id) ? "cli" : thread.has(id) ? "thread" : run.has(id) ? "core" : "core-telemetry");
  }
  return placed;
}

rmSync(join(root, "dist"), { recursive: true, force: true });

const tsc = spawnSync(
  process.execPath,
  [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
  { cwd: root, encoding: "utf8" },
);
if (tsc.status !== 0) {
  process.stderr.write(`tsc -p tsconfig.build.json reported problems:\n${tsc.stdout}${tsc.stderr}`);
  if (!allowTypeErrors) process.exit(1);
}

const input = Object.fromEntries(
  [...packageEntries, ...pathEntries].map((entry) => [
    relative("src", entry).replace(/\.ts$/, ""),
    join(root, entry),
  ]),
);
const bundle = await rollup({
  input,
  external: isExternal,
  plugins: [vendor, typescript],
});
await bundle.write({
  dir: join(root, "dist"),
  format: "es",
  entryFileNames: "[name].js",
  chunkFileNames: "chunks/[name]-[hash].js",
  manualChunks,
  // The chunks' exports keep their names, for a reader of dist/.
  minifyInternalExports: false,
  sourcemap: true,
});
await bundle.close();
