import { createHmac, type Hmac } from 'node:crypto';
import { JWS_FACTS } from '../../algs/jws.js';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import { digestBytes, equalBytes } from '../../util/bytes.js';
import type { Signature, SignatureOp } from './alg.js';

// RFC 7518 s3.2: HMAC with SHA-2. The key must be at least as long as the hash output.
function hmac<N extends 'HS256' | 'HS384' | 'HS512'>(name: N, hash: string): Signature<N> {
  const facts = JWS_FACTS[name];
  const checkKey = (key: JoseKey, op: SignatureOp): void => {
    checkBinding(key, name, facts.keyOps[op]);
    requireSecret(key, name, facts.bytes);
  };
  // Text goes to the hash as latin1, which for an ASCII signing input is its exact octets.
  const hmacOf = (data: Uint8Array | string, key: JoseKey): Hmac =>
    typeof data === 'string'
      ? createHmac(hash, key.keyObject).update(data, 'latin1')
      : createHmac(hash, key.keyObject).update(data);
  return {
    name,
    checkKey,
    sign(data, key) {
      checkKey(key, 'sign');
      return hmacOf(data, key).digest('base64url');
    },
    verify(data, signature, key) {
      checkKey(key, 'verify');
      // The whole tag, compared in constant time: a truncated tag is a different (weaker) algorithm.
      return equalBytes(digestBytes(hmacOf(data, key)), signature);
    },
  };
}

export const HS256 = hmac('HS256', 'sha256');
export const HS384 = hmac('HS384', 'sha384');
export const HS512 = hmac('HS512', 'sha512');
