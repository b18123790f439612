import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { decryptionFailed } from '../failure.js';

// RFC 3394 s2.2.3.1 default IV; OpenSSL checks it on unwrap, which is the integrity check.
const DEFAULT_IV = Buffer.alloc(8, 0xa6);

// OpenSSL's wrap mode does all its work in update() and final() returns nothing, so the
// usual concatenation would only copy.
const joined = (head: Buffer, tail: Buffer): Buffer =>
  tail.length === 0 ? head : Buffer.concat([head, tail]);

/**
 * AES Key Wrap (RFC 3394) of `cek` under a KEK of `kekBytes` octets (16, 24 or 32), shared by
 * A*KW and the ECDH-ES and PBES2 algorithms that end in it. The KEK's size was checked.
 */
export function kwWrap(kek: KeyObject | Buffer, kekBytes: number, cek: Buffer): Buffer {
  const c = createCipheriv(`id-aes${kekBytes * 8}-wrap`, kek, DEFAULT_IV);
  return joined(c.update(cek), c.final());
}

/**
 * The public length an AES-wrapped CEK must have: one 64-bit block more than the CEK. A wrong one
 * fails as every other decryption does (one error for every decryption failure).
 */
export function checkWrappedLength(encryptedKey: Buffer, cekBytes: number): void {
  if (encryptedKey.length !== cekBytes + 8) throw decryptionFailed();
}

/**
 * Unwraps a CEK of `cekBytes` octets; its length was checked with {@link checkWrappedLength}.
 * @throws {JoseError} `ERR_JWE_DECRYPTION_FAILED` when the integrity check fails
 */
export function kwUnwrap(kek: KeyObject | Buffer, kekBytes: number, encryptedKey: Buffer): Buffer {
  try {
    const d = createDecipheriv(`id-aes${kekBytes * 8}-wrap`, kek, DEFAULT_IV);
    return joined(d.update(encryptedKey), d.final());
  } catch {
    throw decryptionFailed();
  }
}
