import { Buffer } from 'node:buffer';

/**
 * Most recipients a JSON JWE may have, on both sides. Decryption may try every recipient that
 * fits the key, so the bound caps the work one token can cause; 16 is far above real use.
 */
export const MAX_RECIPIENTS = 16;

/**
 * The AAD of a JSON JWE (RFC 7516 s5.1 step 14): ASCII(encoded protected header), followed by
 * '.' and the encoded JWE AAD when there is one.
 */
export function jsonAad(
  encodedProtected: string | undefined,
  encodedAad: string | undefined,
): Buffer {
  return Buffer.from(
    encodedAad === undefined ? (encodedProtected ?? '') : `${encodedProtected ?? ''}.${encodedAad}`,
    'ascii',
  );
}
