import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';

export { codeOf, errorOf } from '../support/errors.js';

export const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
export const unb64 = (s: string): Buffer => Buffer.from(s, 'base64url');
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/**
 * A compact HS256 JWS over exactly this header text and payload, MACed by node:crypto directly,
 * so an attack test can send headers and claims the library would never produce and still know
 * the MAC is right: whatever refuses the token is the check under test, not the signature.
 */
export function macToken(
  headerText: string,
  payload: string | Uint8Array,
  secret: Uint8Array,
  hash = 'sha256',
): string {
  const input = `${b64(headerText)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/**
 * How many cases each fuzz property runs: `FUZZ_RUNS` (set by `npm run fuzz`) or the small
 * budget `npm test` runs with.
 */
export const FUZZ_RUNS = ((): number => {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
})();

/** A fast-check budget: `base` cases per property in `npm test`, `FUZZ_RUNS` under `npm run fuzz`. */
export function runs(base: number): number {
  return FUZZ_RUNS > 0 ? FUZZ_RUNS : base;
}

/** A test timeout that grows with the fuzz budget (milliseconds per case, on a slow shared machine). */
export function timeoutFor(base: number, msPerCase: number): number {
  return 30_000 + runs(base) * msPerCase;
}
