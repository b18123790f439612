import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importKey } from '../../src/jwk/import-key.js';
import { decryptJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import {
  decodePart,
  objects,
  policyError,
  rsa,
  secret16,
  secret32,
  spyContext,
} from './helpers.js';

const vars = { 'iss.claim': 'gw' };
const env = { cryptoObjects: objects, logger: { error: () => {} } };
const hmacJwk = (k: Buffer, extra: object = {}) => ({
  kty: 'oct',
  k: k.toString('base64url'),
  ...extra,
});

describe('jwt-generate keys: crypto object wins over JWK (seed footnote 1)', () => {
  it('with both, the crypto object signs and the JWK variable is never read', () => {
    const ctx = spyContext({ ...vars, 'jws.jwk': 'this is not a JWK at all' });
    const token = jwtGenerate(
      { 'jws-alg': 'HS256', 'jws-crypto': 'hmac', 'jws-jwk': 'jws.jwk' },
      ctx,
      env,
    ) as string;
    expect(ctx.reads).not.toContain('jws.jwk');
    expect(verifyJWT(token, objects.get('hmac')!.key, { algorithms: ['HS256'] }).claims.iss).toBe(
      'gw',
    );
  });

  it('with both for encryption, the crypto object encrypts and the JWK variable is never read', () => {
    const ctx = spyContext({ ...vars, 'jwe.jwk': hmacJwk(randomBytes(16)) });
    const token = jwtGenerate(
      {
        'jwe-alg': 'A128KW',
        'jwe-enc': 'A128CBC-HS256',
        'jwe-crypto': 'kek',
        'jwe-jwk': 'jwe.jwk',
      },
      ctx,
      env,
    ) as string;
    expect(ctx.reads).not.toContain('jwe.jwk');
    expect(decryptJWT(token, objects.get('kek')!.key).claims.iss).toBe('gw');
  });

  it('with only a JWK, the JWK signs; its alg is used when jws-alg is absent', () => {
    const jwk = hmacJwk(secret32, { alg: 'HS384' });
    const other = randomBytes(48);
    const token = jwtGenerate(
      { 'jws-jwk': 'jws.jwk' },
      createContext({ ...vars, 'jws.jwk': hmacJwk(other, { alg: 'HS384' }) }),
      env,
    ) as string;
    expect(decodePart(token, 0).alg).toBe('HS384');
    expect(verifyJWT(token, hmacJwk(other), { algorithms: ['HS384'] }).claims.iss).toBe('gw');
    expect(() => verifyJWT(token, jwk, { algorithms: ['HS384'] })).toThrow();
  });

  it('a JWK given as JSON text works like the object', () => {
    const text = JSON.stringify(hmacJwk(secret32));
    const token = jwtGenerate(
      { 'jws-alg': 'HS256', 'jws-jwk': 'v' },
      createContext({ ...vars, v: text }),
      env,
    ) as string;
    expect(verifyJWT(token, objects.get('hmac')!.key).claims.iss).toBe('gw');
  });

  it('a named crypto object that does not exist is an error, never a fallback to the JWK', () => {
    const ctx = createContext({ ...vars, 'jws.jwk': hmacJwk(secret32) });
    const e = policyError(() =>
      jwtGenerate({ 'jws-alg': 'HS256', 'jws-crypto': 'nope', 'jws-jwk': 'jws.jwk' }, ctx, env),
    );
    expect(e.detail).toMatch(/jws-crypto.*"nope" does not exist/);
  });

  it('a crypto object of the wrong kind for the alg is an error naming the property', () => {
    expect(
      policyError(() =>
        jwtGenerate({ 'jws-alg': 'HS256', 'jws-crypto': 'rsaKey' }, createContext(vars), env),
      ).detail,
    ).toMatch(/^jws-crypto: HS256 needs a shared secret key/);
    expect(
      policyError(() =>
        jwtGenerate({ 'jws-alg': 'RS256', 'jws-crypto': 'hmac' }, createContext(vars), env),
      ).detail,
    ).toMatch(/^jws-crypto: RS256 needs a crypto key/);
    expect(
      policyError(() =>
        jwtGenerate({ 'jws-alg': 'RS256', 'jws-crypto': 'rsaCert' }, createContext(vars), env),
      ).detail,
    ).toMatch(/^jws-crypto: RS256 needs a crypto key/);
    expect(
      policyError(() =>
        jwtGenerate(
          { 'jwe-alg': 'RSA-OAEP-256', 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': 'hmac' },
          createContext(vars),
          env,
        ),
      ).detail,
    ).toMatch(/^jwe-crypto: RSA-OAEP-256 needs a crypto certificate/);
    expect(
      policyError(() =>
        jwtGenerate(
          { 'jwe-alg': 'A128KW', 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': 'rsaCert' },
          createContext(vars),
          env,
        ),
      ).detail,
    ).toMatch(/^jwe-crypto: A128KW needs a shared secret key/);
  });

  it('a crypto object that does not fit the alg (size, curve) is an error naming the property', () => {
    expect(
      policyError(() =>
        jwtGenerate({ 'jws-alg': 'HS256', 'jws-crypto': 'short' }, createContext(vars), env),
      ).detail,
    ).toMatch(/^jws-crypto: .*does not fit HS256/);
    expect(
      policyError(() =>
        jwtGenerate({ 'jws-alg': 'ES384', 'jws-crypto': 'ecKey' }, createContext(vars), env),
      ).detail,
    ).toMatch(/^jws-crypto: .*does not fit ES384/);
    expect(
      policyError(() =>
        jwtGenerate(
          { 'jwe-alg': 'A256KW', 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': 'kek' },
          createContext(vars),
          env,
        ),
      ).detail,
    ).toMatch(/^jwe-crypto: .*does not fit A256KW/);
    expect(
      policyError(() =>
        jwtGenerate(
          { 'jwe-alg': 'dir', 'jwe-enc': 'A256CBC-HS512', 'jwe-crypto': 'cek' },
          createContext(vars),
          env,
        ),
      ).detail,
    ).toMatch(/^jwe-crypto: .*does not fit dir/);
  });

  it('jws-alg absent with a crypto object that names no alg is an error', () => {
    expect(
      policyError(() => jwtGenerate({ 'jws-crypto': 'hmac' }, createContext(vars), env)).detail,
    ).toMatch(/^jws-alg: is required/);
  });

  it('signs with RS256, PS256 and ES256 crypto keys', () => {
    for (const [alg, obj] of [
      ['RS256', 'rsaKey'],
      ['PS256', 'rsaKey'],
      ['ES256', 'ecKey'],
    ] as const) {
      const token = jwtGenerate(
        { 'jws-alg': alg, 'jws-crypto': obj },
        createContext(vars),
        env,
      ) as string;
      expect(
        verifyJWT(token, objects.get(obj)!.key.toPublic(), { algorithms: [alg] }).protectedHeader
          .alg,
      ).toBe(alg);
    }
  });

  it('JWE only: the claims are the plaintext, no cty', () => {
    for (const [alg, obj] of [
      ['A128KW', 'kek'],
      ['dir', 'cek'],
      ['RSA-OAEP-256', 'rsaCert'],
      ['RSA1_5', 'rsaCert'],
    ] as const) {
      const token = jwtGenerate(
        { 'jwe-alg': alg, 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': obj },
        createContext(vars),
        env,
      ) as string;
      expect(token.split('.')).toHaveLength(5);
      expect(decodePart(token, 0)).toEqual({ alg, enc: 'A128CBC-HS256', typ: 'JWT' });
      const key = obj === 'rsaCert' ? objects.get('rsaKey')!.key : objects.get(obj)!.key;
      const { claims } = decryptJWT(token, key, { keyManagementAlgorithms: [alg] });
      expect(claims.iss).toBe('gw');
    }
  });

  it('nested: signed first, then encrypted, the JWE carrying cty JWT; every enc of the seed', () => {
    for (const [enc, cek] of [
      ['A128CBC-HS256', 32],
      ['A192CBC-HS384', 48],
      ['A256CBC-HS512', 64],
    ] as const) {
      const objs = createCryptoObjects({
        hmac: { type: 'shared-secret-key', value: secret32 },
        cek: { type: 'shared-secret-key', value: randomBytes(cek) },
      });
      const token = jwtGenerate(
        {
          'jws-alg': 'HS256',
          'jws-crypto': 'hmac',
          'jwe-alg': 'dir',
          'jwe-enc': enc,
          'jwe-crypto': 'cek',
        },
        createContext(vars),
        { cryptoObjects: objs },
      ) as string;
      expect(decodePart(token, 0)).toEqual({ alg: 'dir', enc, typ: 'JWT', cty: 'JWT' });
      const { claims, jwsHeader } = decryptJWT(token, objs.get('cek')!.key, {
        verificationKey: importKey(secret32),
        algorithms: ['HS256'],
      });
      expect(jwsHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(claims.iss).toBe('gw');
    }
  });

  it('custom-kid-value-jwe sets the JWE kid; a JWK encryption key gives its own kid', () => {
    const a = jwtGenerate(
      {
        'jwe-alg': 'A128KW',
        'jwe-enc': 'A128CBC-HS256',
        'jwe-crypto': 'kek',
        'custom-kid-value-jwe': 'k',
      },
      createContext({ ...vars, k: 'kek-1' }),
      env,
    ) as string;
    expect(decodePart(a, 0).kid).toBe('kek-1');
    const b = jwtGenerate(
      { 'jwe-alg': 'A128KW', 'jwe-enc': 'A128CBC-HS256', 'jwe-jwk': 'j' },
      createContext({ ...vars, j: hmacJwk(secret16, { kid: 'jwk-kid' }) }),
      env,
    ) as string;
    expect(decodePart(b, 0).kid).toBe('jwk-kid');
  });

  it('an RSA public JWK encrypts (RSA-OAEP-256), and the private key decrypts', () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const token = jwtGenerate(
      { 'jwe-alg': 'RSA-OAEP-256', 'jwe-enc': 'A256CBC-HS512', 'jwe-jwk': 'j' },
      createContext({ ...vars, j: jwk }),
      env,
    ) as string;
    expect(decryptJWT(token, rsa.privateKey).claims.iss).toBe('gw');
  });
});
