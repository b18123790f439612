import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySet, JWKSet } from '../../src/jwk/keyset.js';
import type { JWK } from '../../src/jwk/types.js';
import { publishedVectors } from '../support/vectors.js';
import { code, without } from './helpers.js';

const rfc7517 = publishedVectors('rfc7517-appendix.json');
const rfc7520 = publishedVectors('rfc7520-jwk.json');
const setOf = (id: string): JWK[] => rfc7517.find((v) => v.id === id)?.jwk_set?.keys as JWK[];
const jwkOf = (id: string): JWK => rfc7520.find((v) => v.id === id)?.jwk as JWK;

const ecJwk = (namedCurve: string, extra: Partial<JWK> = {}): JWK => ({
  ...(generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' }) as JWK),
  ...extra,
});
const p256 = ecJwk('prime256v1', { kid: 'p256' });
const p384 = ecJwk('secp384r1', { kid: 'p384' });
const p521 = ecJwk('secp521r1', { kid: 'p521' });
const rsaPub = jwkOf('RFC7520-3.3');
const hmac = jwkOf('RFC7520-3.5');
const aes = jwkOf('RFC7520-3.6');

describe('JWKSet on the RFC 7517 key sets', () => {
  it('RFC 7517 A.1: selects the RSA key by kid and alg, the EC key only for encryption (use "enc")', () => {
    const set = new JWKSet({ keys: setOf('RFC7517-A.1') });
    expect(set.keys.length).toBe(2);
    expect(set.select({ alg: 'RS256', kid: '2011-04-29' }).kty).toBe('RSA');
    expect(set.select({ alg: 'RS256' }).kid).toBe('2011-04-29');
    expect(set.select({ alg: 'ECDH-ES', enc: 'A128GCM', kid: '1' }).crv).toBe('P-256');
    expect(code(() => set.select({ alg: 'ES256', kid: '1' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => set.select({ alg: 'RS384', kid: '2011-04-29' }))).toBe('ERR_KEY_NOT_FOUND');
  });

  it('RFC 7517 A.3: HS256 finds the HMAC key (the other is bound to A128KW); A128KW fits both, as neither has use or a kid', () => {
    const set = new JWKSet({ keys: setOf('RFC7517-A.3') });
    expect(set.select({ alg: 'HS256' }).kid).toBe('HMAC key used in JWS spec Appendix A.1 example');
    expect(code(() => set.select({ alg: 'A128KW', enc: 'A128CBC-HS256' }))).toBe(
      'ERR_KEY_AMBIGUOUS',
    );
    expect(
      set.select({
        alg: 'A128KW',
        enc: 'A128CBC-HS256',
        kid: 'HMAC key used in JWS spec Appendix A.1 example',
      }).bits,
    ).toBe(512);
  });
});

describe('JWKSet selection', () => {
  // Mixed on purpose, to show that selection never hands a secret to an asymmetric algorithm.
  const set = new JWKSet({ keys: [rsaPub, p256, p384, p521, hmac, aes] }, { allowMixed: true });

  it('selects by kid', () => {
    expect(set.select({ alg: 'ES256', kid: 'p256' }).crv).toBe('P-256');
    expect(set.select({ alg: 'RS256', kid: rsaPub.kid }).kty).toBe('RSA');
    expect(code(() => set.select({ alg: 'ES256', kid: 'p384' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => set.select({ alg: 'ES256', kid: 'nobody' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => set.select({ alg: 'ES256', kid: 5 }))).toBe('ERR_KEY_NOT_FOUND');
  });

  it('selects by the key type and curve the alg needs, without a kid', () => {
    expect(set.select({ alg: 'ES256' }).kid).toBe('p256');
    expect(set.select({ alg: 'ES384' }).kid).toBe('p384');
    expect(set.select({ alg: 'ES512' }).kid).toBe('p521');
    expect(set.select({ alg: 'PS384' }).kty).toBe('RSA');
    expect(code(() => set.select({ alg: 'ES256K' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => set.select({ alg: 'EdDSA' }))).toBe('ERR_KEY_NOT_FOUND');
  });

  it("honours the keys' alg and use bindings (RFC 7520 3.5 is HS256/sig, 3.6 is A256GCM/enc)", () => {
    expect(set.select({ alg: 'HS256' }).kid).toBe(hmac.kid);
    expect(code(() => set.select({ alg: 'HS384' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(set.select({ alg: 'dir', enc: 'A256GCM' }).kid).toBe(aes.kid);
    expect(code(() => set.select({ alg: 'dir', enc: 'A128GCM' }))).toBe('ERR_KEY_NOT_FOUND');
    // RSA-OAEP needs use "enc" or none: RFC 7520 3.3 is bound to "sig".
    expect(code(() => set.select({ alg: 'RSA-OAEP', enc: 'A256GCM' }))).toBe('ERR_KEY_NOT_FOUND');
  });

  it('picks the ECDH-ES key on the curve of the header epk', () => {
    const enc = new JWKSet({
      keys: [ecJwk('prime256v1', { use: 'enc' }), ecJwk('secp384r1', { use: 'enc' })],
    });
    expect(
      enc.select({ alg: 'ECDH-ES', enc: 'A128GCM', epk: { kty: 'EC', crv: 'P-384' } }).crv,
    ).toBe('P-384');
    expect(
      enc.select({ alg: 'ECDH-ES+A128KW', enc: 'A128GCM', epk: { kty: 'EC', crv: 'P-256' } }).crv,
    ).toBe('P-256');
    expect(
      code(() => enc.select({ alg: 'ECDH-ES', enc: 'A128GCM', epk: { kty: 'EC', crv: 'P-521' } })),
    ).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => enc.select({ alg: 'ECDH-ES', enc: 'A128GCM' }))).toBe('ERR_KEY_AMBIGUOUS');
  });

  it('fails with ERR_KEY_NOT_FOUND on headers without a usable alg', () => {
    for (const header of [
      {},
      { alg: 5 },
      { alg: 'none' },
      { alg: '' },
      { alg: 'toString' },
      { alg: 'constructor', kid: 'p256' },
    ]) {
      expect(
        code(() => set.select(header)),
        JSON.stringify(header),
      ).toBe('ERR_KEY_NOT_FOUND');
    }
  });

  it('refuses a header that is not an object (ERR_INVALID_ARGUMENT)', () => {
    for (const h of [null, undefined, 'RS256', 5])
      expect(
        code(() => set.select(h as never)),
        String(h),
      ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('fails with ERR_KEY_AMBIGUOUS when several keys fit, naming no key', () => {
    const twoRsa = new JWKSet({ keys: [rsaPub, without(setOf('RFC7517-A.1')[1] as JWK, 'alg')] });
    expect(code(() => twoRsa.select({ alg: 'RS256' }))).toBe('ERR_KEY_AMBIGUOUS');
    const sameKid = new JWKSet({ keys: [p256, { ...ecJwk('prime256v1'), kid: 'p256' }] });
    expect(code(() => sameKid.select({ alg: 'ES256', kid: 'p256' }))).toBe('ERR_KEY_AMBIGUOUS');
    expect(() => sameKid.select({ alg: 'ES256', kid: 'p256' })).toThrow(/distinct "kid"s/);
  });

  it('skips members it cannot import and keeps the rest (RFC 7517 s5)', () => {
    const junk = [
      { kty: 'OKP', crv: 'Ed25519', x: '1qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'ed' },
      { kty: 'unknown', kid: 'u' },
      { ...rsaPub, kid: 'bad-e', e: 'AQA' },
      { ...rsaPub, kid: 'oth', oth: [] },
      { ...p256, kid: 'off-curve', y: p384.y },
      { kty: 'oct', k: 'QQ==', kid: 'padded' },
      { kty: 'oct', k: 'AAAA', kid: 5 },
      'not a key',
      null,
      [p256],
    ];
    const mixed = new JWKSet({ keys: [...junk, p256, rsaPub] as JWK[] });
    expect(mixed.keys.map((k) => k.kid)).toEqual(['p256', rsaPub.kid]);
    expect(mixed.select({ alg: 'ES256' }).kid).toBe('p256');
    expect(code(() => mixed.select({ alg: 'EdDSA', kid: 'ed' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => new JWKSet({ keys: junk as JWK[] }).select({ alg: 'RS256' }))).toBe(
      'ERR_KEY_NOT_FOUND',
    );
  });

  it('refuses a value that is not a JWK Set (ERR_JWK_INVALID)', () => {
    for (const bad of [null, 5, 'keys', [], {}, { keys: {} }, { keys: 'a' }]) {
      expect(
        code(() => new JWKSet(bad as never)),
        JSON.stringify(bad),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('createLocalKeySet resolves headers through the same selection', () => {
    const resolve = createLocalKeySet({ keys: [p256, p384] });
    expect(resolve({ alg: 'ES384' }).kid).toBe('p384');
    expect(code(() => resolve({ alg: 'RS256' }))).toBe('ERR_KEY_NOT_FOUND');
    expect(code(() => createLocalKeySet({} as never))).toBe('ERR_JWK_INVALID');
  });
});
