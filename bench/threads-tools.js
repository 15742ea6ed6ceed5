/**
 * The CPU-bound tools of bench/threads.js. Plain JavaScript with no import from weft: the inline executor runs these
 * objects as they are, and the thread pool's threads load this file and run the same code.
 */
import { createHash } from "node:crypto";

const mebibyte = 1024 * 1024;

/** One MiB of fixed, patterned bytes, made once per thread. */
const block = new Uint8Array(mebibyte).map((_, index) => Math.imul(index, 2654435761) >>> 24);

export default [
  {
    name: "sha256",
    description: "SHA-256 of `megabytes` MiB (the same 1 MiB block fed that many times), with node:crypto.",
    execute: ({ megabytes, salt }) => {
      const hash = createHash("sha256").update(String(salt));
      for (let index = 0; index < megabytes; index++) hash.update(block);
      return hash.digest("hex");
    },
  },
  {
    name: "fnv1a",
    description: "32-bit FNV-1a of `megabytes` MiB, in plain JavaScript: no native code at all.",
    execute: ({ megabytes, salt }) => {
      let hash = (0x811c9dc5 ^ salt) >>> 0;
      for (let round = 0; round < megabytes; round++) {
        for (let index = 0; index < block.length; index++) hash = Math.imul(hash ^ block[index], 0x01000193);
      }
      return (hash >>> 0).toString(16);
    },
  },
];
