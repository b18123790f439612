import { checkBinding, requireSecret } from '../../jwk/fit.js';
import type { KeyManagementAlgorithm } from '../types.js';
import { checkWrappedLength, kwUnwrap, kwWrap } from './kw.js';
import { wrapOps, type WrappingKeyManagement } from './types.js';

/** AES Key Wrap (RFC 7518 s4.4, RFC 3394) with a KEK of exactly `kekBytes` octets. */
function aesKw(alg: KeyManagementAlgorithm, kekBytes: number): WrappingKeyManagement {
  return {
    alg,
    optIn: false,
    direct: false,
    check(key, _ce, direction) {
      checkBinding(key, alg, wrapOps(direction));
      requireSecret(key, alg, kekBytes, true);
    },
    wrap: (key, cek) => ({ encryptedKey: kwWrap(key.keyObject, kekBytes, cek) }),
    unwrap(key, encryptedKey, cekBytes) {
      // Key wrap adds exactly one 64-bit block; the expected length follows from the public `enc`.
      checkWrappedLength(encryptedKey, cekBytes);
      return kwUnwrap(key.keyObject, kekBytes, encryptedKey);
    },
  };
}

export const A128KW = aesKw('A128KW', 16);
export const A192KW = aesKw('A192KW', 24);
export const A256KW = aesKw('A256KW', 32);
