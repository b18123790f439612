// Planning: vectors turned into checks and protocol requests. Apart from the judging and running
// in runner.ts so that each stays small; runner.ts imports this, never the other way.
import type { Check } from './check.js';
import { jweChecks } from './plan-jwe.js';
import { jwsChecks } from './plan-jws.js';
import { keyAgreementChecks, keyWrapChecks } from './plan-key-management.js';
import { contentChecks, jwkChecks, thumbprintChecks } from './plan-keys.js';
import { type ConformanceProfile, needsOf } from './profile.js';
import type { ConformanceRequest } from './protocol.js';
import type { ConformanceVector } from './types.js';

function checksOf(v: ConformanceVector): Check[] | string {
  switch (v.kind) {
    case 'jws':
      return jwsChecks(v);
    case 'jwe':
      return jweChecks(v);
    case 'nested-jwt':
      return [
        ...jweChecks({ inputs: v.inputs.jwe, expected: v.expected.jwe, keys: v.keys }, 'JWE: '),
        ...jwsChecks(
          { inputs: v.inputs.jws, expected: v.expected.jws, keys: v.keys },
          'inner JWS: ',
        ),
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

/** One check of a vector, with its request id and what it needs. */
export interface PlannedCheck {
  /** The request id. */
  id: string;
  check: Check;
  /** What it needs: its operation, algorithms, curves and capabilities. */
  needs: string[];
  /** The declared items it needs: it is skipped, not sent. */
  skippedFor: string[];
}

interface Planned {
  vector: ConformanceVector;
  /** Why the vector cannot run at all: it then fails. */
  unreadable?: string;
  /** Every check of the vector, in order. */
  checks: PlannedCheck[];
}

/** The vectors turned into protocol requests, and what each reply must be. */
export interface ConformancePlan {
  /** The requests to send: every check the profile does not skip. */
  readonly requests: readonly ConformanceRequest[];
  /** What the implementation declared it does not offer. */
  readonly profile: ConformanceProfile;
  /** @internal */
  readonly planned: readonly Planned[];
}

/**
 * Turns vectors into the requests of a run. Request ids are `<vector id>#<n>`; checks needing an
 * item the profile declares unsupported are planned as skipped and not sent.
 *
 * @example
 * ```ts
 * const plan = planConformance(loadVectors(), { unsupported: ['RSA1_5'] })
 * plan.requests.length // one request per check that runs
 * ```
 */
export function planConformance(
  vectors: readonly ConformanceVector[],
  profile: ConformanceProfile = { unsupported: [] },
): ConformancePlan {
  const declared = new Set(profile.unsupported);
  const requests: ConformanceRequest[] = [];
  const planned = vectors.map((vector): Planned => {
    const checks = checksOf(vector);
    if (typeof checks === 'string') return { vector, unreadable: checks, checks: [] };
    if (checks.length === 0)
      return { vector, unreadable: 'no check of the runner applies to this vector', checks: [] };
    return {
      vector,
      checks: checks.map((check, n) => {
        const id = `${vector.id}#${n + 1}`;
        const needs = needsOf(check.request, check.needs);
        const skippedFor = needs.filter((x) => declared.has(x));
        if (skippedFor.length === 0) requests.push({ ...check.request, id } as ConformanceRequest);
        return { id, check, needs, skippedFor };
      }),
    };
  });
  return { requests, profile, planned };
}

/**
 * Everything the checks of these vectors need, which is what a profile may declare unsupported.
 *
 * @example
 * ```ts
 * declarableItems(loadVectors()).includes('RSA1_5') // true
 * ```
 */
export function declarableItems(vectors: readonly ConformanceVector[]): Set<string> {
  return new Set(planConformance(vectors).planned.flatMap((p) => p.checks.flatMap((c) => c.needs)));
}
