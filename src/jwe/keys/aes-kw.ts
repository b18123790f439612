import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import type { KeyManagementAlgorithm } from '../types.js';
import { decryptionFailed, invalid } from '../failure.js';
import { wrapOps, type WrappingKeyManagement } from './types.js';

// RFC 3394 s2.2.3.1 default IV; OpenSSL checks it on unwrap, which is the integrity check.
const DEFAULT_IV = Buffer.alloc(8, 0xa6);

/** AES Key Wrap (RFC 7518 s4.4, RFC 3394) with a KEK of exactly `kekBytes` octets. */
function aesKw(alg: KeyManagementAlgorithm, kekBytes: number): WrappingKeyManagement {
  const cipher = `id-aes${kekBytes * 8}-wrap`;
  return {
    alg,
    optIn: false,
    direct: false,
    check(key, _ce, direction) {
      checkBinding(key, alg, wrapOps(direction));
      requireSecret(key, alg, kekBytes, true);
    },
    wrap(key, cek) {
      const c = createCipheriv(cipher, key.keyObject, DEFAULT_IV);
      return Buffer.concat([c.update(cek), c.final()]);
    },
    unwrap(key, encryptedKey, cekBytes) {
      // Key wrap adds exactly one 64-bit block; the expected length follows from the public `enc`.
      if (encryptedKey.length !== cekBytes + 8) throw invalid('JWE encrypted key has the wrong length for the content encryption');
      try {
        const d = createDecipheriv(cipher, key.keyObject, DEFAULT_IV);
        return Buffer.concat([d.update(encryptedKey), d.final()]);
      } catch {
        throw decryptionFailed();
      }
    },
  };
}

export const A128KW = aesKw('A128KW', 16);
export const A192KW = aesKw('A192KW', 24);
export const A256KW = aesKw('A256KW', 32);
