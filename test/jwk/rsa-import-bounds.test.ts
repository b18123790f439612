import { Buffer } from 'node:buffer';
import { generateKeyPairSync, generatePrimeSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { rsaWork } from '../../src/jwk/rsa-crt.js';
import type { JWK } from '../../src/jwk/types.js';
import { code } from './helpers.js';

// Issue 12 s3: an RSA private JWK costs work bounded by its modulus length, whatever its members
// say. Work is counted in big-number loop steps (src/jwk/rsa-crt.ts), never in time. The hostile
// keys are the issue's: a modulus that is a prime square with a matching d (2.3 s for a
// 722-character JWK with the old randomized prime recovery, 16.6 s at 1,404 characters), and
// private members longer than the modulus.

const E = 65537n;
const b64 = (x: bigint): string => {
  let hex = x.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
};
const big = (s: string): bigint => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);

// Written here, not imported: the test's arithmetic is independent of the code under test.
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** The work `f` causes, and the error code it ends with. */
function work(f: () => unknown): { steps: number; code: string } {
  rsaWork.steps = 0;
  const c = code(f);
  return { steps: rsaWork.steps, code: c };
}

const p1024 = generatePrimeSync(1024, { bigint: true });
const p2048 = generatePrimeSync(2048, { bigint: true });
type RsaJwk = Record<'kty' | 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', string>;
const rsaJwk = (bits: number): RsaJwk =>
  generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
    format: 'jwk',
  }) as RsaJwk;
const rsa2048 = rsaJwk(2048);
const rsa4096 = rsaJwk(4096);
// Hostile members are built freely; the JWK type is only what importJWK is declared to take.
const load = (jwk: object): unknown => importJWK(jwk as JWK);

/** A d-only JWK over n = p^2 whose d really inverts e modulo the group exponent p(p - 1). */
function primeSquare(p: bigint): JWK {
  return { kty: 'RSA', n: b64(p * p), e: 'AQAB', d: b64(inverse(E, p * (p - 1n))) };
}

describe('RSA private JWK import does work bounded by the modulus length (issue 12 s3)', () => {
  it('a prime-square modulus with a matching d is refused after a bounded number of steps', () => {
    for (const p of [p1024, p2048]) {
      const jwk = primeSquare(p);
      const seen = work(() => load(jwk));
      expect(seen.code).toBe('ERR_JWK_INVALID');
      // About 95 continued-fraction terms and at most 4 square roots of ~40 steps each.
      expect(seen.steps, `${JSON.stringify(jwk).length} characters`).toBeLessThanOrEqual(300);
    }
  });

  it('a prime modulus with a matching d, and a d that inverts nothing, are refused after bounded work', () => {
    const n = p2048;
    for (const d of [inverse(E, n - 1n), n - 2n, 3n]) {
      const seen = work(() => load({ kty: 'RSA', n: b64(n), e: 'AQAB', d: b64(d) }));
      expect(seen.code).toBe('ERR_JWK_INVALID');
      expect(seen.steps).toBeLessThanOrEqual(300);
    }
  });

  it('private members longer than the modulus are refused before any big-number work', () => {
    const long = Buffer.alloc(Buffer.from(rsa2048.n, 'base64url').length + 1, 0xff).toString(
      'base64url',
    );
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
      const seen = work(() => load({ ...rsa2048, [m]: long }));
      expect(seen, m).toEqual({ steps: 0, code: 'ERR_JWK_INVALID' });
    }
    // A 200 KiB d, far below any JWK size limit, costs no arithmetic at all.
    const huge = Buffer.alloc(200 * 1024, 0x7f).toString('base64url');
    expect(work(() => load({ kty: 'RSA', n: rsa2048.n, e: 'AQAB', d: huge }))).toEqual({
      steps: 0,
      code: 'ERR_JWK_INVALID',
    });
  });

  it('d not below n is refused before any work', () => {
    const n = big(rsa2048.n);
    expect(work(() => load({ kty: 'RSA', n: rsa2048.n, e: 'AQAB', d: b64(n + 2n) }))).toEqual({
      steps: 0,
      code: 'ERR_JWK_INVALID',
    });
  });

  it('CRT members whose p*q is not n are refused before any inverse is computed', () => {
    const other = rsaJwk(2048);
    for (const change of [
      { p: other.p },
      { q: other.q },
      { p: other.p, q: other.q },
      { p: 'AQ' },
      { q: 'Aw' },
    ]) {
      expect(
        work(() => load({ ...rsa2048, ...change })),
        JSON.stringify(Object.keys(change)),
      ).toEqual({ steps: 0, code: 'ERR_JWK_INVALID' });
    }
    // Consistent factors with a wrong dp, dq or qi are caught by multiplications, not inverses.
    for (const m of ['dp', 'dq', 'qi'] as const) {
      const wrong = b64(big(rsa2048[m]) ^ 2n);
      expect(
        work(() => load({ ...rsa2048, [m]: wrong })),
        m,
      ).toEqual({ steps: 0, code: 'ERR_JWK_INVALID' });
    }
  });

  it('genuine keys still import: with CRT members at no loop cost, without them by recovering the primes', () => {
    for (const jwk of [rsa2048, rsa4096]) {
      expect(work(() => load(jwk)).code).toBe('no error');
      expect(rsaWork.steps).toBe(0);
      const bits = Buffer.from(jwk.n, 'base64url').length * 8;
      const dOnly = { kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d };
      const seen = work(() => load(dOnly));
      expect(seen.code).toBe('no error');
      // Recovery (~20 steps) plus one inverse modulo p: Euclid takes at most ~1.45 steps per bit.
      expect(seen.steps).toBeLessThanOrEqual(100 + bits);
      const exported = importJWK(dOnly as JWK).keyObject.export({ format: 'jwk' });
      expect(new Set([exported.p, exported.q])).toEqual(new Set([jwk.p, jwk.q]));
      expect(exported.qi === jwk.qi || exported.p === jwk.q).toBe(true);
    }
  });

  it('recovers the primes whether d inverts e modulo phi(n), modulo lcm(p-1, q-1) (FIPS 186), or is not reduced', () => {
    const [p, q] = [big(rsa2048.p), big(rsa2048.q)];
    const phi = (p - 1n) * (q - 1n);
    let g = p - 1n;
    for (let r = q - 1n; r !== 0n; ) [g, r] = [r, g % r];
    for (const d of [inverse(E, phi), inverse(E, phi / g), inverse(E, phi / g) + phi / g]) {
      const key = importJWK({ kty: 'RSA', n: rsa2048.n, e: 'AQAB', d: b64(d) });
      expect(key.keyObject.export({ format: 'jwk' }).p).toBe(p > q ? rsa2048.p : rsa2048.q);
    }
  });

  it('property: random private members over a real modulus give a key or ERR_JWK_INVALID, after bounded work', () => {
    const nBytes = Buffer.from(rsa2048.n, 'base64url').length;
    const member = fc
      .uint8Array({ minLength: 1, maxLength: nBytes + 2 })
      .map((b) => b64(BigInt(`0x${Buffer.from(b).toString('hex')}`) || 1n));
    const members = fc.record(
      { d: member, p: member, q: member, dp: member, dq: member, qi: member },
      { requiredKeys: ['d'] },
    );
    fc.assert(
      fc.property(members, (m) => {
        const seen = work(() => load({ kty: 'RSA', n: rsa2048.n, e: 'AQAB', ...m }));
        expect(['no error', 'ERR_JWK_INVALID']).toContain(seen.code);
        expect(seen.steps).toBeLessThanOrEqual(100 + nBytes * 8);
      }),
      { numRuns: 150 },
    );
  });
});
