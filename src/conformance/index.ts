/**
 * `jose-core/conformance`: the conformance suite as a library. Run the vectors against jose-core
 * or any adapter (docs/conformance-protocol.md, shipped in the package), declare a profile, and
 * format the report as text, JSON, JUnit XML or TAP.
 *
 * @packageDocumentation
 */
export { handleLine, handleRequest, serveAdapter } from './adapter.js';
export { runConformanceCommand, type ExecOptions } from './exec.js';
export { CAPABILITIES, needsOf, readProfile, type ConformanceProfile } from './profile.js';
export {
  algorithmCoverage,
  coverage,
  formatReport,
  REPORT_FORMATS,
  type AlgorithmCoverage,
  type Coverage,
  type ReportFormat,
} from './report.js';
export {
  declarableItems,
  judgeConformance,
  planConformance,
  readReply,
  redact,
  runConformance,
  selectVectors,
  type CheckResult,
  type CheckStatus,
  type ConformancePlan,
  type ConformanceReport,
  type RunOptions,
  type VectorResult,
} from './runner.js';
export { loadVectors, loadWycheproofVectors, VECTOR_FORMAT, vectorsDirectory } from './vectors.js';
export type { Expectation } from './check.js';
export type * from './types.js';
export type * from './protocol.js';
