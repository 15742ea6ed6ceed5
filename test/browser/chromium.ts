import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium, which the browser tests drive through playwright-core (no browser download). */
export const chromiumPath = process.env.WEFT_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Whether the browser tests must be skipped: chromium is missing and this is not CI. On CI a missing chromium fails
 * the run instead, so that the browser tests can never be skipped there without anyone noticing.
 */
export const isChromiumMissing: boolean = (() => {
  if (existsSync(chromiumPath)) return false;
  if (process.env.CI)
    throw new Error(`The browser tests need chromium at ${chromiumPath} (set WEFT_CHROMIUM).`);
  return true;
})();

/** The reason shown in a skipped test's title. */
export const skipReason = isChromiumMissing ? ` (skipped: no chromium at ${chromiumPath})` : "";

/** Starts a headless chromium; close it after the tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
}
