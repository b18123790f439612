import { sign, verify } from 'node:crypto';
import { curveNamed } from '../../algs/curves.js';
import { JWS_FACTS } from '../../algs/jws.js';
import { checkBinding, requireOkp } from '../../jwk/fit.js';
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

const FACTS = JWS_FACTS.EdDSA;

function checkKey(key: JoseKey, op: SignatureOp): void {
  checkBinding(key, 'EdDSA', FACTS.keyOps[op]);
  // RFC 8037 s3.1: the key's `crv` picks the curve. An X25519 or X448 key is OKP too, but agrees
  // keys and never signs.
  const crv = FACTS.crv.find((c) => c === key.crv) ?? FACTS.crv[0];
  requireOkp(key, 'EdDSA', crv, op === 'sign');
}

// The signature is two curve-sized values (RFC 8032 s5.1.6, s5.2.6); the key's curve was checked.
const signatureBytes = (key: JoseKey): number => 2 * (curveNamed(key.crv)?.bytes ?? 0);

/** EdDSA (RFC 8037 s3.1) with Ed25519 or Ed448 keys: pure EdDSA, no prehash, no context. */
export const EdDSA: Signature<'EdDSA'> = {
  name: 'EdDSA',
  checkKey,
  sign(data, key) {
    checkKey(key, 'sign');
    return nodeSign('EdDSA', () => sign(null, inputBytes(data), key.keyObject));
  },
  verify(data, signature, key) {
    checkKey(key, 'verify');
    if (signature.byteLength !== signatureBytes(key)) return false;
    return nodeVerify(() => verify(null, inputBytes(data), key.publicKeyObject(), signature));
  },
  signAsync(data, key) {
    checkKey(key, 'sign');
    return nodeSignAsync('EdDSA', null, inputBytes(data), key.keyObject);
  },
  verifyAsync(data, signature, key) {
    checkKey(key, 'verify');
    if (signature.byteLength !== signatureBytes(key)) return Promise.resolve(false);
    return nodeVerifyAsync(null, inputBytes(data), key.publicKeyObject(), signature);
  },
};
