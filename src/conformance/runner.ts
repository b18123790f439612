import { JoseError } from '../util/errors.js';
import { handleLine } from './adapter.js';
import type { Check } from './check.js';
import { type ConformancePlan, type PlannedCheck, planConformance } from './plan.js';
import type { ConformanceProfile } from './profile.js';
import type { ConformanceReply } from './protocol.js';
import {
  type CheckResult,
  type ConformanceReport,
  countChecks,
  type VectorResult,
} from './result.js';
import type { ConformanceVector } from './types.js';

// Planning lives in plan.ts; its public names stay importable from here, as before the split.
export { type ConformancePlan, declarableItems, planConformance } from './plan.js';
export {
  type CheckResult,
  type CheckStatus,
  type ConformanceReport,
  countChecks,
  type VectorResult,
} from './result.js';

const UNREADABLE: Check['expect'] = 'accept';

const SECRET_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'cek']);

/** A deep copy with private and secret key members (and given CEKs) replaced by `"[redacted]"`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_MEMBERS.has(k) && typeof v === 'string' ? '[redacted]' : redact(v),
    ]),
  );
}

function receivedOf(check: Check, reply: ConformanceReply, wrong: string): unknown {
  if (!reply.ok) return `refused: ${reply.error}`;
  if (check.expect === 'equal' && check.expected !== undefined)
    return redact(Object.fromEntries(Object.keys(check.expected).map((k) => [k, reply[k]])));
  return wrong;
}

function judgeCheck(planned: PlannedCheck, reply: ConformanceReply | undefined): CheckResult {
  const { id, check, skippedFor } = planned;
  const base = {
    name: check.name,
    expect: check.expect,
    requestId: id,
    ...(check.reason === undefined ? {} : { reason: check.reason }),
  };
  const expected = check.expected === undefined ? {} : { expected: redact(check.expected) };
  if (skippedFor.length > 0)
    return {
      ...base,
      status: 'skipped',
      reason: `needs ${skippedFor.join(', ')}, declared unsupported`,
    };
  const request = redact({ ...check.request, id });
  if (reply === undefined)
    return { ...base, ...expected, status: 'fail', received: 'no reply', request };
  // Declared items were skipped above, so any `unsupported` answer left is undeclared: a failure,
  // whatever the expectation (a refuse check included), as the protocol says.
  if (!reply.ok && reply.unsupported === true) {
    return {
      ...base,
      ...expected,
      status: 'unsupported',
      received: receivedOf(check, reply, ''),
      request,
    };
  }
  const wrong = check.judge(reply);
  if (wrong === undefined) return { ...base, ...expected, status: 'pass' };
  return {
    ...base,
    ...expected,
    status: 'fail',
    received: receivedOf(check, reply, wrong),
    request,
  };
}

function sourceOf(v: ConformanceVector): string {
  return v.section === '' ? v.rfc : `${v.rfc}, ${v.section}`;
}

/**
 * Judges the replies of a run against its plan.
 *
 * @param replies - the replies by request id
 * @param problems - protocol problems seen while running (they make the run fail)
 * @param implementation - the name the report gives the implementation
 */
export function judgeConformance(
  plan: ConformancePlan,
  replies: ReadonlyMap<string, ConformanceReply>,
  problems: readonly string[] = [],
  implementation = 'jose-core',
): ConformanceReport {
  const vectors = plan.planned.map(({ vector, unreadable, checks }): VectorResult => {
    const base = {
      id: vector.id,
      source: sourceOf(vector),
      kind: vector.kind,
      algorithms: vector.algorithms,
    };
    if (unreadable !== undefined) {
      const check: CheckResult = {
        name: 'read the vector',
        expect: UNREADABLE,
        status: 'fail',
        received: unreadable,
        requestId: `${vector.id}#0`,
      };
      return { ...base, status: 'fail', checks: [check] };
    }
    const done = checks.map((c) => judgeCheck(c, replies.get(c.id)));
    const failed = done.some((c) => c.status === 'fail' || c.status === 'unsupported');
    const status = failed ? 'fail' : done.every((c) => c.status === 'skipped') ? 'skipped' : 'pass';
    return { ...base, status, checks: done };
  });
  const summary = countChecks(vectors);
  const ok = summary.fail === 0 && summary.unsupported === 0 && problems.length === 0;
  return { implementation, profile: plan.profile, summary, vectors, problems: [...problems], ok };
}

/**
 * The vectors `only` selects: the one whose id it is, else those whose id the regular expression
 * matches (an id with `#n` selects the vector it belongs to).
 *
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` when nothing is selected or the expression is invalid
 * @example
 * ```ts
 * selectVectors(loadVectors(), 'RFC7515-A.1') // that vector
 * selectVectors(loadVectors(), '^RFC3394-') // the six key-wrap vectors
 * ```
 */
export function selectVectors(
  vectors: readonly ConformanceVector[],
  only: string,
): ConformanceVector[] {
  const id = only.replace(/#\d+$/, '');
  const exact = vectors.filter((v) => v.id === id);
  if (exact.length > 0) return exact;
  let pattern: RegExp;
  try {
    pattern = new RegExp(only);
  } catch {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      '--only is neither a vector id nor a valid regular expression',
    );
  }
  const matched = vectors.filter((v) => pattern.test(v.id));
  if (matched.length === 0) throw new JoseError('ERR_INVALID_ARGUMENT', '--only selects no vector');
  return matched;
}

/** A reply line read back, or what is wrong with it. */
export function readReply(line: string): ConformanceReply | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'a line of output is not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'a line of output is not a JSON object';
  const r = v as { id?: unknown; ok?: unknown; error?: unknown };
  if (
    typeof r.id !== 'string' ||
    typeof r.ok !== 'boolean' ||
    (r.ok === false && typeof r.error !== 'string')
  )
    return 'a reply lacks a string "id", a boolean "ok" or, when not ok, an "error"';
  return v as ConformanceReply;
}

/** Options of {@link runConformance}. */
export interface RunOptions {
  /** Answers one request line with one reply line (default: jose-core's own adapter). */
  respond?: (line: string) => string;
  /** What the implementation declared it does not offer. */
  profile?: ConformanceProfile;
}

/**
 * Runs vectors in-process through the protocol's JSON lines: each request is written as a line,
 * answered by `respond` (by default jose-core's own adapter) and read back as a line.
 *
 * @example
 * ```ts
 * const report = runConformance(loadVectors())
 * report.ok // true when jose-core passes every vector
 * ```
 */
export function runConformance(
  vectors: readonly ConformanceVector[],
  options: RunOptions = {},
): ConformanceReport {
  const plan = planConformance(vectors, options.profile);
  const respond = options.respond ?? handleLine;
  const replies = new Map<string, ConformanceReply>();
  const problems: string[] = [];
  for (const request of plan.requests) {
    const reply = readReply(respond(JSON.stringify(request)));
    if (typeof reply === 'string') problems.push(`${request.id}: ${reply}`);
    else replies.set(reply.id, reply);
  }
  const implementation =
    options.profile?.implementation ??
    (options.respond === undefined ? 'jose-core' : 'in-process responder');
  return judgeConformance(plan, replies, problems, implementation);
}
