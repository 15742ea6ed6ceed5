/** The module hooks of bench/loaded-modules.js: each resolved module's URL is appended to the file. */
import { appendFileSync } from "node:fs";

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith("file:")) appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
