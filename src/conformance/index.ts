/**
 * `jose-core/conformance`: the conformance suite as a library. Run the vectors against jose-core
 * or any adapter (docs/conformance-protocol.md, shipped in the package), declare a profile, and
 * format the report as text, JSON, JUnit XML or TAP.
 *
 * @packageDocumentation
 */
export { handleLine, handleRequest, serveAdapter } from './adapter.js';
export type { Expectation } from './check.js';
export { type ExecOptions, runConformanceCommand } from './exec.js';
export { CAPABILITIES, type ConformanceProfile, needsOf, readProfile } from './profile.js';
export type * from './protocol.js';
export {
  type AlgorithmCoverage,
  algorithmCoverage,
  type Coverage,
  coverage,
  formatReport,
  REPORT_FORMATS,
  type ReportFormat,
} from './report.js';
export {
  type CheckResult,
  type CheckStatus,
  type ConformancePlan,
  type ConformanceReport,
  declarableItems,
  judgeConformance,
  planConformance,
  type RunOptions,
  readReply,
  redact,
  runConformance,
  selectVectors,
  type VectorResult,
} from './runner.js';
export type * from './types.js';
export { loadVectors, loadWycheproofVectors, VECTOR_FORMAT, vectorsDirectory } from './vectors.js';
