import { Buffer } from 'node:buffer';
import { constants, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { wipe } from '../../util/bytes.js';
import { checkRsaCiphertext, checkRsaKey } from './rsa.js';
import type { WrappingKeyManagement } from './types.js';

/*
 * RSAES-PKCS1-v1_5 key encryption (RFC 7518 s4.2).
 *
 * Why this module decrypts by hand: PKCS#1 v1.5 padding is malleable, and a receiver that
 * reveals whether a forged ciphertext was well padded (through an error, a message, an early
 * return or a timing difference) lets an attacker decrypt any captured key with enough queries
 * (Bleichenbacher 1998). Node 20+ therefore refuses private decryption with RSA_PKCS1_PADDING
 * (CVE-2023-46809). We decrypt with RSA_NO_PADDING and strip the padding ourselves such that:
 *
 * - the code never branches or returns early on the decrypted octets: validity is accumulated
 *   with bit operations over the whole encoded message, and the result is picked with masks;
 * - on any padding failure, and on a well-padded CEK of the wrong length, decryption continues
 *   with a random CEK of the right length (RFC 7516 s11.5, RFC 3218 s2.3.2), so the failure
 *   surfaces exactly as a bad authentication tag does (same code, same message, after the same
 *   work).
 *
 * Only public facts (the ciphertext's length, which must equal the modulus length) are checked
 * before decryption. Because `enc` fixes the CEK length L, a valid block has a fixed layout:
 * 0x00 0x02 PS 0x00 CEK with PS = k - L - 3 non-zero octets (k >= 256, so PS is far longer than
 * the 8 octets RFC 8017 s7.2.2 requires), which keeps the check free of secret-dependent indices.
 */

/**
 * The CEK inside the EME-PKCS1-v1_5 block `em` when it is well formed and holds exactly
 * `cekBytes` octets, otherwise `fallback`, chosen without branching on `em`'s contents.
 * `em` is the raw RSA output (modulus length, at least `cekBytes + 11` octets).
 */
export function unpadCek(em: Uint8Array, cekBytes: number, fallback: Uint8Array): Buffer {
  const separator = em.length - cekBytes - 1;
  let bad = (em[0] as number) | ((em[1] as number) ^ 0x02);
  // Branches below depend only on the public index i, never on em[i].
  for (let i = 2; i < separator; i++) bad |= (((em[i] as number) - 1) >>> 8) & 1;
  bad |= em[separator] as number;
  // bad is 0..255; mask is 0xff when bad is non-zero, else 0.
  const mask = -((bad | -bad) >>> 31) & 0xff;
  const out = Buffer.allocUnsafe(cekBytes);
  for (let i = 0; i < cekBytes; i++) {
    out[i] = ((em[separator + 1 + i] as number) & ~mask) | ((fallback[i] as number) & mask);
  }
  return out;
}

export const RSA1_5: WrappingKeyManagement = {
  alg: 'RSA1_5',
  // Kept for interoperability only: its row of facts makes decryption be asked for by name.
  optIn: KEY_MANAGEMENT_FACTS.RSA1_5.optIn,
  direct: false,
  check: (key, _ce, direction) => checkRsaKey(key, 'RSA1_5', direction),
  wrap: (key, cek) => ({
    encryptedKey: publicEncrypt(
      { key: key.publicKeyObject(), padding: constants.RSA_PKCS1_PADDING },
      cek,
    ),
  }),
  unwrap(key, encryptedKey, cekBytes) {
    checkRsaCiphertext(key, encryptedKey);
    const fallback = randomBytes(cekBytes);
    let em: Buffer;
    try {
      em = privateDecrypt({ key: key.keyObject, padding: constants.RSA_NO_PADDING }, encryptedKey);
    } catch {
      // Raw RSA fails only for a ciphertext not below the modulus (a public fact); it still takes
      // the common path so that every bad encrypted key ends in the same error.
      em = Buffer.alloc(encryptedKey.length);
    }
    const cek = unpadCek(em, cekBytes, fallback);
    wipe(em, fallback);
    return cek;
  },
};
