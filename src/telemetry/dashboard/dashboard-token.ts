import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** A fresh random token for a dashboard's URL: 32 bytes, URL-safe. */
export function createDashboardToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Whether the request carries `token`, as `?token=` or as `Authorization: Bearer <token>`. Compared in constant time
 * (on digests, so that the length leaks nothing either).
 */
export function hasToken(request: IncomingMessage, url: URL, token: string): boolean {
  const authorization = request.headers.authorization;
  const given =
    url.searchParams.get("token") ??
    (authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length).trim() : undefined);
  if (given === undefined || given === null) return false;
  return timingSafeEqual(digest(given), digest(token));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
