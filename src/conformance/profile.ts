import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import type { PlannedRequest } from './check.js';
import type { JsonObject } from './types.js';

/**
 * What an implementation declares it does not offer: algorithm identifiers (`RSA1_5`), curve
 * names (`Ed448`, `secp256k1`), operations (`content-encrypt`) and capabilities
 * (`fixed-ephemeral-key`, `fixed-cek`). Checks that need a declared item are `skipped`; an
 * `unsupported` answer for anything else is a failure.
 *
 * @example
 * ```ts
 * const profile: ConformanceProfile = { implementation: 'jose 6', unsupported: ['RSA1_5', 'Ed448'] }
 * ```
 */
export interface ConformanceProfile {
  /** The name the report gives the implementation. */
  implementation?: string;
  /** Algorithm identifiers, curve names, operations and capabilities not offered. */
  unsupported: string[];
}

/**
 * Capabilities a check may need beyond the algorithms, curves and operation its request names:
 * taking a given ephemeral key (ECDH-ES) or a given content encryption key.
 */
export const CAPABILITIES = ['fixed-ephemeral-key', 'fixed-cek'] as const;

const HEADER_NAMES = ['alg', 'enc'];

function add(into: Set<string>, value: unknown): void {
  // "none" is never a capability: its checks expect a refusal that no declaration may skip.
  if (typeof value === 'string' && value !== '' && value !== 'none') into.add(value);
}

function fromHeader(into: Set<string>, header: unknown): void {
  if (isObject(header)) for (const name of HEADER_NAMES) add(into, header[name]);
}

function fromKey(into: Set<string>, jwk: unknown): void {
  if (isObject(jwk)) add(into, jwk.crv);
}

/**
 * Everything a request needs of an implementation: its operation, the algorithms it names (the
 * requested `alg`/`enc` and those of the headers asked for) and the curves of its keys, plus a
 * check's own extra capabilities.
 *
 * @example
 * ```ts
 * needsOf({ op: 'verify', jws, key: { kty: 'OKP', crv: 'Ed448', x }, alg: 'EdDSA' })
 * // ['verify', 'EdDSA', 'Ed448']
 * ```
 */
export function needsOf(request: PlannedRequest, extra: readonly string[] = []): string[] {
  const out = new Set<string>([request.op]);
  const r = request as unknown as JsonObject;
  add(out, r.alg);
  add(out, r.enc);
  fromHeader(out, r.protected);
  fromHeader(out, r.unprotected);
  fromKey(out, r.key);
  fromKey(out, r.jwk);
  for (const list of [r.signers, r.recipients]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isObject(item)) continue;
      fromHeader(out, item.protected);
      fromHeader(out, item.header);
      fromKey(out, item.key);
      fromKey(out, item.ephemeralKey);
    }
  }
  // A given CEK is compared through the output: a check that gives one needs an adapter that takes it.
  if (r.cek !== undefined) out.add('fixed-cek');
  for (const e of extra) out.add(e);
  return [...out];
}

/**
 * Reads a profile file's JSON: `{ "implementation"?: string, "unsupported": [string...] }`.
 *
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` when it is not of that shape
 * @example
 * ```ts
 * readProfile('{"unsupported":["RSA1_5"]}') // { unsupported: ['RSA1_5'] }
 * ```
 */
export function readProfile(text: string): ConformanceProfile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'the profile is not JSON');
  }
  const list = isObject(v) ? v.unsupported : undefined;
  if (!isObject(v) || !Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    const shape = '{"implementation"?: string, "unsupported": [string, ...]}';
    throw new JoseError('ERR_INVALID_ARGUMENT', `a profile is ${shape}`);
  }
  const name = v.implementation;
  if (name !== undefined && typeof name !== 'string') {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'the profile\'s "implementation" is not a string');
  }
  return {
    ...(name === undefined ? {} : { implementation: name }),
    unsupported: [...(list as string[])],
  };
}
