import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

interface ExportTarget {
  types: string;
  default: string;
}

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, ExportTarget | string>;
};

/** Every entry of the package but `./package.json`: its specifier (`weft`, `weft/mcp`) and its files in dist/. */
export const packageEntries = Object.entries(manifest.exports).flatMap(([subpath, target]) =>
  typeof target === "string"
    ? []
    : [
        {
          specifier: subpath === "." ? "weft" : `weft/${subpath.slice(2)}`,
          types: target.types,
          module: target.default,
          /** The entry's source: `./dist/adapters/mcp/index.js` → `src/adapters/mcp/index.ts`. */
          source: target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"),
        },
      ],
);
