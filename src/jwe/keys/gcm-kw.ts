import { Buffer } from 'node:buffer';
import { type CipherGCMTypes, createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import { b64u, b64uDecode } from '../../util/base64url.js';
import { decryptionFailed, invalid } from '../failure.js';
import type { WrappingKeyManagement } from './types.js';

// RFC 7518 s4.7: a 96-bit IV and a 128-bit tag, carried in the `iv` and `tag` header members.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Key wrapping with AES-GCM (RFC 7518 s4.7): the CEK is encrypted under the KEK with a fresh
 * random IV and no AAD. The IV and tag travel in the header, so the encrypted key is exactly
 * as long as the CEK. A random 96-bit IV per wrap keeps IV reuse under one KEK negligible
 * for far more wraps than any key should see.
 */
function gcmKw(alg: 'A128GCMKW' | 'A192GCMKW' | 'A256GCMKW'): WrappingKeyManagement {
  const facts = KEY_MANAGEMENT_FACTS[alg];
  const kekBytes = facts.bytes;
  const cipher = `aes-${kekBytes * 8}-gcm` as CipherGCMTypes;
  return {
    alg,
    optIn: facts.optIn,
    direct: false,
    options: ['keyWrapIv'],
    check(key, _ce, direction) {
      checkBinding(key, alg, facts.keyOps[direction]);
      requireSecret(key, alg, kekBytes, facts.exact);
    },
    checkHeader(header) {
      // Their syntax and lengths were checked with the rest of the header.
      if (header.iv === undefined || header.tag === undefined)
        throw invalid(`${alg} needs the "iv" and "tag" header parameters`);
    },
    wrap(key, cek, _header, options) {
      const iv = options.keyWrapIv ?? randomBytes(IV_BYTES);
      const c = createCipheriv(cipher, key.keyObject, iv, { authTagLength: TAG_BYTES });
      const encryptedKey = Buffer.concat([c.update(cek), c.final()]);
      return { encryptedKey, params: { iv: b64u(iv), tag: b64u(c.getAuthTag()) } };
    },
    unwrap(key, encryptedKey, cekBytes, header) {
      // Public, but one error for every decryption failure.
      if (encryptedKey.length !== cekBytes) throw decryptionFailed();
      const iv = b64uDecode(header.iv, 'ERR_JWE_INVALID', 'JWE header "iv"');
      const tag = b64uDecode(header.tag, 'ERR_JWE_INVALID', 'JWE header "tag"');
      try {
        const d = createDecipheriv(cipher, key.keyObject, iv, { authTagLength: TAG_BYTES });
        d.setAuthTag(tag);
        const cek = d.update(encryptedKey);
        d.final();
        return cek;
      } catch {
        throw decryptionFailed();
      }
    },
  };
}

export const A128GCMKW = gcmKw('A128GCMKW');
export const A192GCMKW = gcmKw('A192GCMKW');
export const A256GCMKW = gcmKw('A256GCMKW');
