import { Buffer } from 'node:buffer';
import { JoseError, type JoseErrorCode } from './errors.js';

const ALPHABET = /^[A-Za-z0-9_-]*$/;
// Value of each base64url character, used only to check the unused trailing bits.
const VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  .split('')
  .forEach((ch, i) => (VALUE[ch.charCodeAt(0)] = i));

/** base64url without padding (RFC 7515 s2). */
export function b64u(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8').toString('base64url')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64url');
}

/** Whether `s` is canonical unpadded base64url: alphabet only, no impossible length, zero trailing bits. */
export function isB64u(s: string): boolean {
  if (!ALPHABET.test(s)) return false;
  const rest = s.length & 3;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const last = VALUE[s.charCodeAt(s.length - 1)] as number;
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * Strict base64url decode. Node's decoder silently skips bad characters and padding, which
 * would let two different strings stand for the same bytes, so the text is checked first.
 */
export function b64uDecode(s: unknown, code: JoseErrorCode, what: string): Buffer {
  if (typeof s !== 'string' || !isB64u(s)) throw new JoseError(code, `${what} is not valid base64url`);
  return Buffer.from(s, 'base64url');
}
