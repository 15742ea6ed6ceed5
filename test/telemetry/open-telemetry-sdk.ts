import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** A metric reader that collects when the test asks it to. */
class TestMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * A real OpenTelemetry SDK, in memory: spans to an InMemorySpanExporter, metrics read on demand, and the async-hooks
 * context manager registered globally (as NodeSDK does), so that context follows awaits.
 */
export class InMemorySdk {
  readonly exporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.exporter)],
  });
  readonly tracer = this.tracerProvider.getTracer("weft-test");
  readonly #reader = new TestMetricReader();
  readonly meterProvider = new MeterProvider({ readers: [this.#reader] });
  readonly meter = this.meterProvider.getMeter("weft-test");

  constructor() {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }

  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }

  /** The finished spans named `name`. */
  spansNamed(name: string): ReadableSpan[] {
    return this.spans().filter((span) => span.name === name);
  }

  /** Every metric collected now, by name. */
  async metrics(): Promise<Map<string, MetricData>> {
    const { resourceMetrics, errors } = await this.#reader.collect();
    if (errors.length > 0) throw errors[0];
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    }
    return byName;
  }

  async shutdown(): Promise<void> {
    context.disable();
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

/** A metric's data points, as `attributes → value` pairs that tests can compare. */
export function pointsOf(metric: MetricData | undefined): { attributes: object; value: unknown }[] {
  if (metric === undefined) return [];
  return (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
    attributes: point.attributes,
    value: point.value,
  }));
}

/** A histogram's data points, with their counts. */
export function histogramCounts(metric: MetricData | undefined): { attributes: object; count: number }[] {
  if (metric === undefined) return [];
  return (metric.dataPoints as DataPoint<Histogram>[]).map((point) => ({
    attributes: point.attributes,
    count: point.value.count,
  }));
}

/** A span's time in ms since the epoch. */
export function milliseconds(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}
