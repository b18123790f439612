import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey } from 'node:crypto';

export { codeOf } from '../support/errors.js';

export const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/**
 * A compact HS256 token with exactly this header text, MACed by node:crypto directly, so tests
 * can build headers our signer would refuse and still know the signature is right.
 */
export function hs256Token(headerText: string, payload: string, secret: Uint8Array): string {
  const input = `${b64(headerText)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The HMAC key bytes the crafted tokens use (32 bytes, as HS256 requires)... */
export const SECRET = Buffer.alloc(32, 7);
/** ...and the same key as a KeyObject, to hand to the code under test. */
export const SECRET_KEY = createSecretKey(SECRET);
