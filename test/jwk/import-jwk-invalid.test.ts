import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JWK } from '../../src/jwk/types.js';
import { publishedVectors } from '../support/vectors.js';
import { code, without } from './helpers.js';

const rfc7520 = publishedVectors('rfc7520-jwk.json');
const rfc7517 = publishedVectors('rfc7517-appendix.json');
const jwkOf = (id: string): JWK => rfc7520.find((v) => v.id === id)?.jwk as JWK;
const RSA = jwkOf('RFC7520-3.4');
const RSA_PUB = jwkOf('RFC7520-3.3');
const EC521 = jwkOf('RFC7520-3.2');
const EC256 = rfc7517.find((v) => v.id === 'RFC7517-A.2')?.jwk_set?.keys[0] as JWK;
const OCT = jwkOf('RFC7520-3.5');

const bytes = (s: unknown): Buffer => Buffer.from(s as string, 'base64url');
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
/** The member's value with one bit of its last octet flipped. */
const flip = (s: unknown): string => {
  const b = bytes(s);
  b[b.length - 1]! ^= 1;
  return b64u(b);
};
const expectCode = (jwk: unknown, want: string, alg?: string): void => {
  expect(
    code(() => importJWK(jwk as JWK, alg as never)),
    JSON.stringify(jwk).slice(0, 120),
  ).toBe(want);
};

describe('importJWK refuses malformed JWKs (RFC 7517 s4, RFC 7518 s6)', () => {
  it('refuses values that are not JWK objects', () => {
    for (const bad of [null, 5, [], [RSA], 'not json', '[]', '{"kty":"oct","k":"AAAA"} x', ''])
      expectCode(bad, 'ERR_JWK_INVALID');
  });

  it('needs a string kty; names it does not support are ERR_NOT_SUPPORTED', () => {
    expectCode(without(OCT, 'kty'), 'ERR_JWK_INVALID');
    expectCode({ ...OCT, kty: 5 }, 'ERR_JWK_INVALID');
    expectCode({ ...OCT, kty: 'oc' }, 'ERR_NOT_SUPPORTED');
    expectCode({ ...OCT, kty: 'okp' }, 'ERR_NOT_SUPPORTED');
  });

  it('refuses every missing required member', () => {
    expectCode(without(OCT, 'k'), 'ERR_JWK_INVALID');
    for (const m of ['n', 'e']) expectCode(without(RSA_PUB, m), 'ERR_JWK_INVALID');
    for (const m of ['n', 'e']) expectCode(without(RSA, m), 'ERR_JWK_INVALID');
    for (const m of ['crv', 'x', 'y']) expectCode(without(EC521, m), 'ERR_JWK_INVALID');
    for (const m of ['crv', 'x', 'y']) expectCode(without(EC256, m), 'ERR_JWK_INVALID');
  });

  it('refuses non-canonical base64url in every member: padding, "+" and "/", whitespace, trailing bits', () => {
    const k = OCT.k as string;
    const padded = `${b64u(bytes(k).subarray(0, 31))}=`;
    expect(k).toContain('-');
    for (const bad of [
      padded,
      k.replace('-', '+'),
      'AAAA/AAA',
      ` ${k}`,
      `${k}\n`,
      `${k.slice(0, -1)}h`,
      5,
      '',
    ]) {
      expect(
        code(() => importJWK({ ...OCT, k: bad } as JWK)),
        String(bad),
      ).toBe('ERR_JWK_INVALID');
    }
    // Trailing bits: 'AQAB' -> 'AQAC' is another value, but 'AQ' -> 'AR' keeps the octets and only sets unused bits.
    expectCode({ ...RSA_PUB, e: 'AQABAR' }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA_PUB, n: `${RSA_PUB.n}=` }, 'ERR_JWK_INVALID');
    expectCode({ ...EC256, x: `+${(EC256.x as string).slice(1)}` }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA_PUB, n: (RSA_PUB.n as string).replaceAll('_', '/') }, 'ERR_JWK_INVALID');
    expectCode({ ...EC256, d: `${EC256.d}==` }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA, qi: `${RSA.qi}=` }, 'ERR_JWK_INVALID');
  });

  it('refuses RSA integers with leading zero octets (RFC 7518 s2 Base64urlUInt: minimum octets)', () => {
    const pad = (s: unknown): string => b64u(Buffer.concat([Buffer.of(0), bytes(s)]));
    expectCode({ ...RSA_PUB, n: pad(RSA_PUB.n) }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA_PUB, e: 'AAEAAQ' }, 'ERR_JWK_INVALID');
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expectCode({ ...RSA, [m]: pad(RSA[m]) }, 'ERR_JWK_INVALID');
  });

  it('refuses an even, tiny or oversized RSA e and an even or empty n', () => {
    for (const e of ['AQ', 'Ag', 'AQA', 'AAAA', 'AQAAAAAAAAAAAQ'])
      expectCode({ ...RSA_PUB, e }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA_PUB, n: flip(RSA_PUB.n) }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA_PUB, n: '' }, 'ERR_JWK_INVALID');
  });

  it('refuses RSA private members that do not match the public key', () => {
    expectCode({ ...RSA, d: flip(RSA.d) }, 'ERR_JWK_INVALID');
    expectCode(without({ ...RSA, d: flip(RSA.d) }, 'p', 'q', 'dp', 'dq', 'qi'), 'ERR_JWK_INVALID');
    for (const m of ['p', 'q', 'dp', 'dq', 'qi'])
      expectCode({ ...RSA, [m]: flip(RSA[m]) }, 'ERR_JWK_INVALID');
    const otherN = rfc7517.find((v) => v.id === 'RFC7517-A.2')?.jwk_set?.keys[1]?.n as string;
    expect(otherN).not.toBe(RSA.n);
    expectCode({ ...RSA, n: otherN }, 'ERR_JWK_INVALID');
    expectCode({ ...RSA, p: RSA.q, q: RSA.p }, 'ERR_JWK_INVALID');
  });

  it('refuses CRT members that are only partly present, or present without d', () => {
    for (const m of ['p', 'q', 'dp', 'dq', 'qi']) expectCode(without(RSA, m), 'ERR_JWK_INVALID');
    expectCode(without(RSA, 'q', 'dp', 'dq', 'qi'), 'ERR_JWK_INVALID');
    expectCode(without(RSA, 'd'), 'ERR_JWK_INVALID');
    expectCode(without(RSA, 'd', 'dp', 'dq', 'qi'), 'ERR_JWK_INVALID');
  });

  it('refuses multi-prime RSA ("oth") as not supported', () => {
    expectCode({ ...RSA, oth: [{ r: 'Aw', d: 'Aw', t: 'Aw' }] }, 'ERR_NOT_SUPPORTED');
    expectCode({ ...RSA_PUB, oth: [] }, 'ERR_NOT_SUPPORTED');
  });

  it('refuses EC coordinates and d of the wrong length (P-521 needs 66 octets)', () => {
    const strip = (s: unknown): string => b64u(bytes(s).subarray(1));
    expect(bytes(EC521.x)[0]).toBe(0);
    expectCode({ ...EC521, x: strip(EC521.x) }, 'ERR_JWK_INVALID');
    expectCode({ ...EC521, d: strip(EC521.d) }, 'ERR_JWK_INVALID');
    expectCode(
      { ...EC256, y: b64u(Buffer.concat([Buffer.of(0), bytes(EC256.y)])) },
      'ERR_JWK_INVALID',
    );
    expectCode({ ...EC256, crv: 'P-384' }, 'ERR_JWK_INVALID');
  });

  it('refuses points off the curve and private keys that do not match the point', () => {
    expectCode(without({ ...EC256, y: flip(EC256.y) }, 'd'), 'ERR_JWK_INVALID');
    expectCode({ ...EC256, y: flip(EC256.y) }, 'ERR_JWK_INVALID');
    expectCode({ ...EC521, x: flip(EC521.x) }, 'ERR_JWK_INVALID');
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      format: 'jwk',
    });
    expectCode({ ...EC256, d: other.d }, 'ERR_JWK_INVALID');
    expectCode({ ...EC256, d: b64u(Buffer.alloc(32)) }, 'ERR_JWK_INVALID');
    expectCode({ ...EC256, d: b64u(Buffer.alloc(32, 0xff)) }, 'ERR_JWK_INVALID');
  });

  it('refuses unknown curves as not supported, and a missing or non-string crv as invalid', () => {
    for (const crv of [
      'P-192',
      'brainpoolP256r1',
      'Ed25519',
      'toString',
      'constructor',
      '__proto__',
    ]) {
      expectCode({ ...EC256, crv }, 'ERR_NOT_SUPPORTED');
    }
    expectCode({ ...EC256, crv: 256 }, 'ERR_JWK_INVALID');
  });

  it('imports secp256k1 keys', () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({
      format: 'jwk',
    });
    expect(importJWK(k1 as JWK).crv).toBe('secp256k1');
  });

  it('refuses bad bindings: alg, use, key_ops and kid (RFC 7517 s4.2-4.5)', () => {
    for (const alg of [5, '', null, ['HS256']]) expectCode({ ...OCT, alg }, 'ERR_JWK_INVALID');
    for (const use of ['sign', 'SIG', '', 5, null]) expectCode({ ...OCT, use }, 'ERR_JWK_INVALID');
    for (const key_ops of ['sign', ['sign', 'sign'], ['Sign'], ['sign', 'fly'], [5], {}])
      expectCode({ ...OCT, key_ops }, 'ERR_JWK_INVALID');
    for (const kid of [5, null, ['a'], { a: 1 }]) expectCode({ ...OCT, kid }, 'ERR_JWK_INVALID');
  });

  it('refuses use and key_ops that disagree (RFC 7517 s4.3)', () => {
    expectCode({ ...OCT, use: 'sig', key_ops: ['encrypt'] }, 'ERR_JWK_INVALID');
    expectCode({ ...OCT, use: 'enc', key_ops: ['verify'] }, 'ERR_JWK_INVALID');
    expectCode({ ...OCT, use: 'sig', key_ops: ['sign', 'wrapKey'] }, 'ERR_JWK_INVALID');
    expect(importJWK({ ...OCT, use: 'sig', key_ops: ['sign', 'verify'] }).keyOps).toEqual([
      'sign',
      'verify',
    ]);
    expect(importJWK({ ...without(OCT, 'use'), key_ops: ['wrapKey'] }).keyOps).toEqual(['wrapKey']);
  });

  it('refuses an alg argument that contradicts the JWK alg, or is not a non-empty string', () => {
    expectCode(OCT, 'ERR_KEY_UNSUITABLE', 'HS384');
    expect(importJWK(OCT, 'HS256').alg).toBe('HS256');
    expect(importJWK(without(OCT, 'alg'), 'HS512').alg).toBe('HS512');
    for (const alg of [5, '', null]) {
      expectCode(without(OCT, 'alg'), 'ERR_INVALID_ARGUMENT', alg as string);
      expectCode(OCT, 'ERR_INVALID_ARGUMENT', alg as string);
    }
  });

  it('parses JWK text strictly: duplicate members are refused, even when both values agree', () => {
    const text = JSON.stringify(OCT);
    expect(importJWK(text).kid).toBe(OCT.kid);
    expectCode(text.replace('{', '{"k":"AAAA",'), 'ERR_JWK_INVALID');
    expectCode(text.replace('{', '{"alg":"HS512",'), 'ERR_JWK_INVALID');
    expectCode(text.replace('{', '{"kty":"oct",'), 'ERR_JWK_INVALID');
    expectCode(text.replace('{', '{"kid":"x","kid":"x",'), 'ERR_JWK_INVALID');
    expectCode(text.replace('}', ',}'), 'ERR_JWK_INVALID');
  });

  it('keeps "__proto__" in JWK text inert: it can neither add members nor bind the key', () => {
    const key = importJWK(
      '{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAA","__proto__":{"alg":"none","use":"enc"}}',
    );
    expect([key.alg, key.use]).toEqual([undefined, undefined]);
    expectCode('{"__proto__":{"kty":"oct","k":"AAAA"}}', 'ERR_JWK_INVALID');
  });

  it('refuses an empty oct key', () => {
    expectCode({ kty: 'oct', k: '' }, 'ERR_JWK_INVALID');
  });
});
