import { sign, verify } from 'node:crypto';
import { checkBinding, requireEc } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import {
  inputBytes,
  keyOpsFor,
  nodeSign,
  nodeSignAsync,
  nodeVerify,
  nodeVerifyAsync,
  type SignatureAlgorithm,
  type SignatureOp,
} from './alg.js';

/**
 * ECDSA with the curve fixed by the algorithm (RFC 7518 s3.4; ES256K of RFC 8812 s3.2 is built
 * the same way): the signature is R || S, each left-padded to the curve's size, never DER.
 */
export function ecdsa(name: string, hash: string, crv: string, signatureBytes: number): SignatureAlgorithm {
  const checkKey = (key: JoseKey, op: SignatureOp): void => {
    checkBinding(key, name, keyOpsFor(op));
    requireEc(key, name, crv, op === 'sign');
  };
  return {
    name,
    checkKey,
    sign(data, key) {
      checkKey(key, 'sign');
      return nodeSign(name, () => sign(hash, inputBytes(data), { key: key.keyObject, dsaEncoding: 'ieee-p1363' }));
    },
    verify(data, signature, key) {
      checkKey(key, 'verify');
      if (signature.byteLength !== signatureBytes) return false;
      return nodeVerify(() => verify(hash, inputBytes(data), { key: key.publicKeyObject(), dsaEncoding: 'ieee-p1363' }, signature));
    },
    signAsync(data, key) {
      checkKey(key, 'sign');
      return nodeSignAsync(name, hash, inputBytes(data), { key: key.keyObject, dsaEncoding: 'ieee-p1363' });
    },
    verifyAsync(data, signature, key) {
      checkKey(key, 'verify');
      if (signature.byteLength !== signatureBytes) return Promise.resolve(false);
      const options = { key: key.publicKeyObject(), dsaEncoding: 'ieee-p1363' } as const;
      return nodeVerifyAsync(hash, inputBytes(data), options, signature);
    },
  };
}

export const ES256 = ecdsa('ES256', 'sha256', 'P-256', 64);
export const ES384 = ecdsa('ES384', 'sha384', 'P-384', 96);
export const ES512 = ecdsa('ES512', 'sha512', 'P-521', 132);
