import { createRequire } from "node:module";

const requireModule = createRequire(import.meta.url);

/**
 * A dependency loaded the first time it is needed, not when weft is imported: `import "weft"` and `weft --help` stay
 * fast, and a program that never parses YAML, checks a JSON Schema or starts a thread pool never loads the library.
 * Every package loaded this way ships a CommonJS build, so the load is synchronous and the functions that use it keep
 * their signatures. `load` returns the module's namespace, typed by the caller.
 *
 * Node's own modules that `import "weft"` would otherwise load and seldom uses (node:http, node:net, node:crypto,
 * node:worker_threads) are taken the same way, with `process.getBuiltinModule` where they are used. So is node:fs:
 * importing it as an ES module loads every one of Node's stream modules with it.
 *
 * @example
 * const yaml = lazyRequire<typeof import("yaml")>("yaml");
 * yaml().parseDocument(text);
 */
export function lazyRequire<Module>(specifier: string): () => Module {
  let loaded: Module | undefined;
  return () => {
    loaded ??= requireModule(specifier) as Module;
    return loaded;
  };
}
