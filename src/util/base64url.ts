import { Buffer } from 'node:buffer';
import { JoseError, type JoseErrorCode } from './errors.js';

const ALPHABET = /^[A-Za-z0-9_-]*$/;
// Value of each base64url character, used only to check the unused trailing bits.
const VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((ch, i) => {
  VALUE[ch.charCodeAt(0)] = i;
});

/** base64url without padding (RFC 7515 s2). */
export function b64u(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8').toString('base64url')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64url');
}

/** Whether the unused low bits of the last character (of a string `rest` characters past a whole group) are zero. */
function zeroTrailingBits(s: string, rest: number): boolean {
  if (rest === 0) return true;
  const last = VALUE[s.charCodeAt(s.length - 1)] as number;
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Whether `s` is canonical unpadded base64url: alphabet only, no impossible length, zero trailing bits. */
export function isB64u(s: string): boolean {
  const rest = s.length & 3;
  return rest !== 1 && ALPHABET.test(s) && zeroTrailingBits(s, rest);
}

/**
 * Strict base64url decode: exactly the strings {@link isB64u} accepts, decoded. Node's decoder
 * alone is lenient in ways that would let two strings stand for the same bytes: it skips
 * characters outside its alphabets and stops at "=" (the output then comes out shorter than the
 * length of the text says), accepts "+" and "/", and reads a character above U+00FF by its low
 * octet. Each is ruled out below with native string operations instead of a per-character
 * check, which on a token payload costs more than the decoding itself.
 */
export function b64uDecode(s: unknown, code: JoseErrorCode, what: string): Buffer {
  if (typeof s === 'string') {
    const rest = s.length & 3;
    if (
      rest !== 1 &&
      s.indexOf('+') < 0 &&
      s.indexOf('/') < 0 &&
      Buffer.byteLength(s, 'utf8') === s.length
    ) {
      const bytes = Buffer.from(s, 'base64url');
      if (
        bytes.length === (s.length >> 2) * 3 + (rest === 0 ? 0 : rest - 1) &&
        zeroTrailingBits(s, rest)
      )
        return bytes;
    }
  }
  throw new JoseError(code, `${what} is not valid base64url`);
}
