import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asKey } from '../../src/jwk/coerce.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import type { JWK } from '../../src/jwk/types.js';
import { verifyCompact } from '../../src/jws/compact.js';
import { publishedVectors } from '../support/vectors.js';
import { code, fixture } from './helpers.js';

// CVE-2017-15361 (ROCA; Nemec et al., CCS 2017): RSA moduli made by Infineon's RSALib can be
// factored. Wycheproof's json_web_key_test.json (group jws_rsa_roca_key, tcId 7) lists such a key
// as must-reject; it is copied in fixtures/wycheproof-keysets.json.
interface Group {
  comment: string;
  private: { keys: JWK[] };
  public?: { keys: JWK[] };
  tests: Array<{ tcId: number; jws: string; result: string }>;
}
const wycheproof = JSON.parse(fixture('wycheproof-keysets.json')) as { testGroups: Group[] };
const roca = wycheproof.testGroups.find((g) => g.comment === 'jws_rsa_roca_key') as Group;
const rocaPrivate = roca.private.keys[0] as JWK;
const rocaPublic = roca.public!.keys[0] as JWK;

describe('the ROCA fingerprint (CVE-2017-15361) is refused on import', () => {
  it('Wycheproof jws_rsa_roca_key: the private and the public JWK are ERR_KEY_UNSUITABLE', () => {
    expect(code(() => importJWK(rocaPrivate))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importJWK(rocaPublic))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('the same modulus as a KeyObject or PEM, and in a key set, is refused too', () => {
    const keyObject = createPublicKey({ key: rocaPublic as never, format: 'jwk' });
    expect(code(() => asKey(keyObject))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importKey(keyObject.export({ type: 'spki', format: 'pem' }) as string))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('Wycheproof tcId 7: the token signed with the ROCA key does not verify', () => {
    const test = roca.tests.find((t) => t.tcId === 7)!;
    expect(test.result).toBe('invalid');
    expect(code(() => verifyCompact(test.jws, rocaPublic, { algorithms: ['RS256'] }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(
      code(() =>
        verifyCompact(test.jws, createLocalKeySet({ keys: [rocaPublic] }), {
          algorithms: ['RS256'],
        }),
      ),
    ).not.toBe('no error');
  });

  it('ordinary keys pass: node-generated RSA and RSA-PSS keys of several sizes, and the RFC keys', () => {
    for (const bits of [2048, 2048, 2048, 3072, 4096]) {
      expect(
        code(() => asKey(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey)),
        `${bits}`,
      ).toBe('no error');
    }
    expect(
      code(() => asKey(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey)),
    ).toBe('no error');
    const rsaVectors = [
      ...publishedVectors('rfc7520-jwk.json'),
      ...publishedVectors('rfc7517-appendix.json'),
    ]
      .flatMap((v) => [v.jwk, ...(v.jwk_set?.keys ?? [])])
      .filter((k): k is JWK => k?.kty === 'RSA');
    expect(rsaVectors.length).toBeGreaterThan(1);
    for (const jwk of rsaVectors) expect(code(() => importJWK(jwk))).not.toBe('ERR_KEY_UNSUITABLE');
  });

  it('the residue test is selective: a random modulus of 2048 to 3967 bits passes it with probability below 2^-160', () => {
    // The first 126 primes (those of RSALib's M for these sizes), and for each the share of
    // residues that are powers of 65537, computed here independently of src/jwk/roca.ts.
    const primes: number[] = [];
    for (let x = 2; primes.length < 126; x++) if (primes.every((p) => x % p !== 0)) primes.push(x);
    let log2 = 0;
    for (const r of primes) {
      const seen = new Set<number>();
      for (let x = 1; !seen.has(x); x = (x * 65537) % r) seen.add(x);
      log2 += Math.log2(seen.size / (r - 1));
    }
    expect(log2).toBeLessThan(-160);
  });
});
