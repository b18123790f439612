import { Buffer } from 'node:buffer';
import { keyManagementFacts } from '../algs/lookup.js';
import type { JWEKeyLike } from '../jwe/types.js';
import { importJWK } from '../jwk/import-jwk.js';
import type { JWK } from '../jwk/types.js';

/**
 * The key jose-core takes for a JWE algorithm from a protocol JWK. PBES2 takes a password,
 * which the protocol sends as an oct JWK of its octets; every other algorithm takes the key.
 */
export function jweKeyFor(alg: string, jwk: JWK): JWEKeyLike {
  return keyManagementFacts(alg)?.password === true &&
    jwk.kty === 'oct' &&
    typeof jwk.k === 'string'
    ? Buffer.from(jwk.k, 'base64url')
    : importJWK(jwk);
}
