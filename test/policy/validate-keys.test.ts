import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importKey } from '../../src/jwk/import-key.js';
import { encryptJWT, signJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { PolicyError } from '../../src/policy/errors.js';
import { jwtValidate } from '../../src/policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../../src/policy/jwt-validate/properties.js';
import { spyContext } from './helpers.js';
import { cryptoObjects, jwkOf } from './validate-support.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const env = { cryptoObjects, currentDate: () => NOW, logger: { error: () => {} } };
const claims = { iss: 'gw', exp: Math.floor(NOW.getTime() / 1000) + 60 };
const rsaKey = cryptoObjects.get('rsaKey')!.key;
const hmac = cryptoObjects.get('hs256')!.key;
const kek = cryptoObjects.get('kw16')!.key;
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

function outcome(policy: JwtValidatePolicy, vars: Record<string, unknown>, token: string): string {
  try {
    const out = jwtValidate(
      policy,
      createContext({ ...vars, 'message.headers.authorization': `Bearer ${token}` }),
      env,
    );
    return `ok ${String(out?.iss)}`;
  } catch (e) {
    if (e instanceof PolicyError) return e.detail;
    throw e;
  }
}

describe('jwt-validate keys: a crypto object wins over a JWK', () => {
  it('with both, the crypto object verifies and the JWK variable is never read', () => {
    const ctx = spyContext({
      'jws.jwk': 'not a JWK at all',
      'message.headers.authorization': `Bearer ${signJWT(claims, { alg: 'HS256' }, hmac)}`,
    });
    expect(jwtValidate({ 'jws-crypto': 'hs256', 'jws-jwk': 'jws.jwk' }, ctx, env)?.iss).toBe('gw');
    expect(ctx.reads).not.toContain('jws.jwk');
  });

  it('with both for decryption, the crypto object decrypts and the JWK variable is never read', () => {
    const token = encryptJWT(claims, { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    const ctx = spyContext({ 'jwe.jwk': '{', 'message.headers.authorization': `Bearer ${token}` });
    expect(jwtValidate({ 'jwe-crypto': 'kw16', 'jwe-jwk': 'jwe.jwk' }, ctx, env)?.iss).toBe('gw');
    expect(ctx.reads).not.toContain('jwe.jwk');
  });
});

describe('jwt-validate keys: JWK variables', () => {
  const token = signJWT(claims, { alg: 'RS256', kid: 'r1' }, rsaKey);
  const publicJwk = jwkOf('rsaKey', 'public');

  it('takes a JWK or a JWK Set, as an object or as JSON text', () => {
    const member = { ...publicJwk, kid: 'r1' };
    for (const value of [
      publicJwk,
      JSON.stringify(publicJwk),
      { keys: [member] },
      JSON.stringify({ keys: [{ kty: 'unknown' }, member] }),
    ]) {
      expect(outcome({ 'jws-jwk': 'k' }, { k: value }, token)).toBe('ok gw');
    }
  });

  it('fails when the variable is unset, not a JWK, not JSON, or a set with no usable key', () => {
    expect(outcome({ 'jws-jwk': 'k' }, {}, token)).toBe('jws-jwk: variable "k" is not set');
    expect(outcome({ 'jws-jwk': 'k' }, { k: 7 }, token)).toBe(
      'jws-jwk: variable "k" does not hold a JWK or JWK Set',
    );
    expect(outcome({ 'jws-jwk': 'k' }, { k: '{"kty":' }, token)).toBe(
      'jws-jwk: JWK is not valid JSON',
    );
    expect(outcome({ 'jws-jwk': 'k' }, { k: { kty: 'RSA' } }, token)).toBe(
      'jws-jwk: JWK member "n" is missing',
    );
    expect(outcome({ 'jws-jwk': 'k' }, { k: { keys: [{ kty: 'nope' }] } }, token)).toBe(
      'jws-jwk: the JWK Set in "k" holds no key that can be used',
    );
  });

  it('a JWK Set is searched by kid and alg; no match or several matches fail naming the property', () => {
    const other = exportJWK(attacker.publicKey);
    const set = {
      keys: [
        { ...other, kid: 'r0' },
        { ...publicJwk, kid: 'r1' },
      ],
    };
    expect(outcome({ 'jws-jwk': 'k' }, { k: set }, token)).toBe('ok gw');
    expect(
      outcome({ 'jws-jwk': 'k' }, { k: { keys: [{ ...publicJwk, kid: 'r9' }] } }, token),
    ).toMatch(/^jws-jwk: ERR_KEY_NOT_FOUND/);
    const noKid = signJWT(claims, { alg: 'RS256' }, rsaKey);
    expect(outcome({ 'jws-jwk': 'k' }, { k: { keys: [other, publicJwk] } }, noKid)).toMatch(
      /^jws-jwk: ERR_KEY_AMBIGUOUS/,
    );
    const hsToken = signJWT(claims, { alg: 'HS256' }, hmac);
    expect(outcome({ 'jws-jwk': 'k' }, { k: { keys: [jwkOf('hs256', 'private')] } }, hsToken)).toBe(
      'ok gw',
    );
    // A set mixing a secret with public keys is refused (issue 12 s5), whichever key the token wants.
    expect(
      outcome(
        { 'jws-jwk': 'k' },
        { k: { keys: [...set.keys, jwkOf('hs256', 'private')] } },
        hsToken,
      ),
    ).not.toBe('ok gw');
  });

  it('a JWK Set picks the decryption key too', () => {
    const jwe = encryptJWT(
      claims,
      { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' },
      rsaKey.toPublic(),
    );
    const set = {
      keys: [
        { ...exportJWK(attacker.privateKey), kid: 'enc-0' },
        { ...jwkOf('rsaKey', 'private'), kid: 'enc-1' },
      ],
    };
    expect(outcome({ 'jwe-jwk': 'k' }, { k: set }, jwe)).toBe('ok gw');
  });
});

describe('jwt-validate keys: the key comes from the policy, never from the token', () => {
  it('a token signed by another key that carries its own "jwk" header is refused', () => {
    const forged = signJWT(
      claims,
      { alg: 'RS256', jwk: exportJWK(attacker.publicKey) },
      importKey(attacker.privateKey),
    );
    expect(outcome({ 'jws-crypto': 'rsaCert' }, {}, forged)).toBe(
      'jws-crypto: the token\'s "jwk" header is not the configured key',
    );
    expect(outcome({ 'jws-jwk': 'k' }, { k: jwkOf('rsaKey', 'public') }, forged)).toBe(
      'jws-jwk: the token\'s "jwk" header is not the configured key',
    );
  });

  it('a "jwk" header that is the configured key is accepted, and a malformed one refused', () => {
    const honest = signJWT(claims, { alg: 'PS256', jwk: jwkOf('rsaKey', 'public') }, rsaKey);
    expect(outcome({ 'jws-crypto': 'rsaCert' }, {}, honest)).toBe('ok gw');
    const odd = signJWT(claims, { alg: 'PS256', jwk: { kty: 'RSA' } }, rsaKey);
    expect(outcome({ 'jws-crypto': 'rsaCert' }, {}, odd)).toBe(
      'jws-crypto: the token\'s "jwk" header is not the configured key',
    );
  });

  it('a JWE "jwk" header must be the decryption key (its public half)', () => {
    const good = encryptJWT(
      claims,
      { alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', jwk: jwkOf('rsaKey', 'public') },
      rsaKey.toPublic(),
    );
    expect(outcome({ 'jwe-crypto': 'rsaKey' }, {}, good)).toBe('ok gw');
    const bad = encryptJWT(
      claims,
      { alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', jwk: exportJWK(attacker.publicKey) },
      rsaKey.toPublic(),
    );
    expect(outcome({ 'jwe-crypto': 'rsaKey' }, {}, bad)).toBe(
      'jwe-crypto: the token\'s "jwk" header is not the configured key',
    );
  });
});

describe('jwt-validate keys: the accepted algorithms are those the key fits', () => {
  it('an RSA certificate accepts every RS and PS algorithm, and nothing else', () => {
    for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
      expect(outcome({ 'jws-crypto': 'rsaCert' }, {}, signJWT(claims, { alg }, rsaKey)), alg).toBe(
        'ok gw',
      );
    }
    expect(
      outcome({ 'jws-crypto': 'rsaCert' }, {}, signJWT(claims, { alg: 'HS256' }, hmac)),
    ).toMatch(/^ERR_KEY_UNSUITABLE/);
  });

  it('a JWK bound to one algorithm accepts only that one', () => {
    const bound = { ...jwkOf('rsaKey', 'public'), alg: 'RS256' };
    expect(
      outcome({ 'jws-jwk': 'k' }, { k: bound }, signJWT(claims, { alg: 'RS256' }, rsaKey)),
    ).toBe('ok gw');
    expect(
      outcome({ 'jws-jwk': 'k' }, { k: bound }, signJWT(claims, { alg: 'PS256' }, rsaKey)),
    ).toMatch(/^ERR_KEY_UNSUITABLE/);
  });

  it('an EC certificate accepts only the algorithm of its curve', () => {
    const es = cryptoObjects.get('ES384Key')!.key;
    expect(outcome({ 'jws-crypto': 'ES384Cert' }, {}, signJWT(claims, { alg: 'ES384' }, es))).toBe(
      'ok gw',
    );
    expect(
      outcome({ 'jws-crypto': 'ES256Cert' }, {}, signJWT(claims, { alg: 'ES384' }, es)),
    ).toMatch(/^ERR_KEY_UNSUITABLE/);
  });

  it('a KEK accepts the key wrap of its size only; RSA1_5 is accepted with an RSA crypto key', () => {
    const kw = encryptJWT(
      claims,
      { alg: 'A192KW', enc: 'A128CBC-HS256' },
      cryptoObjects.get('kw24')!.key,
    );
    expect(outcome({ 'jwe-crypto': 'kw24' }, {}, kw)).toBe('ok gw');
    expect(outcome({ 'jwe-crypto': 'kw16' }, {}, kw)).toMatch(/^ERR_KEY_UNSUITABLE/);
    const rsa15 = encryptJWT(claims, { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, rsaKey.toPublic());
    expect(outcome({ 'jwe-crypto': 'rsaKey' }, {}, rsa15)).toBe('ok gw');
  });

  it('accepts every JWE key management the library has but PBES2: ECDH-ES with an EC crypto key, GCM key wrap, RSA-OAEP-512', () => {
    const ecPublic = cryptoObjects.get('ES256Cert')!.key;
    for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW']) {
      expect(
        outcome(
          { 'jwe-crypto': 'ES256Key' },
          {},
          encryptJWT(claims, { alg, enc: 'A256GCM' }, ecPublic),
        ),
        alg,
      ).toBe('ok gw');
    }
    expect(
      outcome(
        { 'jwe-crypto': 'kw32' },
        {},
        encryptJWT(
          claims,
          { alg: 'A256GCMKW', enc: 'A128CBC-HS256' },
          cryptoObjects.get('kw32')!.key,
        ),
      ),
    ).toBe('ok gw');
    expect(
      outcome(
        { 'jwe-crypto': 'rsaKey' },
        {},
        encryptJWT(claims, { alg: 'RSA-OAEP-512', enc: 'A192GCM' }, rsaKey.toPublic()),
      ),
    ).toBe('ok gw');
    const pbes2 = encryptCompact(
      JSON.stringify(claims),
      { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 },
      cryptoObjects.get('kw16')!.key.keyObject.export(),
    );
    expect(outcome({ 'jwe-crypto': 'kw16' }, {}, pbes2)).toMatch(/^ERR_ALG_NOT_ALLOWED/);
  });
});
