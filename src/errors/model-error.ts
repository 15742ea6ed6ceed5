import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ModelError");

/** Why a model request failed. */
export type ModelErrorReason =
  /** The server could not be reached (refused, DNS, timeout). */
  | "unreachable"
  /** The key is missing or was refused (401, 403). */
  | "unauthorized"
  /** The provider throttled the request (429). */
  | "rate-limited"
  /** The request was refused as malformed (400, 404, 422…). */
  | "bad-request"
  /** The provider failed (5xx), or its answer could not be read. */
  | "server"
  /** The request's signal was aborted. */
  | "aborted";

/** A model request failed: the provider could not be reached, refused the request, or answered something unreadable. */
export class ModelError extends WeftError {
  readonly [marker] = true;
  readonly provider: string;
  readonly reason: ModelErrorReason;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(options: {
    provider: string;
    reason: ModelErrorReason;
    message: string;
    status?: number;
    cause?: unknown;
  }) {
    super("MODEL_REQUEST_FAILED", options.message, { cause: options.cause });
    this.name = "ModelError";
    this.provider = options.provider;
    this.reason = options.reason;
    this.status = options.status;
  }

  static override isInstance(error: unknown): error is ModelError {
    return hasMarker(error, marker);
  }
}
