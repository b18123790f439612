// What a run reports: the result of each check and vector, and the whole report.
import type { Expectation } from './check.js';
import type { ConformanceProfile } from './profile.js';
import type { VectorKind } from './types.js';

/** How one check went: `unsupported` is an `unsupported` answer for nothing the profile declared, a failure. */
export type CheckStatus = 'pass' | 'fail' | 'unsupported' | 'skipped';

/** How one check of a vector went. Secrets in `request` are redacted. */
export interface CheckResult {
  /** What the check does. */
  name: string;
  /** What the check expects of the reply. */
  expect: Expectation;
  /** How it went. */
  status: CheckStatus;
  /** The published outputs an `equal` check wanted. */
  expected?: unknown;
  /** What came back, or what is wrong with it, when the check did not pass. */
  received?: unknown;
  /** The request sent, when the check did not pass (secrets redacted). */
  request?: unknown;
  /** The request id (`<vector id>#<n>`), which `--only` and `--dump-requests` use. */
  requestId: string;
  /** Why a refusal is due, with its RFC or CVE; or why the check was skipped. */
  reason?: string;
}

/** How one vector went; `status` is `fail` when a check failed or was unsupported, `skipped` when every check was. */
export interface VectorResult {
  /** The vector id. */
  id: string;
  /** The RFC and section (or other origin) the vector comes from. */
  source: string;
  /** What the vector exercises. */
  kind: VectorKind;
  /** Every `alg`/`enc` identifier involved. */
  algorithms: string[];
  /** How it went. */
  status: 'pass' | 'fail' | 'skipped';
  /** Every check of the vector, in order. */
  checks: CheckResult[];
}

/**
 * The outcome of a run. `implementation`, `profile`, `summary` and `vectors` are the JSON report's
 * contract (see docs/conformance-protocol.md); `ok` only when nothing failed, nothing undeclared
 * was unsupported and the adapter kept to the protocol.
 */
export interface ConformanceReport {
  /** The name of the implementation run. */
  implementation: string;
  /** What the implementation declared it does not offer. */
  profile: ConformanceProfile;
  /** Counts of checks by status. */
  summary: Record<CheckStatus, number>;
  /** One entry per vector. */
  vectors: VectorResult[];
  /** Protocol problems: lines that are not replies, a timeout, a crash. */
  problems: string[];
  /** Whether the run passed. */
  ok: boolean;
}

/** The checks of these vectors by status: a report's `summary`. */
export function countChecks(vectors: readonly VectorResult[]): Record<CheckStatus, number> {
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, unsupported: 0, skipped: 0 };
  for (const v of vectors) for (const c of v.checks) summary[c.status] += 1;
  return summary;
}
