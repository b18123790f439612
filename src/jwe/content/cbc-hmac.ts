import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { CONTENT_FACTS } from '../../algs/jwe.js';
import { digestBytes, uint64be } from '../../util/bytes.js';
import { decryptionFailed } from '../failure.js';
import type { ContentEncryption } from './types.js';

const BLOCK = 16;

/**
 * AES_CBC_HMAC_SHA2 (RFC 7518 s5.2): the CEK is MAC_KEY || ENC_KEY (halves), the tag is the
 * first half of HMAC(MAC_KEY, AAD || IV || ciphertext || AL), AL being the AAD length in bits as
 * a 64-bit big-endian number.
 */
function cbcHmac(
  enc: 'A128CBC-HS256' | 'A192CBC-HS384' | 'A256CBC-HS512',
  hash: string,
): ContentEncryption {
  const keyBytes = CONTENT_FACTS[enc].bytes;
  const half = keyBytes / 2;
  const cipher = `aes-${half * 8}-cbc`;
  const tag = (macKey: Buffer, iv: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Buffer =>
    digestBytes(
      createHmac(hash, macKey)
        .update(aad)
        .update(iv)
        .update(ciphertext)
        .update(uint64be(aad.byteLength * 8)),
    ).subarray(0, half);
  return {
    enc,
    keyBytes,
    ivBytes: BLOCK,
    tagBytes: half,
    // PKCS#7 padding always adds at least one octet, so a ciphertext is one or more whole blocks.
    ciphertextLengthOk: (length) => length > 0 && length % BLOCK === 0,
    encrypt(cek, iv, plaintext, aad) {
      const c = createCipheriv(cipher, cek.subarray(half), iv);
      const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
      return { ciphertext, tag: tag(cek.subarray(0, half), iv, ciphertext, aad) };
    },
    decrypt(cek, iv, ciphertext, received, aad) {
      // The tag is checked, in constant time, before any decryption: an unauthenticated
      // ciphertext never reaches the CBC padding check, so there is no padding oracle.
      if (!timingSafeEqual(tag(cek.subarray(0, half), iv, ciphertext, aad), received))
        throw decryptionFailed();
      try {
        const d = createDecipheriv(cipher, cek.subarray(half), iv);
        return Buffer.concat([d.update(ciphertext), d.final()]);
      } catch {
        // Only a sender holding the CEK can get here (authentic but badly padded): still one error.
        throw decryptionFailed();
      }
    },
  };
}

export const A128CBC_HS256 = cbcHmac('A128CBC-HS256', 'sha256');
export const A192CBC_HS384 = cbcHmac('A192CBC-HS384', 'sha384');
export const A256CBC_HS512 = cbcHmac('A256CBC-HS512', 'sha512');
