import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { importKey } from '../../src/jwk/import-key.js';
import type { JWTClaims } from '../../src/jwt/claims.js';
import { encryptJWT, signJWT } from '../../src/jwt/jwt.js';
import { createContext, type RuntimeContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { PolicyError } from '../../src/policy/errors.js';
import { compileJwtValidate, type JwtValidateEnv } from '../../src/policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../../src/policy/jwt-validate/properties.js';
import {
  MAX_MATCHED_AUD_VALUES,
  MAX_MATCHED_CLAIM_LENGTH,
} from '../../src/policy/pattern/index.js';
import { cryptoObjects } from './validate-support.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const hmac = cryptoObjects.get('hs256')!.key;
const claims = { iss: 'https://gw.example', aud: 'api', exp: NOW_S + 60 };
const hs = (c: JWTClaims = claims, alg = 'HS256'): string =>
  signJWT(c, { alg }, alg === 'HS256' ? hmac : cryptoObjects.get('hs384')!.key);
const bearer = (token: string, header = 'message.headers.authorization'): RuntimeContext =>
  createContext({ [header]: `Bearer ${token}` });
const policy: JwtValidatePolicy = { 'jws-crypto': 'hs256' };

function lines(): {
  error(m: string): void;
  warn(m: string): void;
  errors: string[];
  warnings: string[];
} {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    error: (m) => void errors.push(m),
    warn: (m) => void warnings.push(m),
  };
}

function fail(
  p: JwtValidatePolicy,
  ctx: RuntimeContext,
  extra: Partial<JwtValidateEnv> = {},
): PolicyError {
  try {
    compileJwtValidate(p, { cryptoObjects, currentDate: NOW, logger: lines(), ...extra }).execute(
      ctx,
    );
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

const run = (
  p: JwtValidatePolicy,
  ctx: RuntimeContext,
  extra: Partial<JwtValidateEnv> = {},
): JWTClaims | undefined =>
  compileJwtValidate(p, { cryptoObjects, currentDate: NOW, logger: lines(), ...extra }).execute(
    ctx,
  );

describe('jwt-validate: where the token is read (IBM: default request.headers.authorization, Bearer)', () => {
  it('reads request.headers.authorization by default, then message.headers.authorization, any header case', () => {
    expect(run(policy, bearer(hs(), 'request.headers.Authorization'))?.iss).toBe(
      'https://gw.example',
    );
    expect(run(policy, bearer(hs(), 'message.headers.AUTHORIZATION'))?.iss).toBe(
      'https://gw.example',
    );
    const both = createContext({
      'request.headers.authorization': `Bearer ${hs()}`,
      'message.headers.authorization': 'Bearer not.a.token',
    });
    expect(run(policy, both)?.iss).toBe('https://gw.example');
  });

  it('strips Bearer (any case) when jwt names either Authorization header, as API Connect writes it', () => {
    for (const jwt of ['request.headers.authorization', 'message.headers.Authorization']) {
      const ctx = createContext({ [jwt]: `bEaReR ${hs()}` });
      expect(run({ ...policy, jwt }, ctx)?.iss).toBe('https://gw.example');
    }
  });

  it('says ERR_POLICY_NO_TOKEN when there is none', () => {
    expect(fail(policy, createContext({})).code).toBe('ERR_POLICY_NO_TOKEN');
    expect(fail(policy, createContext({ 'request.headers.authorization': 'Basic abc' })).code).toBe(
      'ERR_POLICY_NO_TOKEN',
    );
  });
});

describe('jwt-validate: PolicyError.code, stable for gateways', () => {
  it('carries the library code, or the policy code', () => {
    expect(fail({ ...policy, 'iss-claim': '^other$' }, bearer(hs())).code).toBe(
      'ERR_JWT_CLAIM_INVALID',
    );
    expect(fail(policy, bearer(hs({ ...claims, exp: NOW_S - 1 }))).code).toBe('ERR_JWT_EXPIRED');
    expect(fail(policy, bearer(`${hs().slice(0, -4)}AAAA`)).code).toMatch(
      /^ERR_JWS_(SIGNATURE_)?INVALID$/,
    );
    expect(fail({ 'jwe-crypto': 'kw16' }, bearer(hs())).code).toBe('ERR_POLICY_TOKEN_SHAPE');
    expect(fail({ 'jws-crypto': 'nope' }, bearer(hs())).code).toBe('ERR_POLICY_INVALID');
    expect(fail({ 'jws-jwk': 'v' }, bearer(hs())).code).toBe('ERR_POLICY_VARIABLE');
  });
});

describe('jwt-validate: the controls a gateway sets', () => {
  it('clockTolerance (0-300 s) applies to exp and nbf', () => {
    const late = bearer(hs({ ...claims, exp: NOW_S - 10 }));
    expect(fail(policy, late).code).toBe('ERR_JWT_EXPIRED');
    expect(run(policy, late, { clockTolerance: 30 })?.iss).toBe('https://gw.example');
    expect(fail(policy, bearer(hs()), { clockTolerance: 301 }).detail).toBe(
      'clockTolerance: must be a number of seconds from 0 to 300',
    );
  });

  it('requiredClaims refuses a token lacking one (a token without exp is otherwise accepted forever)', () => {
    const forever = bearer(hs({ iss: 'x' }));
    expect(run(policy, forever)?.iss).toBe('x');
    const e = fail(policy, forever, { requiredClaims: ['exp'] });
    expect([e.code, e.detail]).toEqual([
      'ERR_JWT_CLAIM_INVALID',
      'ERR_JWT_CLAIM_INVALID: "exp" claim is required',
    ]);
  });

  it('algorithms narrows each family it names; unknown names, none and PBES2 are refused', () => {
    const e = fail({ 'jws-crypto': 'hs384' }, bearer(hs(claims, 'HS384')), {
      algorithms: ['HS512'],
    });
    expect(e.detail).toBe(
      'jws-crypto: crypto object "hs384" fits no JWS algorithm the policy accepts',
    );
    expect(
      run({ 'jws-crypto': 'hs384' }, bearer(hs(claims, 'HS384')), {
        algorithms: ['HS384', 'A128KW'],
      })?.iss,
    ).toBe('https://gw.example');
    expect(
      fail(
        { 'jws-jwk': 'k' },
        createContext({
          k: exportJWK(hmac, { private: true }),
          'message.headers.authorization': `Bearer ${hs()}`,
        }),
        { algorithms: ['HS384'] },
      ).code,
    ).toBe('ERR_ALG_NOT_ALLOWED');
    for (const bad of ['none', 'PBES2-HS256+A128KW', 'HS257']) {
      expect(fail(policy, bearer(hs()), { algorithms: [bad] }).detail).toBe(
        `algorithms: "${bad}" is not an algorithm jwt-validate accepts`,
      );
    }
  });

  it('patternMatch: whole matches the whole value; an unanchored iss-claim warns once, at compile time', () => {
    const log = lines();
    const p = { ...policy, 'iss-claim': 'gw\\.example' };
    const v = compileJwtValidate(p, { cryptoObjects, currentDate: NOW, logger: log });
    expect(log.warnings).toEqual([
      'jwt-validate: iss-claim: the pattern is not anchored at both ends (^...$), so it also matches any issuer that contains it',
    ]);
    expect(v.execute(bearer(hs()))?.iss).toBe('https://gw.example');
    expect(log.warnings.length).toBe(1);
    const whole = lines();
    const w = compileJwtValidate(p, {
      cryptoObjects,
      currentDate: NOW,
      logger: whole,
      patternMatch: 'whole',
    });
    expect(whole.warnings).toEqual([]);
    expect(() => w.execute(bearer(hs()))).toThrow(PolicyError);
    const anchored = lines();
    compileJwtValidate(
      { ...policy, 'iss-claim': '^https://gw\\.example$' },
      { cryptoObjects, logger: anchored },
    );
    expect(anchored.warnings).toEqual([]);
  });
});

describe('jwt-validate: bad environment controls are refused when the policy is compiled', () => {
  // Compile-time problems: ERR_POLICY_INVALID, detail naming the control, nothing read from a request.
  const outcome = (extra: Record<string, unknown>): string[] => {
    const env = { cryptoObjects, currentDate: NOW, logger: lines(), ...extra } as JwtValidateEnv;
    try {
      compileJwtValidate(policy, env);
    } catch (e) {
      if (e instanceof PolicyError) return [e.code, e.detail];
      throw e;
    }
    throw new Error('expected a PolicyError');
  };
  const invalid = (detail: string): string[] => ['ERR_POLICY_INVALID', detail];

  it('patternMatch: only "search" or "whole"', () => {
    for (const bad of ['Whole', 'exact', '', 1, null, true]) {
      const detail = 'patternMatch: must be "search" or "whole"';
      expect(outcome({ patternMatch: bad }), String(bad)).toEqual(invalid(detail));
    }
  });

  it('requiredClaims: an array of claim names, nothing else', () => {
    for (const bad of ['exp', { 0: 'exp' }, 1, null, [1], ['exp', null], ['']]) {
      const detail = 'requiredClaims: must be an array of claim names';
      expect(outcome({ requiredClaims: bad }), JSON.stringify(bad)).toEqual(invalid(detail));
    }
  });

  it('clockTolerance: a number of seconds from 0 to 300', () => {
    const detail = 'clockTolerance: must be a number of seconds from 0 to 300';
    for (const bad of [-1, -0.5, 300.5, 301, Number.NaN, Number.POSITIVE_INFINITY, '30', null]) {
      expect(outcome({ clockTolerance: bad }), String(bad)).toEqual(invalid(detail));
    }
    for (const fine of [0, 0.5, 300]) {
      expect(run(policy, bearer(hs()), { clockTolerance: fine })?.iss).toBe('https://gw.example');
    }
  });

  it('algorithms: known names only, in a non-empty array', () => {
    for (const bad of ['RS1', 'hs256', 'A128GCMKW ', 'ECDH-ES+A512KW']) {
      const detail = `algorithms: "${bad}" is not an algorithm jwt-validate accepts`;
      expect(outcome({ algorithms: ['HS256', bad] })).toEqual(invalid(detail));
    }
    for (const bad of [[], 'HS256', [7], null]) {
      const detail = 'algorithms: must be a non-empty array of algorithm names';
      expect(outcome({ algorithms: bad })).toEqual(invalid(detail));
    }
  });
});

describe('jwt-validate: NumericDate claims beyond 2^53 (issue 15 item 4)', () => {
  it('refuses exp, nbf or iat beyond MAX_SAFE_INTEGER in magnitude, with ERR_JWT_CLAIM_INVALID', () => {
    const cases = [
      ['exp', 1e300],
      ['exp', 2 ** 53 + 2],
      ['nbf', -1e300],
      ['iat', -1e300],
    ] as const;
    for (const [name, value] of cases) {
      const e = fail(policy, bearer(hs({ ...claims, [name]: value })));
      expect(e.code).toBe('ERR_JWT_CLAIM_INVALID');
      expect(e.detail).toMatch(
        new RegExp(`^ERR_JWT_CLAIM_INVALID: "${name}" claim must be a NumericDate`),
      );
    }
    // A fractional NumericDate stays valid (RFC 7519 s2).
    const fractional = bearer(hs({ ...claims, exp: NOW_S + 0.5, iat: NOW_S - 0.25 }));
    expect(run(policy, fractional)?.exp).toBe(NOW_S + 0.5);
  });
});

describe('jwt-validate: claim matching is bounded (issue 12 s3)', () => {
  const slow = '(a|b)*c(a|b){20}';
  it(`refuses an iss or aud value over ${MAX_MATCHED_CLAIM_LENGTH} characters, and more than ${MAX_MATCHED_AUD_VALUES} aud values, unread`, () => {
    const long = 'a'.repeat(MAX_MATCHED_CLAIM_LENGTH + 1);
    expect(
      fail({ ...policy, 'iss-claim': '^x$' }, bearer(hs({ ...claims, iss: long }))).detail,
    ).toBe('iss-claim: a claim value is longer than 1024 characters');
    const many = Array.from({ length: MAX_MATCHED_AUD_VALUES + 1 }, (_, i) => `a${i}`);
    expect(
      fail({ ...policy, 'aud-claim': '^a1$' }, bearer(hs({ ...claims, aud: many }))).detail,
    ).toBe('aud-claim: the token has more than 64 "aud" values');
    expect(
      run(
        { ...policy, 'aud-claim': '^a1$' },
        bearer(hs({ ...claims, aud: many.slice(0, MAX_MATCHED_AUD_VALUES) })),
      )?.iss,
    ).toBe('https://gw.example');
  });

  it('caps the total matching work per token: 64 long aud values under a costly pattern stop at the budget', () => {
    const aud = Array.from({ length: MAX_MATCHED_AUD_VALUES }, () =>
      'b'.repeat(MAX_MATCHED_CLAIM_LENGTH),
    );
    const e = fail({ ...policy, 'aud-claim': slow }, bearer(hs({ ...claims, aud })));
    expect([e.code, e.detail]).toEqual([
      'ERR_JWT_CLAIM_INVALID',
      'aud-claim: matching the claim patterns needs more than 200000 automaton steps',
    ]);
  });
});

describe('jwt-validate accepts what the key fits, EdDSA and ES256K included (README: Accepted algorithms)', () => {
  it('verifies EdDSA and ES256K tokens with a JWK variable, and never accepts PBES2', () => {
    for (const alg of ['EdDSA', 'ES256K'] as const) {
      const key = generateKey(alg);
      const token = signJWT(claims, { alg }, key);
      const ctx = createContext({
        jwk: exportJWK(key),
        'message.headers.authorization': `Bearer ${token}`,
      });
      expect(run({ 'jws-jwk': 'jwk' }, ctx)?.iss, alg).toBe('https://gw.example');
    }
    const password = randomBytes(16);
    const jwe = encryptJWT(
      claims,
      { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 },
      password,
    );
    const ctx = createContext({
      k: { kty: 'oct', k: password.toString('base64url') },
      'message.headers.authorization': `Bearer ${jwe}`,
    });
    expect(fail({ 'jwe-jwk': 'k' }, ctx).code).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it('asks the tables whether a crypto object fits: an Ed25519 certificate verifies, an X25519 key decrypts ECDH-ES', () => {
    const ed = generateKeyPairSync('ed25519');
    const x = generateKeyPairSync('x25519');
    const objects = createCryptoObjects({
      edCert: {
        type: 'crypto-certificate',
        value: ed.publicKey.export({ format: 'pem', type: 'spki' }) as string,
      },
      xKey: {
        type: 'crypto-key',
        value: x.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      },
    });
    const signed = signJWT(claims, { alg: 'EdDSA' }, importKey(ed.privateKey));
    const env = { cryptoObjects: objects, currentDate: NOW, logger: lines() };
    expect(compileJwtValidate({ 'jws-crypto': 'edCert' }, env).execute(bearer(signed))?.iss).toBe(
      'https://gw.example',
    );
    const sealed = encryptJWT(
      claims,
      { alg: 'ECDH-ES+A128KW', enc: 'A256GCM' },
      importKey(x.publicKey),
    );
    expect(compileJwtValidate({ 'jwe-crypto': 'xKey' }, env).execute(bearer(sealed))?.iss).toBe(
      'https://gw.example',
    );
    const e = fail({ 'jws-crypto': 'edCert' }, bearer(signed), {
      cryptoObjects: objects,
      algorithms: ['ES256'],
    });
    expect([e.code, e.detail]).toEqual([
      'ERR_KEY_UNSUITABLE',
      'jws-crypto: crypto object "edCert" fits no JWS algorithm the policy accepts',
    ]);
  });
});
