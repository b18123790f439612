import { readFileSync } from 'node:fs';
import { JoseError } from '../../src/util/errors.js';
import { publishedVectors } from '../support/vectors.js';
import type { JWK } from '../../src/jwk/types.js';

/** A signature published next to a key, which the key must reproduce or verify. */
export interface Crosscheck {
  source: string;
  alg: string;
  k_b64u?: string;
  signing_input_ascii: string;
  signature_b64u: string;
}

/** One vector of the project's JSON files; only the fields the jwk tests read. */
export interface KeyVector {
  id: string;
  source: string;
  title: string;
  jwk?: JWK;
  jwk_set?: { keys: JWK[] };
  public_ref?: string;
  crosscheck?: Crosscheck;
  canonical_json_utf8?: string;
  thumbprint_b64u?: string;
  sha256_hex?: string;
}

/** A vector file's entries with their published values, through the one typed loader (test/support/vectors.ts). */
export function loadVectors(name: string): KeyVector[] {
  return publishedVectors<KeyVector>(name).vectors;
}

/** Reads a test-only fixture file. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** The JoseError code `f` throws, or a string saying what happened instead. */
export function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof JoseError ? e.code : `not a JoseError: ${String(e)}`;
  }
  return 'no error';
}

/** Members of `jwk` without the ones named. */
export function without(jwk: JWK, ...names: string[]): JWK {
  const out: JWK = { ...jwk };
  for (const n of names) delete out[n];
  return out;
}

/** The JWK's members in sorted order, for comparisons that ignore member order. */
export function sorted(jwk: object): [string, unknown][] {
  return Object.entries(jwk).sort(([a], [b]) => (a < b ? -1 : 1));
}
