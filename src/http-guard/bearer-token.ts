import type { IncomingMessage } from "node:http";

// node:crypto loads when a server starts (process.getBuiltinModule), not with `import "weft"`.
const crypto = () => process.getBuiltinModule("node:crypto");

/** The shortest token a server accepts: shorter ones can be guessed. */
export const minimumTokenLength = 16;

/** A fresh random token: 32 bytes, URL-safe (43 characters). */
export function createToken(): string {
  return crypto().randomBytes(32).toString("base64url");
}

/**
 * Checks a token given to a server up front: a string of 16 characters or more, else a TypeError whose message
 * starts with `option` (`serveHttp: options.token`).
 */
export function checkToken(token: unknown, option: string): string {
  if (typeof token !== "string" || token.length < minimumTokenLength) {
    const received = typeof token === "string" ? `a string of ${token.length}` : typeof token;
    throw new TypeError(
      `${option} must be a string of ${minimumTokenLength} characters or more (see createToken), got ${received}`,
    );
  }
  return token;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  const match = authorization === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}

/** Whether `given` is `expected`, in constant time (on digests, so that the length leaks nothing either). */
export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return crypto().timingSafeEqual(digest(given), digest(expected));
}

function digest(text: string): Buffer {
  return crypto().createHash("sha256").update(text, "utf8").digest();
}
