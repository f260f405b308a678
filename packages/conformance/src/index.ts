// The conformance kit: the protocol's behaviours (packages/receipt/PROTOCOL.md) run against any backend.
export { runConformance } from './run-conformance.js';
export type { ConformanceOptions, CheckResult } from './run-conformance.js';
