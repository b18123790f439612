import { Buffer } from 'node:buffer';
import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JoseKey } from '../../src/jwk/key.js';
import { decryptJWT, encryptJWT, type JWTVerifyOptions, verifyJWT } from '../../src/jwt/index.js';
import { errorOf, macToken } from './support.js';

// Attack class "claims": a validly signed token whose claims are of the wrong type, absurd, or
// shaped to slip past a check. The MAC is always right, so only the claim checks can refuse.
const secret = randomBytes(32);
const key = new JoseKey(createSecretKey(secret));
const NOW = 1_700_000_000;
const at = { currentDate: new Date(NOW * 1000) };
const token = (claimsText: string): string => macToken('{"alg":"HS256"}', claimsText, secret);
const verify = (claimsText: string, options: JWTVerifyOptions = {}) =>
  verifyJWT(token(claimsText), key, { algorithms: ['HS256'], ...at, ...options });
const refusal = (claimsText: string, options: JWTVerifyOptions = {}): string => {
  const e = errorOf(() => verify(claimsText, options));
  return e.claim === undefined ? e.code : `${e.code}:${e.claim}`;
};

describe('time claims of the wrong type are refused, not coerced', () => {
  for (const name of ['exp', 'nbf', 'iat']) {
    it(`"${name}" as a string, boolean, null, object or array: ERR_JWT_CLAIM_INVALID naming "${name}"`, () => {
      for (const value of ['"9999999999"', 'true', 'null', '{}', '[9999999999]', '""']) {
        expect(refusal(`{"${name}":${value}}`)).toBe(`ERR_JWT_CLAIM_INVALID:${name}`);
      }
    });
  }

  it('NaN, Infinity and numbers beyond a double are not JSON numbers here: the claim set is refused (ERR_JWT_INVALID)', () => {
    for (const value of [
      'NaN',
      'Infinity',
      '-Infinity',
      '1e400',
      `1${'0'.repeat(400)}`,
      '-1e999',
    ]) {
      expect(refusal(`{"exp":${value}}`)).toBe('ERR_JWT_INVALID');
    }
  });

  // Issue 15 item 4: beyond 2^53 - 1 a NumericDate is no longer exact, and exp 1e308 would never expire.
  it('huge but finite values beyond Number.MAX_SAFE_INTEGER are refused as claims, whatever their sign', () => {
    for (const name of ['exp', 'nbf', 'iat']) {
      for (const value of ['1e308', '-1e308', '9007199254740993']) {
        expect(refusal(`{"${name}":${value}}`)).toBe(`ERR_JWT_CLAIM_INVALID:${name}`);
      }
    }
    expect(verify('{"exp":9007199254740991}').claims.exp).toBe(9007199254740991);
  });

  it('exp is exclusive (RFC 7519 s4.1.4): a token expiring now is expired, one second later is not', () => {
    expect(refusal(`{"exp":${NOW}}`)).toBe('ERR_JWT_EXPIRED:exp');
    expect(verify(`{"exp":${NOW + 1}}`).claims.exp).toBe(NOW + 1);
    expect(verify(`{"exp":${NOW + 0.001}}`).claims.exp).toBe(NOW + 0.001);
  });
});

describe('clock tolerance is bounded', () => {
  it('refuses a negative, non-finite, non-number or larger-than-300 s tolerance (ERR_INVALID_ARGUMENT)', () => {
    for (const clockTolerance of [
      -1,
      301,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '5',
      -0.001,
      1e9,
    ]) {
      expect(refusal(`{"exp":${NOW + 10}}`, { clockTolerance } as never)).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    }
  });

  it('applies exactly the tolerance given, no more: 300 s accepts an exp 299 s ago, not 300 s ago', () => {
    expect(verify(`{"exp":${NOW - 299}}`, { clockTolerance: 300 }).claims.exp).toBe(NOW - 299);
    expect(refusal(`{"exp":${NOW - 300}}`, { clockTolerance: 300 })).toBe('ERR_JWT_EXPIRED:exp');
    expect(verify(`{"nbf":${NOW + 300}}`, { clockTolerance: 300 }).claims.nbf).toBe(NOW + 300);
    expect(refusal(`{"nbf":${NOW + 301}}`, { clockTolerance: 300 })).toBe(
      'ERR_JWT_CLAIM_INVALID:nbf',
    );
  });

  it('refuses an invalid currentDate and a negative or NaN maxTokenAge (ERR_INVALID_ARGUMENT)', () => {
    expect(refusal('{}', { currentDate: new Date(Number.NaN) })).toBe('ERR_INVALID_ARGUMENT');
    expect(refusal('{}', { currentDate: '2024-01-01' } as never)).toBe('ERR_INVALID_ARGUMENT');
    expect(refusal(`{"iat":${NOW}}`, { maxTokenAge: -1 })).toBe('ERR_INVALID_ARGUMENT');
    expect(refusal(`{"iat":${NOW}}`, { maxTokenAge: Number.NaN })).toBe('ERR_INVALID_ARGUMENT');
    expect(refusal('{}', { maxTokenAge: 60 })).toBe('ERR_JWT_CLAIM_INVALID:iat');
  });
});

describe('aud, iss and sub', () => {
  it('"aud" of the wrong type is refused even when no audience is expected', () => {
    for (const aud of ['1', '{}', '[1]', '["api",null]', 'true', '[["api"]]']) {
      expect(refusal(`{"aud":${aud}}`)).toBe('ERR_JWT_CLAIM_INVALID:aud');
    }
  });

  it('"aud" must contain an expected audience; an empty array or a missing aud fails closed', () => {
    expect(verify('{"aud":["x","api"]}', { audience: 'api' }).claims.aud).toEqual(['x', 'api']);
    for (const claims of [
      '{"aud":"apix"}',
      '{"aud":"API"}',
      '{"aud":[]}',
      '{}',
      '{"aud":"api "}',
    ]) {
      expect(refusal(claims, { audience: 'api' })).toBe('ERR_JWT_CLAIM_INVALID:aud');
    }
    expect(refusal('{"aud":"api"}', { audience: [] })).toBe('ERR_JWT_CLAIM_INVALID:aud');
  });

  it('"iss" is compared whole and exactly: a prefix, a case change, a missing iss or an array is refused', () => {
    const issuer = 'https://idp.example';
    expect(verify(`{"iss":"${issuer}"}`, { issuer }).claims.iss).toBe(issuer);
    for (const claims of [
      `{"iss":"${issuer}.evil"}`,
      '{"iss":"https://IDP.example"}',
      '{}',
      `{"iss":"${issuer}/"}`,
    ]) {
      expect(refusal(claims, { issuer })).toBe('ERR_JWT_CLAIM_INVALID:iss');
    }
    expect(refusal(`{"iss":["${issuer}"]}`, { issuer })).toBe('ERR_JWT_CLAIM_INVALID:iss');
    expect(refusal(`{"iss":"${issuer}"}`, { issuer: [] })).toBe('ERR_JWT_CLAIM_INVALID:iss');
  });

  it('"sub" and "jti" must be strings', () => {
    expect(refusal('{"sub":1}')).toBe('ERR_JWT_CLAIM_INVALID:sub');
    expect(refusal('{"jti":{}}')).toBe('ERR_JWT_CLAIM_INVALID:jti');
  });
});

describe('claims shaped after Object.prototype', () => {
  it('requiredClaims finds only the token\'s own claims: "constructor" or "toString" is not present by inheritance (fixed)', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(refusal('{"sub":"a"}', { requiredClaims: [name] })).toBe(
        `ERR_JWT_CLAIM_INVALID:${name}`,
      );
    }
    expect(
      verify('{"constructor":1,"__proto__":2}', { requiredClaims: ['constructor', '__proto__'] })
        .claims.constructor,
    ).toBe(1);
  });

  it('a "__proto__" claim is an own member: it neither pollutes Object.prototype nor supplies exp, iss or aud', () => {
    const { claims } = verify('{"__proto__":{"exp":1,"iss":"evil","aud":"api","polluted":true}}');
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(claims.exp).toBeUndefined();
    expect(refusal('{"__proto__":{"iss":"evil"}}', { issuer: 'evil' })).toBe(
      'ERR_JWT_CLAIM_INVALID:iss',
    );
    expect(refusal('{"__proto__":{"aud":"api"}}', { audience: 'api' })).toBe(
      'ERR_JWT_CLAIM_INVALID:aud',
    );
  });
});

describe('encrypted JWTs get the same claim checks', () => {
  it('decryptJWT refuses a wrong-typed exp and an expired token inside a valid JWE', () => {
    const cek = new JoseKey(createSecretKey(Buffer.alloc(32, 3)));
    const jwe = (claims: Record<string, unknown>): string =>
      encryptJWT(claims, { alg: 'dir', enc: 'A256GCM' }, cek);
    expect(errorOf(() => decryptJWT(jwe({ exp: '9999999999' }), cek, at)).claim).toBe('exp');
    expect(errorOf(() => decryptJWT(jwe({ exp: NOW - 1 }), cek, at)).code).toBe('ERR_JWT_EXPIRED');
    expect(decryptJWT(jwe({ exp: NOW + 1 }), cek, at).claims.exp).toBe(NOW + 1);
  });
});
