import { sign, verify } from 'node:crypto';
import { checkBinding, requireOkp } from '../../jwk/fit.js';
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

// RFC 8037 s3.1: one algorithm name for both Edwards curves; the key's `crv` picks the curve,
// and with it the signature length (RFC 8032 s5.1.6, s5.2.6).
const SIGNATURE_BYTES: Record<string, number> = { Ed25519: 64, Ed448: 114 };

function checkKey(key: JoseKey, op: SignatureOp): void {
  checkBinding(key, 'EdDSA', keyOpsFor(op));
  // An X25519 or X448 key is OKP too, but agrees keys and never signs.
  requireOkp(key, 'EdDSA', key.crv === 'Ed448' ? 'Ed448' : 'Ed25519', op === 'sign');
}

/** EdDSA (RFC 8037 s3.1) with Ed25519 or Ed448 keys: pure EdDSA, no prehash, no context. */
export const EdDSA: SignatureAlgorithm = {
  name: 'EdDSA',
  checkKey,
  sign(data, key) {
    checkKey(key, 'sign');
    return nodeSign('EdDSA', () => sign(null, inputBytes(data), key.keyObject));
  },
  verify(data, signature, key) {
    checkKey(key, 'verify');
    if (signature.byteLength !== SIGNATURE_BYTES[key.crv as string]) return false;
    return nodeVerify(() => verify(null, inputBytes(data), key.publicKeyObject(), signature));
  },
  signAsync(data, key) {
    checkKey(key, 'sign');
    return nodeSignAsync('EdDSA', null, inputBytes(data), key.keyObject);
  },
  verifyAsync(data, signature, key) {
    checkKey(key, 'verify');
    if (signature.byteLength !== SIGNATURE_BYTES[key.crv as string]) return Promise.resolve(false);
    return nodeVerifyAsync(null, inputBytes(data), key.publicKeyObject(), signature);
  },
};
