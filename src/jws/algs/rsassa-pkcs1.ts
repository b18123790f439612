import { sign, verify } from 'node:crypto';
import { JWS_FACTS } from '../../algs/jws.js';
import { checkBinding, requireRsa } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import { JoseError } from '../../util/errors.js';
import {
  inputBytes,
  nodeSign,
  nodeSignAsync,
  nodeVerify,
  nodeVerifyAsync,
  type Signature,
  type SignatureOp,
} from './alg.js';

// RFC 7518 s3.3: RSASSA-PKCS1-v1_5 with SHA-2, keys of 2048 bits or more.
function rsassaPkcs1<N extends 'RS256' | 'RS384' | 'RS512'>(name: N, hash: string): Signature<N> {
  const checkKey = (key: JoseKey, op: SignatureOp): void => {
    checkBinding(key, name, JWS_FACTS[name].keyOps[op]);
    requireRsa(key, name, op === 'sign');
    // An 'rsa-pss' key object is restricted to PSS padding (RFC 4055); using it here would fail inside node.
    if (key.keyObject.asymmetricKeyType === 'rsa-pss')
      throw new JoseError(
        'ERR_KEY_UNSUITABLE',
        `${name} needs an RSA key that is not restricted to PSS`,
      );
  };
  // RFC 8017 s8.2.2 step 1: the signature is exactly as long as the modulus.
  const badLength = (signature: Uint8Array, key: JoseKey): boolean =>
    signature.byteLength !== Math.ceil(key.bits / 8);
  return {
    name,
    checkKey,
    sign(data, key) {
      checkKey(key, 'sign');
      return nodeSign(name, () => sign(hash, inputBytes(data), key.keyObject));
    },
    verify(data, signature, key) {
      checkKey(key, 'verify');
      if (badLength(signature, key)) return false;
      return nodeVerify(() => verify(hash, inputBytes(data), key.publicKeyObject(), signature));
    },
    signAsync(data, key) {
      checkKey(key, 'sign');
      return nodeSignAsync(name, hash, inputBytes(data), key.keyObject);
    },
    verifyAsync(data, signature, key) {
      checkKey(key, 'verify');
      if (badLength(signature, key)) return Promise.resolve(false);
      return nodeVerifyAsync(hash, inputBytes(data), key.publicKeyObject(), signature);
    },
  };
}

export const RS256 = rsassaPkcs1('RS256', 'sha256');
export const RS384 = rsassaPkcs1('RS384', 'sha384');
export const RS512 = rsassaPkcs1('RS512', 'sha512');
