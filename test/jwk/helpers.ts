import { readFileSync } from 'node:fs';
import type { JWK } from '../../src/jwk/types.js';

/** Reads a test-only fixture file. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export { codeOf as code } from '../support/errors.js';

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
