import { JWS_ALGORITHMS, type JWSAlgorithm } from '../../algs/jws.js';
import { JoseError } from '../../util/errors.js';
import type { Signature, SignatureAlgorithm } from './alg.js';
import { ES256, ES256K, ES384, ES512 } from './ecdsa.js';
import { EdDSA } from './eddsa.js';
import { HS256, HS384, HS512 } from './hmac.js';
import { RS256, RS384, RS512 } from './rsassa-pkcs1.js';
import { PS256, PS384, PS512 } from './rsassa-pss.js';

// The operations of every row of the JWS facts table (`src/algs/jws.ts`): keyed by its names,
// so the compiler refuses a row without an operation and an operation without a row.
const OPERATIONS: { readonly [A in JWSAlgorithm]: Signature<A> } = {
  HS256,
  HS384,
  HS512,
  RS256,
  RS384,
  RS512,
  PS256,
  PS384,
  PS512,
  ES256,
  ES384,
  ES512,
  ES256K,
  EdDSA,
};
const ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map(
  Object.values(OPERATIONS).map((a) => [a.name, a]),
);

/** The names of the JWS algorithms in the table, in its order. */
export function signatureAlgorithmNames(): readonly JWSAlgorithm[] {
  return JWS_ALGORITHMS;
}

/** The algorithm named by a header we are about to sign; only our own table's names are accepted. */
export function algorithmForSigning(alg: string): SignatureAlgorithm {
  const found = ALGORITHMS.get(alg);
  if (found !== undefined) return found;
  if (alg.toLowerCase() === 'none')
    throw new JoseError('ERR_ALG_NOT_ALLOWED', 'unsecured JWS (alg "none") is never produced');
  throw new JoseError('ERR_NOT_SUPPORTED', 'the JWS algorithm is not supported');
}

/**
 * The algorithm named by a received token. A name we do not implement, `none` in any spelling
 * included, is refused like one outside the allow-list: the token chose it, not the caller.
 */
export function algorithmForVerifying(alg: string): SignatureAlgorithm {
  const found = ALGORITHMS.get(alg);
  if (found === undefined)
    throw new JoseError('ERR_ALG_NOT_ALLOWED', "the token's JWS algorithm is not allowed");
  return found;
}
