export { allowedHostsFor, isLoopback, isWildcard, urlHost } from "./allowed-hosts.js";
export { checkOrigins, normaliseOrigin } from "./allowed-origins.js";
export { bearerTokenOf, checkToken, createToken, minimumTokenLength, tokensMatch } from "./bearer-token.js";
export { checkListenAddress, type ListenAddress, type Listening, listen } from "./listen.js";
export {
  createRequestGuard,
  type GuardRefusal,
  type RequestGuard,
  type RequestGuardOptions,
} from "./request-guard.js";
