import { JoseError } from '../util/errors.js';
import { COMMON_PARAMETER_TYPES, COMMON_REGISTERED, checkCrit } from '../util/header-types.js';
import type { JsonObject } from '../util/json.js';

// `crit` may never list a registered name (RFC 7515 s4.1.11).
const REGISTERED: ReadonlySet<string> = new Set(COMMON_REGISTERED);

// `b64` (RFC 7797) is processed by this room itself, so a verifier need not list it as understood.
const PROCESSED_HERE: ReadonlySet<string> = new Set(['b64']);

// The types RFC 7515 s4.1 gives the registered parameters; `JWSHeaderParameters` promises them.
const TYPES = COMMON_PARAMETER_TYPES;

function invalid(message: string): JoseError {
  return new JoseError('ERR_JWS_INVALID', message);
}

/**
 * RFC 7797 s3, s6: `b64` is a boolean, integrity protected, and listed in `crit`, so that a
 * verifier that does not know it refuses the token rather than check another signing input.
 * `crit` is required for `true` as well: a value that changes nothing has no reason to be
 * written without it.
 */
function checkB64(protectedHeader: JsonObject | undefined, b64: unknown): void {
  if (typeof b64 !== 'boolean') throw invalid('"b64" must be a boolean');
  if (protectedHeader === undefined || !Object.hasOwn(protectedHeader, 'b64'))
    throw invalid('"b64" must be in the protected header');
  const crit = protectedHeader.crit;
  if (!Array.isArray(crit) || !crit.includes('b64'))
    throw invalid('"b64" must be listed in "crit"');
}

/**
 * Validates the headers of one JWS signature and returns the header that applies to it (the
 * protected and unprotected headers merged, RFC 7515 s7.2.1). Both producers and verifiers run
 * it, so nothing is signed that would later be refused.
 *
 * @param understood - the verifier's understood extensions, or `undefined` for a producer
 * @throws {JoseError} `ERR_JWS_INVALID` for a header that breaks RFC 7515 or, with `b64`, RFC 7797
 */
export function checkHeaders(
  protectedHeader: JsonObject | undefined,
  unprotectedHeader: JsonObject | undefined,
  understood: readonly string[] | undefined,
): JsonObject {
  let header: JsonObject;
  if (unprotectedHeader === undefined) {
    header = protectedHeader ?? {};
  } else {
    if (Object.hasOwn(unprotectedHeader, 'crit'))
      throw invalid('"crit" must be in the protected header');
    if (protectedHeader !== undefined) {
      for (const name of Object.keys(unprotectedHeader)) {
        if (Object.hasOwn(protectedHeader, name))
          throw invalid('a header parameter is both protected and unprotected');
      }
    }
    header = { ...protectedHeader, ...unprotectedHeader };
  }
  if (typeof header.alg !== 'string') throw invalid('the header has no "alg" string');
  for (const [name, ok] of TYPES) {
    const value = header[name];
    if (value !== undefined && !ok(value))
      throw invalid(`header parameter "${name}" has the wrong type`);
  }
  if (protectedHeader !== undefined && Object.hasOwn(protectedHeader, 'crit'))
    checkCrit(protectedHeader, REGISTERED, understood, PROCESSED_HERE, 'ERR_JWS_INVALID');
  if (Object.hasOwn(header, 'b64')) checkB64(protectedHeader, header.b64);
  return header;
}
