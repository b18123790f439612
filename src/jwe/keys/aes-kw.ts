import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import { checkWrappedLength, kwUnwrap, kwWrap } from './kw.js';
import type { WrappingKeyManagement } from './types.js';

/** AES Key Wrap (RFC 7518 s4.4, RFC 3394) with a KEK of exactly the octets its row of facts states. */
function aesKw(alg: 'A128KW' | 'A192KW' | 'A256KW'): WrappingKeyManagement {
  const facts = KEY_MANAGEMENT_FACTS[alg];
  const kekBytes = facts.bytes;
  return {
    alg,
    optIn: facts.optIn,
    direct: false,
    check(key, _ce, direction) {
      checkBinding(key, alg, facts.keyOps[direction]);
      requireSecret(key, alg, kekBytes, facts.exact);
    },
    wrap: (key, cek) => ({ encryptedKey: kwWrap(key.keyObject, kekBytes, cek) }),
    unwrap(key, encryptedKey, cekBytes) {
      // Key wrap adds exactly one 64-bit block; the expected length follows from the public `enc`.
      checkWrappedLength(encryptedKey, cekBytes);
      return kwUnwrap(key.keyObject, kekBytes, encryptedKey);
    },
  };
}

export const A128KW = aesKw('A128KW');
export const A192KW = aesKw('A192KW');
export const A256KW = aesKw('A256KW');
