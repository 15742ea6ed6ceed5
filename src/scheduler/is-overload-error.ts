import { RateLimitedError } from "../errors/rate-limited-error.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";

/**
 * Whether an error says that the service behind a tool is overloaded, so that an adaptive limit cuts at once: the tool
 * threw a `RateLimitedError` (it was throttled), or the attempt ran past its `timeoutMs`. A tool's own
 * `isOverload` predicate can add more (an HTTP 503, a "server busy" message).
 */
export function isOverloadError(error: unknown): boolean {
  return RateLimitedError.isInstance(error) || ToolTimeoutError.isInstance(error);
}
