import { constants, sign, verify } from 'node:crypto';
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

// RFC 7518 s3.5: RSASSA-PSS with SHA-2, MGF1 with the same hash, salt as long as the hash.
function rsassaPss<N extends 'PS256' | 'PS384' | 'PS512'>(
  name: N,
  hash: string,
  saltLength: number,
): Signature<N> {
  const checkKey = (key: JoseKey, op: SignatureOp): void => {
    checkBinding(key, name, JWS_FACTS[name].keyOps[op]);
    requireRsa(key, name, op === 'sign');
    // An 'rsa-pss' key object may carry RFC 4055 restrictions; they must allow exactly this algorithm.
    const d = key.keyObject.asymmetricKeyDetails;
    if (
      d !== undefined &&
      ((d.hashAlgorithm !== undefined && d.hashAlgorithm !== hash) ||
        (d.mgf1HashAlgorithm !== undefined && d.mgf1HashAlgorithm !== hash) ||
        (d.saltLength !== undefined && d.saltLength > saltLength))
    ) {
      throw new JoseError(
        'ERR_KEY_UNSUITABLE',
        `the RSA-PSS key's parameters do not allow ${name}`,
      );
    }
  };
  const padding = constants.RSA_PKCS1_PSS_PADDING;
  // RFC 8017 s8.1.2 step 1: the signature is exactly as long as the modulus.
  const badLength = (signature: Uint8Array, key: JoseKey): boolean =>
    signature.byteLength !== Math.ceil(key.bits / 8);
  return {
    name,
    checkKey,
    sign(data, key) {
      checkKey(key, 'sign');
      return nodeSign(name, () =>
        sign(hash, inputBytes(data), { key: key.keyObject, padding, saltLength }),
      );
    },
    verify(data, signature, key) {
      checkKey(key, 'verify');
      if (badLength(signature, key)) return false;
      // An explicit salt length makes OpenSSL require exactly that length, as RFC 7518 s3.5 asks.
      const options = { key: key.publicKeyObject(), padding, saltLength };
      return nodeVerify(() => verify(hash, inputBytes(data), options, signature));
    },
    signAsync(data, key) {
      checkKey(key, 'sign');
      return nodeSignAsync(name, hash, inputBytes(data), {
        key: key.keyObject,
        padding,
        saltLength,
      });
    },
    verifyAsync(data, signature, key) {
      checkKey(key, 'verify');
      if (badLength(signature, key)) return Promise.resolve(false);
      const options = { key: key.publicKeyObject(), padding, saltLength };
      return nodeVerifyAsync(hash, inputBytes(data), options, signature);
    },
  };
}

export const PS256 = rsassaPss('PS256', 'sha256', 32);
export const PS384 = rsassaPss('PS384', 'sha384', 48);
export const PS512 = rsassaPss('PS512', 'sha512', 64);
