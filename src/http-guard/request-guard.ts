import type { IncomingMessage } from "node:http";
import { normaliseOrigin } from "./allowed-origins.js";
import { bearerTokenOf, tokensMatch } from "./bearer-token.js";

/** What a request guard checks; see createRequestGuard. */
export interface RequestGuardOptions {
  /** The secret every request must carry, as `Authorization: Bearer <token>`. Checked by the caller up front. */
  token: string;
  /** Also take the token as `?token=` (a page opened in a browser cannot set headers). @default false */
  acceptsQueryToken?: boolean;
  /**
   * The `Host` header values answered (`127.0.0.1:8123`, `localhost:8123`, lower case; see allowedHostsFor); any
   * other is refused, which defeats DNS rebinding. Undefined: any host (a handler mounted in a server of one's own,
   * whose owner checks hosts).
   */
  allowedHosts?: readonly string[];
  /**
   * The origins accepted in an `Origin` header besides the server's own (`http://<an allowed host>`), normalised by
   * checkOrigins. A request without `Origin` (not sent by a browser) is accepted.
   */
  allowedOrigins?: readonly string[];
}

/** Why a request was refused: `host` and `origin` mean 403, `token` 401 (or 403 where a page expects it). */
export interface GuardRefusal {
  reason: "host" | "origin" | "token";
  /** One sentence for the client, naming what to fix. */
  message: string;
}

/** Checks one request; undefined when it may go on. `url` is the request's URL, parsed. */
export type RequestGuard = (request: IncomingMessage, url: URL) => GuardRefusal | undefined;

/**
 * The checks a weft HTTP server makes before it reads a request: the `Host` (DNS rebinding), the `Origin` (a web
 * page of another site) and the bearer token (any other local process), in that order, so that a browser tricked
 * into calling learns nothing about the token.
 */
export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const allowedHosts = options.allowedHosts === undefined ? undefined : new Set(options.allowedHosts);
  const ownOrigins =
    allowedHosts === undefined ? undefined : new Set([...allowedHosts].map((host) => `http://${host}`));
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  return (request, url) => {
    const host = request.headers.host?.toLowerCase();
    if (allowedHosts !== undefined && (host === undefined || !allowedHosts.has(host))) {
      return {
        reason: "host",
        message: `Forbidden: Host "${request.headers.host ?? ""}" is not this server's address (only ${[...allowedHosts].join(", ")}).`,
      };
    }
    const originHeader = request.headers.origin;
    if (originHeader !== undefined) {
      const origin = normaliseOrigin(originHeader);
      const isOwn =
        origin !== undefined &&
        (ownOrigins === undefined ? origin === `http://${host}` : ownOrigins.has(origin));
      if (origin === undefined || !(isOwn || allowedOrigins.has(origin))) {
        return {
          reason: "origin",
          message: `Forbidden: Origin "${originHeader}" is not allowed (allow it with --allow-origin ${originHeader}, or allowedOrigins).`,
        };
      }
    }
    const given =
      bearerTokenOf(request) ?? (options.acceptsQueryToken ? url.searchParams.get("token") : null);
    if (!tokensMatch(given ?? undefined, options.token)) {
      return {
        reason: "token",
        message:
          given === null || given === undefined
            ? "Unauthorized: this server needs its token (Authorization: Bearer <token>)."
            : "Unauthorized: the token is not this server's.",
      };
    }
    return undefined;
  };
}
