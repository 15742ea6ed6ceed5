import type { Ajv, ValidateFunction } from "ajv";
import { lazyRequire } from "../runtime/lazy-require.js";

const ajvModule = lazyRequire<typeof import("ajv")>("ajv");
const formatsModule = lazyRequire<{ default?: unknown }>("ajv-formats");

let shared: Ajv | undefined;

/**
 * The one ajv instance that checks tools' JSON Schemas, made (with its formats) by the first tool that has one: ajv
 * and its code generator cost tens of milliseconds to load, which a program whose tools all use zod never pays.
 */
export const ajv = {
  compile(schema: Record<string, unknown>): ValidateFunction {
    shared ??= createAjv();
    return shared.compile(schema);
  },
};

function createAjv(): Ajv {
  const instance = new (ajvModule().Ajv)({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: its export is the plugin, also found as `default`.
  const formats = formatsModule();
  const addFormats = (formats.default ?? formats) as (target: Ajv) => Ajv;
  addFormats(instance);
  return instance;
}
