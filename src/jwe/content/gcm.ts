import { Buffer } from 'node:buffer';
import { type CipherGCMTypes, createCipheriv, createDecipheriv } from 'node:crypto';
import { CONTENT_FACTS } from '../../algs/jwe.js';
import { decryptionFailed } from '../failure.js';
import type { ContentEncryption } from './types.js';

// RFC 7518 s5.3: 96-bit IV and 128-bit tag, nothing else; shorter tags weaken GCM sharply.
const IV_BYTES = 12;
const TAG_BYTES = 16;

function gcm(enc: 'A128GCM' | 'A192GCM' | 'A256GCM', cipher: CipherGCMTypes): ContentEncryption {
  return {
    enc,
    keyBytes: CONTENT_FACTS[enc].bytes,
    ivBytes: IV_BYTES,
    tagBytes: TAG_BYTES,
    ciphertextLengthOk: () => true,
    encrypt(cek, iv, plaintext, aad) {
      const c = createCipheriv(cipher, cek, iv, { authTagLength: TAG_BYTES });
      c.setAAD(aad);
      const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
      return { ciphertext, tag: c.getAuthTag() };
    },
    decrypt(cek, iv, ciphertext, tag, aad) {
      try {
        const d = createDecipheriv(cipher, cek, iv, { authTagLength: TAG_BYTES });
        d.setAAD(aad);
        d.setAuthTag(tag);
        // update() hands out unauthenticated plaintext; it is returned only once final() has
        // checked the tag.
        const plaintext = d.update(ciphertext);
        d.final();
        return plaintext;
      } catch {
        throw decryptionFailed();
      }
    },
  };
}

export const A128GCM = gcm('A128GCM', 'aes-128-gcm');
export const A192GCM = gcm('A192GCM', 'aes-192-gcm');
export const A256GCM = gcm('A256GCM', 'aes-256-gcm');
