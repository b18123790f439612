import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { JoseError } from '../../src/util/errors.js';

/** Reads a project vector file (never ../shared). */
export function loadVectors<V>(file: string): { source: string; vectors: V[] } {
  return JSON.parse(readFileSync(new URL(`../../vectors/${file}`, import.meta.url), 'utf8')) as { source: string; vectors: V[] };
}

/** The JoseError a call throws; fails the test if it returns or throws anything else. */
export function errorOf(f: () => unknown): JoseError {
  try {
    f();
  } catch (e) {
    if (e instanceof JoseError) return e;
    throw new Error(`expected a JoseError, got ${String(e)}`);
  }
  throw new Error('expected a JoseError, but the call returned');
}

/** The code of the JoseError a call throws. */
export function codeOf(f: () => unknown): string {
  return errorOf(f).code;
}

export const hex = (s: string): Buffer => Buffer.from(s, 'hex');
export const unb64 = (s: string): Buffer => Buffer.from(s, 'base64url');
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
