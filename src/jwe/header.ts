import { isB64u } from '../util/base64url.js';
import { JoseError } from '../util/errors.js';
import {
  COMMON_PARAMETER_TYPES,
  COMMON_REGISTERED,
  checkCrit,
  type ParameterCheck,
} from '../util/header-types.js';
import { isObject, type JsonObject } from '../util/json.js';
import { invalid } from './failure.js';
import type { JWEHeaderParameters } from './types.js';

/**
 * Header parameter names registered for JWE: the shared ones and RFC 7518 s4.6-4.8's key
 * management members. `crit` may never list them (RFC 7516 s4.1.13).
 */
const REGISTERED: ReadonlySet<string> = new Set([
  ...COMMON_REGISTERED,
  'epk',
  'apu',
  'apv',
  'iv',
  'tag',
  'p2s',
  'p2c',
]);

// Canonical base64url of `min` to `max` octets; the length in octets follows from the text's.
const octets =
  (min: number, max = min) =>
  (v: unknown): boolean =>
    typeof v === 'string' &&
    isB64u(v) &&
    Math.floor((v.length * 3) / 4) >= min &&
    Math.floor((v.length * 3) / 4) <= max;

// The types RFC 7515/7516/7518 give the registered parameters that `JWEHeaderParameters`
// promises, that a key resolver may read, or that a key management algorithm reads (RFC 7518
// s4.6.1, s4.7.1, s4.8.1: a 96-bit GCM key wrap IV, a 128-bit tag, a salt of 8 octets or more,
// a positive iteration count). Their meaning does not depend on `alg`, so they are checked
// wherever they appear.
const TYPES: readonly ParameterCheck[] = [
  ...COMMON_PARAMETER_TYPES,
  ['epk', isObject],
  ['apu', octets(0, Infinity)],
  ['apv', octets(0, Infinity)],
  ['iv', octets(12)],
  ['tag', octets(16)],
  ['p2s', octets(8, Infinity)],
  ['p2c', (v) => Number.isSafeInteger(v) && (v as number) > 0],
];

const NONE: ReadonlySet<string> = new Set();

/** The three places a JWE header parameter can live (RFC 7516 s7.2.1). */
export interface HeaderParts {
  protected?: JsonObject | undefined;
  unprotected?: JsonObject | undefined;
  recipient?: JsonObject | undefined;
}

// RFC 7516 s4.1.3: `zip` must be integrity protected, and "DEF" is the one registered value.
function checkZip(zip: unknown, p: JsonObject | undefined): void {
  if (typeof zip !== 'string') throw invalid('"zip" must be a string');
  if (p === undefined || !Object.hasOwn(p, 'zip'))
    throw invalid('"zip" must be in the protected header');
  if (zip !== 'DEF') throw new JoseError('ERR_NOT_SUPPORTED', 'the only supported "zip" is "DEF"');
}

/**
 * Validates the header parts of one recipient and returns its JOSE header (their union, RFC
 * 7516 s7.2.1). Producers and recipients both run it, so nothing is encrypted that would later
 * be refused. The parts must be disjoint; `alg` and `enc` must be non-empty strings, `enc` in a
 * shared part (every recipient shares the content encryption); `zip`, when present, must be
 * "DEF" in the protected header; `crit` (RFC 7516 s4.1.13) must sit in the protected header and
 * be a non-empty list of distinct, unregistered names present in that header and, for a
 * recipient, listed in `understood`. Registered members have their registered types.
 *
 * @param understood - the recipient's understood extensions, or `undefined` for a producer
 * @throws {JoseError} `ERR_JWE_INVALID` for a header that breaks RFC 7516 or 7518;
 *   `ERR_NOT_SUPPORTED` for a `zip` other than "DEF"
 */
export function joseHeader(
  parts: HeaderParts,
  understood: readonly string[] | undefined,
): JWEHeaderParameters {
  const p = parts.protected;
  const u = parts.unprotected;
  const r = parts.recipient;
  for (const name of u === undefined ? [] : Object.keys(u)) {
    if (p !== undefined && Object.hasOwn(p, name))
      throw invalid('a header parameter appears in more than one header');
  }
  for (const name of r === undefined ? [] : Object.keys(r)) {
    if (
      (p !== undefined && Object.hasOwn(p, name)) ||
      (u !== undefined && Object.hasOwn(u, name))
    ) {
      throw invalid('a header parameter appears in more than one header');
    }
  }
  // A compact token has only the protected header, which is then used as it is. Spreading
  // defines own properties, so a "__proto__" member stays a plain member.
  const header: JsonObject = u === undefined && r === undefined ? (p ?? {}) : { ...p, ...u, ...r };
  if (header.zip !== undefined) checkZip(header.zip, p);
  if (typeof header.alg !== 'string' || header.alg === '')
    throw invalid('the JWE header has no "alg" string');
  if (typeof header.enc !== 'string' || header.enc === '')
    throw invalid('the JWE header has no "enc" string');
  if (r !== undefined && Object.hasOwn(r, 'enc'))
    throw invalid('"enc" must be in the protected or shared unprotected header');
  for (const [name, ok] of TYPES) {
    const value = header[name];
    if (value !== undefined && !ok(value))
      throw invalid(`header parameter "${name}" has the wrong type`);
  }
  if (Object.hasOwn(header, 'crit')) {
    if (p === undefined || !Object.hasOwn(p, 'crit'))
      throw invalid('"crit" must be in the protected header');
    checkCrit(p, REGISTERED, understood, NONE, 'ERR_JWE_INVALID');
  }
  return header as JWEHeaderParameters;
}
