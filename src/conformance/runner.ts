import { handleLine } from './adapter.js';
import type { Check } from './check.js';
import { jweChecks, keyAgreementChecks, keyWrapChecks } from './plan-jwe.js';
import { jwsChecks } from './plan-jws.js';
import { contentChecks, jwkChecks, thumbprintChecks } from './plan-keys.js';
import type { ConformanceReply, ConformanceRequest } from './protocol.js';
import type { ConformanceVector, VectorKind } from './types.js';

/** How one check of a vector went. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'not-run';
  /** What was wrong, or why it did not run. */
  detail?: string;
}

/**
 * How one vector went: `pass` when every check passed, `fail` when one failed, `not-run` when a
 * check could not run (an unsupported operation, an unrecognised vector) and `out-of-scope` for
 * vectors documented as outside what jose-core implements.
 */
export interface VectorResult {
  id: string;
  rfc: string;
  section: string;
  kind: VectorKind;
  algorithms: string[];
  status: 'pass' | 'fail' | 'not-run' | 'out-of-scope';
  /** Why the vector did not run or is out of scope. */
  reason?: string;
  checks: CheckResult[];
}

/** The outcome of a conformance run. `ok` only when nothing failed, everything in scope ran, and the adapter kept to the protocol. */
export interface ConformanceReport {
  results: VectorResult[];
  passed: number;
  failed: number;
  notRun: number;
  outOfScope: number;
  /** Protocol problems: lines that are not replies, a timeout, a crash. */
  problems: string[];
  ok: boolean;
}

/**
 * Vectors outside what jose-core implements (or whose data is superseded), with the reason.
 * They are listed in every report and never counted as passed or failed. Since OKP keys
 * (RFC 8037) are imported, every shipped vector is in scope and the list is empty; it stays as
 * the one place a vector would be set aside, with its reason, rather than silently dropped.
 */
const OUT_OF_SCOPE: ReadonlyArray<{ reason: string; applies: (v: ConformanceVector) => boolean }> = [];

function checksOf(v: ConformanceVector): Check[] | string {
  switch (v.kind) {
    case 'jws':
      return jwsChecks(v);
    case 'jwe':
      return jweChecks(v);
    case 'nested-jwt':
      return [
        ...jweChecks({ inputs: v.inputs.jwe, expected: v.expected.jwe, keys: v.keys }, 'JWE: '),
        ...jwsChecks({ inputs: v.inputs.jws, expected: v.expected.jws, keys: v.keys }, 'inner JWS: '),
      ];
    case 'jwk':
      return jwkChecks(v);
    case 'thumbprint':
      return thumbprintChecks(v);
    case 'key-wrap':
      return keyWrapChecks(v);
    case 'content-encryption':
      return contentChecks(v);
    case 'key-agreement':
      return keyAgreementChecks(v);
    case 'unrecognised':
      return `unrecognised vector: ${v.reason}`;
  }
}

interface Planned {
  vector: ConformanceVector;
  skip?: { status: 'not-run' | 'out-of-scope'; reason: string };
  checks: Array<{ id: string; check: Check }>;
}

/** The vectors turned into protocol requests, and what each reply must be. */
export interface ConformancePlan {
  readonly requests: readonly ConformanceRequest[];
  /** @internal */
  readonly planned: readonly Planned[];
}

/**
 * Turns vectors into the requests of a run. Request ids are `<vector id>#<n>`.
 *
 * @example
 * ```ts
 * const plan = planConformance(loadVectors())
 * plan.requests.length // one request per check
 * ```
 */
export function planConformance(vectors: readonly ConformanceVector[]): ConformancePlan {
  const requests: ConformanceRequest[] = [];
  const planned = vectors.map((vector): Planned => {
    const scoped = OUT_OF_SCOPE.find((o) => o.applies(vector));
    if (scoped !== undefined) return { vector, skip: { status: 'out-of-scope', reason: scoped.reason }, checks: [] };
    const checks = checksOf(vector);
    if (typeof checks === 'string') return { vector, skip: { status: 'not-run', reason: checks }, checks: [] };
    if (checks.length === 0) return { vector, skip: { status: 'not-run', reason: 'no check of the runner applies to this vector' }, checks: [] };
    return {
      vector,
      checks: checks.map((check, n) => {
        const id = `${vector.id}#${n + 1}`;
        requests.push({ ...check.request, id } as ConformanceRequest);
        return { id, check };
      }),
    };
  });
  return { requests, planned };
}

function judgeCheck(check: Check, reply: ConformanceReply | undefined): CheckResult {
  if (reply === undefined) return { name: check.name, status: 'fail', detail: 'no reply' };
  const wrong = check.judge(reply);
  if (wrong === undefined) return { name: check.name, status: 'pass' };
  if (!reply.ok && reply.unsupported === true) return { name: check.name, status: 'not-run', detail: `unsupported by the implementation: ${reply.error}` };
  return { name: check.name, status: 'fail', detail: wrong };
}

/**
 * Judges the replies of a run against its plan.
 *
 * @param replies - the replies by request id
 * @param problems - protocol problems seen while running (they make the run fail)
 */
export function judgeConformance(plan: ConformancePlan, replies: ReadonlyMap<string, ConformanceReply>, problems: readonly string[] = []): ConformanceReport {
  const results = plan.planned.map(({ vector, skip, checks }): VectorResult => {
    const base = { id: vector.id, rfc: vector.rfc, section: vector.section, kind: vector.kind, algorithms: vector.algorithms };
    if (skip !== undefined) return { ...base, status: skip.status, reason: skip.reason, checks: [] };
    const done = checks.map(({ id, check }) => judgeCheck(check, replies.get(id)));
    const status = done.some((c) => c.status === 'fail') ? 'fail' : done.some((c) => c.status === 'not-run') ? 'not-run' : 'pass';
    return { ...base, status, checks: done };
  });
  const count = (s: VectorResult['status']): number => results.filter((r) => r.status === s).length;
  const report = { results, passed: count('pass'), failed: count('fail'), notRun: count('not-run'), outOfScope: count('out-of-scope'), problems: [...problems] };
  return { ...report, ok: report.failed === 0 && report.notRun === 0 && report.problems.length === 0 };
}

/** A reply line read back, or what is wrong with it. */
export function readReply(line: string): ConformanceReply | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'a line of output is not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a line of output is not a JSON object';
  const r = v as { id?: unknown; ok?: unknown; error?: unknown };
  if (typeof r.id !== 'string' || typeof r.ok !== 'boolean' || (r.ok === false && typeof r.error !== 'string')) return 'a reply lacks a string "id", a boolean "ok" or, when not ok, an "error"';
  return v as ConformanceReply;
}

/**
 * Runs vectors in-process through the protocol's JSON lines: each request is written as a line,
 * answered by `respond` (by default jose-core's own adapter) and read back as a line.
 *
 * @example
 * ```ts
 * const report = runConformance(loadVectors())
 * report.ok // true when jose-core passes every vector in scope
 * ```
 */
export function runConformance(vectors: readonly ConformanceVector[], respond: (line: string) => string = handleLine): ConformanceReport {
  const plan = planConformance(vectors);
  const replies = new Map<string, ConformanceReply>();
  const problems: string[] = [];
  for (const request of plan.requests) {
    const reply = readReply(respond(JSON.stringify(request)));
    if (typeof reply === 'string') problems.push(`${request.id}: ${reply}`);
    else replies.set(reply.id, reply);
  }
  return judgeConformance(plan, replies, problems);
}
