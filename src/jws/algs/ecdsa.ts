import { sign, verify } from 'node:crypto';
import { CURVES } from '../../algs/curves.js';
import { JWS_FACTS } from '../../algs/jws.js';
import { checkBinding, requireEc } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import {
  inputBytes,
  nodeSign,
  nodeSignAsync,
  nodeVerify,
  nodeVerifyAsync,
  type Signature,
  type SignatureOp,
} from './alg.js';

/**
 * ECDSA with the curve its row of facts fixes (RFC 7518 s3.4; ES256K of RFC 8812 s3.2 is built
 * the same way): the signature is R || S, each left-padded to the curve's size, never DER.
 */
function ecdsa<N extends 'ES256' | 'ES384' | 'ES512' | 'ES256K'>(
  name: N,
  hash: string,
): Signature<N> {
  const facts = JWS_FACTS[name];
  const crv = facts.crv[0];
  const signatureBytes = 2 * CURVES[crv].bytes;
  const checkKey = (key: JoseKey, op: SignatureOp): void => {
    checkBinding(key, name, facts.keyOps[op]);
    requireEc(key, name, crv, op === 'sign');
  };
  return {
    name,
    checkKey,
    sign(data, key) {
      checkKey(key, 'sign');
      return nodeSign(name, () =>
        sign(hash, inputBytes(data), { key: key.keyObject, dsaEncoding: 'ieee-p1363' }),
      );
    },
    verify(data, signature, key) {
      checkKey(key, 'verify');
      if (signature.byteLength !== signatureBytes) return false;
      return nodeVerify(() =>
        verify(
          hash,
          inputBytes(data),
          { key: key.publicKeyObject(), dsaEncoding: 'ieee-p1363' },
          signature,
        ),
      );
    },
    signAsync(data, key) {
      checkKey(key, 'sign');
      return nodeSignAsync(name, hash, inputBytes(data), {
        key: key.keyObject,
        dsaEncoding: 'ieee-p1363',
      });
    },
    verifyAsync(data, signature, key) {
      checkKey(key, 'verify');
      if (signature.byteLength !== signatureBytes) return Promise.resolve(false);
      const options = { key: key.publicKeyObject(), dsaEncoding: 'ieee-p1363' } as const;
      return nodeVerifyAsync(hash, inputBytes(data), options, signature);
    },
  };
}

export const ES256 = ecdsa('ES256', 'sha256');
export const ES384 = ecdsa('ES384', 'sha384');
export const ES512 = ecdsa('ES512', 'sha512');
/** ES256K (RFC 8812 s3.2): ECDSA on secp256k1 with SHA-256, signatures R || S of 64 octets. */
export const ES256K = ecdsa('ES256K', 'sha256');
