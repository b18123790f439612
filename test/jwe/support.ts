import { Buffer } from 'node:buffer';
import { createCipheriv, randomBytes } from 'node:crypto';

export { codeOf, errorOf } from '../support/errors.js';

export const hex = (s: string): Buffer => Buffer.from(s, 'hex');
export const unb64 = (s: string): Buffer => Buffer.from(s, 'base64url');
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/**
 * A compact `dir` JWE with exactly this header text, sealed with AES-GCM by node:crypto
 * directly (AES-128/192/256 by the key's length), so tests can build tokens our encryptor
 * refuses and still know the cryptography is right. Parts can be overridden.
 */
export function craftCompact(
  headerText: string,
  cek: Uint8Array,
  parts: {
    encryptedKey?: string;
    iv?: Uint8Array;
    plaintext?: string;
    tag?: (tag: Buffer) => Buffer;
  } = {},
): string {
  const header = Buffer.from(headerText, 'utf8').toString('base64url');
  const iv = parts.iv ?? randomBytes(12);
  const c = createCipheriv(`aes-${cek.length * 8}-gcm` as 'aes-128-gcm', cek, iv);
  c.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([c.update(parts.plaintext ?? 'crafted', 'utf8'), c.final()]);
  const tag = (parts.tag ?? ((t: Buffer) => t))(c.getAuthTag());
  return [
    header,
    parts.encryptedKey ?? '',
    Buffer.from(iv).toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}
