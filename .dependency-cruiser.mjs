// The import-cycle check of src/ (npm run check:cycles, part of npm test).
//
// Why dependency-cruiser and not madge: it resolves TypeScript's NodeNext imports (`./x.js` naming `./x.ts`)
// through tsconfig.json itself, follows `import type` when asked (tsPreCompilationDeps), states the rule as data
// that a review can read, and exits non-zero with one line per module of each cycle. It is pinned to major 17,
// the last that runs on Node 20, the oldest Node weft supports (major 18 needs Node 22).

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "Modules that import each other, at run time or for types only, cannot be read, tested or moved one " +
        "at a time. Put what both need (a type, an interface, a constant) into a small module that imports neither.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // A cycle through `import type` still ties the modules together, so type-only imports count.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
