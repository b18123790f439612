import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { checkBinding, requireEc, requireRsa, requireSecret } from '../../src/jwk/fit.js';
import { generateKey } from '../../src/jwk/generate.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JoseKey } from '../../src/jwk/key.js';
import type { JWK } from '../../src/jwk/types.js';
import { code } from './helpers.js';

// The key each algorithm needs (RFC 7518 s3.2, s3.3, s3.4, s4.2-4.4, s4.5, s5.2, s5.3).
const SECRETS: Record<string, number> = {
  HS256: 256,
  HS384: 384,
  HS512: 512,
  A128KW: 128,
  A192KW: 192,
  A256KW: 256,
  'A128CBC-HS256': 256,
  'A192CBC-HS384': 384,
  'A256CBC-HS512': 512,
  A128GCM: 128,
  A192GCM: 192,
  A256GCM: 256,
};
const RSA_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'RSA1_5',
  'RSA-OAEP',
  'RSA-OAEP-256',
];
const EC: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

// Generated once: RSA generation is slow.
const generated = new Map<string, JoseKey>();
const keyFor = (alg: string): JoseKey => {
  let k = generated.get(alg);
  if (k === undefined) generated.set(alg, (k = generateKey(alg as never, { kid: `kid-${alg}` })));
  return k;
};

describe('generateKey: every algorithm of its table', () => {
  for (const [alg, bits] of Object.entries(SECRETS)) {
    it(`${alg}: a ${bits}-bit secret bound to ${alg}`, () => {
      const k = keyFor(alg);
      expect([k.type, k.kty, k.bits, k.alg, k.kid]).toEqual([
        'secret',
        'oct',
        bits,
        alg,
        `kid-${alg}`,
      ]);
      expect(() => requireSecret(k, alg, bits / 8, !alg.startsWith('HS'))).not.toThrow();
      expect(Buffer.from(exportJWK(k, { private: true }).k as string, 'base64url').length).toBe(
        bits / 8,
      );
    });
  }
  for (const alg of RSA_ALGS) {
    it(`${alg}: a 2048-bit RSA private key bound to ${alg}`, () => {
      const k = keyFor(alg);
      expect([k.type, k.kty, k.bits, k.alg]).toEqual(['private', 'RSA', 2048, alg]);
      expect(k.keyObject.asymmetricKeyType).toBe('rsa');
      expect(() => requireRsa(k, alg, true)).not.toThrow();
    });
  }
  for (const [alg, crv] of Object.entries(EC)) {
    it(`${alg}: an EC private key on ${crv} bound to ${alg}`, () => {
      const k = keyFor(alg);
      expect([k.type, k.kty, k.crv, k.alg]).toEqual(['private', 'EC', crv, alg]);
      expect(() => requireEc(k, alg, crv, true)).not.toThrow();
      for (const other of Object.values(EC).filter((c) => c !== crv))
        expect(code(() => requireEc(k, alg, other, true))).toBe('ERR_KEY_UNSUITABLE');
    });
  }

  it('binds each key to its algorithm and no other', () => {
    for (const alg of [...Object.keys(SECRETS), ...Object.keys(EC), 'RS256', 'RSA-OAEP']) {
      const k = keyFor(alg);
      expect(() => checkBinding(k, alg, ['sign', 'encrypt', 'wrapKey'])).not.toThrow();
      expect(code(() => checkBinding(k, alg === 'HS256' ? 'HS384' : 'HS256', ['sign']))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
      expect(importJWK(exportJWK(k, { private: true })).alg).toBe(alg);
    }
  });

  it('gives fresh keys each time', () => {
    const a = exportJWK(generateKey('HS256'), { private: true }).k;
    expect(exportJWK(generateKey('HS256'), { private: true }).k).not.toBe(a);
  });

  it('takes a modulusLength from 2048 to 16384 in steps of 8, and refuses others (ERR_INVALID_ARGUMENT)', () => {
    expect(generateKey('PS256', { modulusLength: 2056 }).bits).toBe(2056);
    for (const m of [1024, 2047, 2049, 2052, 16392, Number.NaN, 2048.5, '2048']) {
      expect(
        code(() => generateKey('RS256', { modulusLength: m as number })),
        String(m),
      ).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('refuses algorithms it has no generator for (ERR_NOT_SUPPORTED)', () => {
    for (const alg of [
      'none',
      'Ed25519',
      'ES256k',
      'dir',
      'PBES2-HS256+A128KW',
      'hs256',
      '',
      'toString',
      '__proto__',
      5,
    ]) {
      expect(
        code(() => generateKey(alg as never)),
        String(alg),
      ).toBe('ERR_NOT_SUPPORTED');
    }
  });

  it('refuses a non-string kid and non-object options (ERR_INVALID_ARGUMENT)', () => {
    for (const kid of [5, null, ['a'], {}])
      expect(
        code(() => generateKey('HS256', { kid: kid as string })),
        String(kid),
      ).toBe('ERR_INVALID_ARGUMENT');
    expect(code(() => generateKey('HS256', null as never))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('toPublic keeps the binding and drops the private part', () => {
    const pub = keyFor('ES384').toPublic();
    expect([pub.type, pub.alg, pub.kid, pub.crv]).toEqual([
      'public',
      'ES384',
      'kid-ES384',
      'P-384',
    ]);
    expect(pub.toPublic()).toBe(pub);
    expect(code(() => keyFor('HS256').toPublic())).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('exportJWK never leaks private members without { private: true }', () => {
  const notPrivate = fc.constantFrom<unknown>(
    undefined,
    {},
    { private: false },
    { private: 'true' },
    { private: 1 },
    { private: null },
    { privat: true },
  );

  it('asymmetric keys export their public members only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ES256', 'ES384', 'ES512', 'RS256', 'PS512'),
        notPrivate,
        (alg, options) => {
          const k = keyFor(alg);
          const jwk = exportJWK(k, options as never);
          for (const m of PRIVATE) expect(jwk).not.toHaveProperty(m);
          expect(exportJWK(k.toPublic())).toEqual(jwk);
          expect(exportJWK(exportJWK(k, { private: true }), options as never)).toEqual(jwk);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('secret keys refuse to export (ERR_KEY_UNSUITABLE)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(SECRETS)), notPrivate, (alg, options) => {
        expect(code(() => exportJWK(keyFor(alg), options as never))).toBe('ERR_KEY_UNSUITABLE');
      }),
      { numRuns: 60 },
    );
  });

  it('private export has every private member, with the binding', () => {
    const rsa = exportJWK(keyFor('RS256'), { private: true });
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(typeof rsa[m]).toBe('string');
    expect([rsa.alg, rsa.kid]).toEqual(['RS256', 'kid-RS256']);
    expect(typeof exportJWK(keyFor('ES256'), { private: true }).d).toBe('string');
  });

  it('exports key_ops as a copy the caller cannot use to change the key', () => {
    const k = importJWK({ kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', key_ops: ['sign'] } as JWK);
    const jwk = exportJWK(k, { private: true });
    (jwk.key_ops as string[]).push('verify');
    expect(k.keyOps).toEqual(['sign']);
  });

  it('refuses options that are not an object (ERR_INVALID_ARGUMENT)', () => {
    expect(code(() => exportJWK(keyFor('ES256'), null as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});
