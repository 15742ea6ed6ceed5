import type { Attributes, Context, Span, Tracer } from "@opentelemetry/api";
import type { WeftError } from "../../errors/weft-error.js";
import { otel } from "./api.js";
import { guarded } from "./guard.js";
import { Attribute } from "./span-attributes.js";

/**
 * Starts a span; a tracer that throws gives a span that records nothing instead, so that the code keeping track of
 * spans runs the same whether or not the SDK behaves.
 */
export function startSpan(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  startTime: number,
  parent: Context,
): Span {
  return (
    guarded(`starting span "${name}"`, () =>
      tracer.startSpan(name, { kind: otel().SpanKind.INTERNAL, attributes, startTime }, parent),
    ) ?? otel().trace.wrapSpanContext(otel().INVALID_SPAN_CONTEXT)
  );
}

/** Ends a span, first setting its attributes and, for a failure, its error: status ERROR, `error.type`, exception. */
export function endSpan(
  span: Span,
  endTime: number,
  attributes: Attributes,
  failure?: { error: WeftError | undefined; fallbackType: string },
): void {
  guarded("ending a span", () => {
    span.setAttributes(attributes);
    if (failure !== undefined) {
      const error = failure.error;
      span.setAttribute(Attribute.errorType, error?.code ?? failure.fallbackType);
      span.setStatus({ code: otel().SpanStatusCode.ERROR, message: error?.message ?? failure.fallbackType });
      if (error !== undefined) span.recordException(error, endTime);
    }
  });
  // Ended even when the above failed: a span left open would never be exported.
  guarded("ending a span", () => span.end(endTime));
}

/** Sets an attribute on a live span. */
export function setSpanAttribute(span: Span, name: string, value: boolean | number | string): void {
  guarded("setting an attribute", () => span.setAttribute(name, value));
}
