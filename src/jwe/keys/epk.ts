import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CURVES as CURVE_TABLE, generateOnCurve, generateOnCurveAsync } from '../../algs/curves.js';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { b64uDecode } from '../../util/base64url.js';
import { JoseError } from '../../util/errors.js';
import { isObject, type JsonObject } from '../../util/json.js';
import { invalid } from '../failure.js';

/** A curve ECDH-ES can agree keys on. */
export interface Curve {
  readonly kty: 'EC' | 'OKP';
  /** Octets of each public coordinate (`x`, and `y` for EC), fixed by the curve (RFC 7518 s6.2.1, RFC 8037 s2). */
  readonly bytes: number;
  /** A fresh ephemeral private key. */
  generate(): KeyObject;
  /** `generate` on libuv's thread pool. */
  generateAsync(): Promise<KeyObject>;
}

/**
 * The curves of ECDH-ES (RFC 7518 s4.6, RFC 8037 s3.2): those its row of facts names, with the
 * sizes of the one curve table.
 */
export const CURVES: ReadonlyMap<string, Curve> = new Map(
  KEY_MANAGEMENT_FACTS['ECDH-ES'].crv.map((crv) => {
    const { kty, bytes } = CURVE_TABLE[crv];
    return [
      crv,
      {
        kty,
        bytes,
        generate: () => generateOnCurve(crv),
        generateAsync: () => generateOnCurveAsync(crv),
      },
    ];
  }),
);

/**
 * Checks the form of a header's `epk` (RFC 7518 s4.6.1.1): a public JWK of a supported curve
 * with coordinates of exactly the curve's size. Cheap, so it runs before any key is looked up.
 * @throws {JoseError} `ERR_JWE_INVALID` for a missing or malformed `epk`; `ERR_NOT_SUPPORTED`
 *   for a curve not implemented
 */
export function checkEpk(epk: unknown): JsonObject {
  if (!isObject(epk)) throw invalid('the "epk" header parameter must be a JWK object');
  const crv = epk.crv;
  if (typeof crv !== 'string') throw invalid('"epk" has no "crv"');
  const curve = CURVES.get(crv);
  if (curve === undefined)
    throw new JoseError('ERR_NOT_SUPPORTED', '"epk" is on a curve ECDH-ES does not support');
  if (epk.kty !== curve.kty) throw invalid(`"epk" on ${crv} must have "kty" "${curve.kty}"`);
  if (epk.d !== undefined) throw invalid('"epk" must hold a public key only');
  const jwk: JsonObject = { kty: curve.kty, crv, x: epk.x };
  if (curve.kty === 'EC') jwk.y = epk.y;
  for (const c of curve.kty === 'EC' ? ['x', 'y'] : ['x']) {
    if (b64uDecode(epk[c], 'ERR_JWE_INVALID', `"epk" member "${c}"`).length !== curve.bytes) {
      throw invalid(`"epk" member "${c}" has the wrong length for ${crv}`);
    }
  }
  return jwk;
}

/**
 * The sender's ephemeral public key from a header's `epk`, checked as {@link checkEpk} does
 * and, for EC, to be a point on its curve: node refuses to import any other point, so an
 * invalid-curve point never meets the private key.
 * @throws {JoseError} as {@link checkEpk}; `ERR_JWE_INVALID` for a point not on its curve
 */
export function importEpk(epk: unknown): KeyObject {
  const jwk = checkEpk(epk);
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw invalid('"epk" is not a point on its curve');
  }
}

/** The `epk` member for an ephemeral private key: its public JWK with the members RFC 7518 s4.6.1.1 wants, in the usual order. */
export function epkMember(ephemeral: KeyObject, crv: string, kty: 'EC' | 'OKP'): JsonObject {
  const jwk = createPublicKey(ephemeral).export({ format: 'jwk' });
  return kty === 'EC' ? { kty, crv, x: jwk.x, y: jwk.y } : { kty, crv, x: jwk.x };
}
