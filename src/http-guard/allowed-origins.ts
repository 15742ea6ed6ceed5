/**
 * Checks and normalises origins given to a server up front (`http://localhost:3000`, as a browser sends it in
 * `Origin`): each must be an http or https origin with nothing after it. `option` names them in the error.
 */
export function checkOrigins(origins: unknown, option: string): string[] {
  if (origins === undefined) return [];
  if (!Array.isArray(origins)) {
    throw new TypeError(
      `${option} must be an array of origins such as "http://localhost:3000", got ${typeof origins}`,
    );
  }
  return origins.map((origin: unknown) => checkOrigin(origin, option));
}

function checkOrigin(origin: unknown, option: string): string {
  const problem = `${option}: expected an origin such as "http://localhost:3000" (scheme, host and port, no path)`;
  if (typeof origin !== "string") throw new TypeError(`${problem}, got ${typeof origin}`);
  const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
  if (
    parsed === undefined ||
    (parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
    origin.replace(/\/$/, "").toLowerCase() !== parsed.origin.toLowerCase()
  ) {
    throw new TypeError(`${problem}, got "${origin}"`);
  }
  return parsed.origin;
}

/** An `Origin` header in the form checkOrigins gives, or undefined when it is not an http(s) origin. */
export function normaliseOrigin(header: string): string | undefined {
  if (!URL.canParse(header)) return undefined;
  const parsed = new URL(header);
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
}
