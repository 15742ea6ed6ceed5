import { lazyRequire } from "../../runtime/lazy-require.js";

/**
 * `@opentelemetry/api`, loaded by the first `openTelemetry()` call rather than by `import "weft"`. The API keeps its
 * registered tracer and meter providers on a global, so this copy sees what the application registered, whichever
 * way (import or require) the application loaded it.
 */
export const otel = lazyRequire<typeof import("@opentelemetry/api")>("@opentelemetry/api");
