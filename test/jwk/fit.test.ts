import { Buffer } from 'node:buffer';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkBinding,
  MAX_RSA_BITS,
  MIN_RSA_BITS,
  requireEc,
  requireOkp,
  requireRsa,
  requireSecret,
} from '../../src/jwk/fit.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import type { JoseKey } from '../../src/jwk/key.js';
import type { JWK } from '../../src/jwk/types.js';
import { publishedVectors } from '../support/vectors.js';
import { code } from './helpers.js';

const rfc7520 = publishedVectors('rfc7520-jwk.json');
const jwkOf = (id: string): JWK => rfc7520.find((v) => v.id === id)?.jwk as JWK;
const rsaPriv = importJWK(jwkOf('RFC7520-3.4'));
const rsaPub = importJWK(jwkOf('RFC7520-3.3'));
const ec521 = importJWK(jwkOf('RFC7520-3.2'));
const secret = (bytes: number): JoseKey => importKey(Buffer.alloc(bytes, 1));
/** A public RSA key with a modulus of exactly `bits` bits (odd, top bit set); not a real key, but node imports it. */
const rsaOfBits = (bits: number): JoseKey => {
  const n = randomBytes(bits / 8);
  n[0]! |= 0x80;
  n[n.length - 1]! |= 1;
  return importJWK({ kty: 'RSA', n: n.toString('base64url'), e: 'AQAB' });
};

describe('checkBinding', () => {
  const bound = (b: Partial<JWK>): JoseKey =>
    importJWK({ kty: 'oct', k: Buffer.alloc(32, 2).toString('base64url'), ...b } as JWK);

  it('lets an unbound key do anything', () => {
    expect(() => checkBinding(secret(32), 'HS256', ['sign'])).not.toThrow();
    expect(() => checkBinding(secret(32), 'A256KW', ['wrapKey'])).not.toThrow();
  });

  it('holds a key to its alg, or the one alternative the caller names (dir with enc)', () => {
    const k = bound({ alg: 'A256GCM' });
    expect(code(() => checkBinding(k, 'dir', ['encrypt']))).toBe('ERR_KEY_UNSUITABLE');
    expect(() => checkBinding(k, 'dir', ['encrypt'], 'A256GCM')).not.toThrow();
    expect(() => checkBinding(k, 'A256GCM', ['encrypt'])).not.toThrow();
    expect(code(() => checkBinding(bound({ alg: 'HS256' }), 'HS512', ['sign']))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('holds a key to its use: "sig" for sign/verify, "enc" for everything else', () => {
    const sig = bound({ use: 'sig' });
    const enc = bound({ use: 'enc' });
    expect(() => checkBinding(sig, 'HS256', ['verify'])).not.toThrow();
    for (const op of ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveBits'] as const) {
      expect(
        code(() => checkBinding(sig, 'A256KW', [op])),
        op,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(() => checkBinding(enc, 'A256KW', [op])).not.toThrow();
    }
    expect(code(() => checkBinding(enc, 'HS256', ['sign']))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('holds a key to its key_ops: one of the operations asked for must be listed', () => {
    const k = bound({ key_ops: ['verify'] });
    expect(() => checkBinding(k, 'HS256', ['verify'])).not.toThrow();
    expect(code(() => checkBinding(k, 'HS256', ['sign']))).toBe('ERR_KEY_UNSUITABLE');
    const wrap = bound({ key_ops: ['wrapKey'] });
    expect(() => checkBinding(wrap, 'A256KW', ['encrypt', 'wrapKey'])).not.toThrow();
    expect(code(() => checkBinding(wrap, 'A256KW', ['unwrapKey']))).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('requireSecret', () => {
  it('needs an HMAC key at least as long as the hash (RFC 7518 s3.2)', () => {
    for (const [alg, bytes] of [
      ['HS256', 32],
      ['HS384', 48],
      ['HS512', 64],
    ] as const) {
      expect(
        code(() => requireSecret(secret(bytes - 1), alg, bytes)),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(() => requireSecret(secret(bytes), alg, bytes)).not.toThrow();
      expect(() => requireSecret(secret(bytes + 1), alg, bytes)).not.toThrow();
    }
  });

  it('needs exactly the size when told (AES key wrap, content keys)', () => {
    expect(() => requireSecret(secret(16), 'A128KW', 16, true)).not.toThrow();
    expect(code(() => requireSecret(secret(32), 'A128KW', 16, true))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => requireSecret(secret(15), 'A128KW', 16, true))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('refuses asymmetric keys, public or private', () => {
    for (const k of [rsaPub, rsaPriv, ec521])
      expect(code(() => requireSecret(k, 'HS256', 32))).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('requireRsa', () => {
  it(`accepts ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits (RFC 7518 s3.3) and refuses the rest`, () => {
    expect([MIN_RSA_BITS, MAX_RSA_BITS]).toEqual([2048, 16384]);
    expect(() => requireRsa(rsaPub, 'RS256', false)).not.toThrow();
    expect(() => requireRsa(rsaOfBits(MAX_RSA_BITS), 'RS256', false)).not.toThrow();
    expect(code(() => requireRsa(rsaOfBits(MAX_RSA_BITS + 8), 'RS256', false))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(code(() => requireRsa(rsaOfBits(2040), 'RS256', false))).toBe('ERR_KEY_UNSUITABLE');
    const small = importKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
    expect(code(() => requireRsa(small, 'RS256', true))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('needs a private key where asked, and an RSA key at all', () => {
    expect(() => requireRsa(rsaPriv, 'RS256', true)).not.toThrow();
    expect(code(() => requireRsa(rsaPub, 'RS256', true))).toBe('ERR_KEY_UNSUITABLE');
    for (const k of [ec521, secret(32)])
      expect(code(() => requireRsa(k, 'RS256', false))).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('requireEc and requireOkp', () => {
  it('needs the curve the alg names (RFC 7518 s3.4), private where asked', () => {
    expect(() => requireEc(ec521, 'ES512', 'P-521', true)).not.toThrow();
    expect(() => requireEc(ec521.toPublic(), 'ES512', 'P-521', false)).not.toThrow();
    expect(code(() => requireEc(ec521.toPublic(), 'ES512', 'P-521', true))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(code(() => requireEc(ec521, 'ES256', 'P-256', false))).toBe('ERR_KEY_UNSUITABLE');
    const k1 = importKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey);
    expect(code(() => requireEc(k1, 'ES256', 'P-256', true))).toBe('ERR_KEY_UNSUITABLE');
    for (const k of [rsaPriv, secret(32)])
      expect(code(() => requireEc(k, 'ES256', 'P-256', false))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('requireOkp needs the named OKP curve, and refuses EC, RSA and secret keys', () => {
    const ed = importKey(generateKeyPairSync('ed25519').privateKey);
    expect(() => requireOkp(ed, 'EdDSA', 'Ed25519', true)).not.toThrow();
    expect(code(() => requireOkp(ed, 'EdDSA', 'Ed448', false))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => requireOkp(ed.toPublic(), 'EdDSA', 'Ed25519', true))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    for (const k of [ec521, rsaPriv, secret(32)])
      expect(code(() => requireOkp(k, 'EdDSA', 'Ed25519', false))).toBe('ERR_KEY_UNSUITABLE');
  });
});
