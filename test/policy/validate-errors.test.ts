import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { importKey } from '../../src/jwk/import-key.js';
import type { JWTClaims } from '../../src/jwt/claims.js';
import { encryptJWT, signJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { PolicyError } from '../../src/policy/errors.js';
import { compileJwtValidate, jwtValidate } from '../../src/policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../../src/policy/jwt-validate/properties.js';
import { b64u } from '../../src/util/base64url.js';
import { cryptoObjects } from './validate-support.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const quiet = { error: () => {} };
const env = { cryptoObjects, currentDate: () => NOW, logger: quiet };
const hmac = cryptoObjects.get('hs256')!.key;
const kek = cryptoObjects.get('kw16')!.key;
const claims = { iss: 'https://gw.example', aud: 'api', exp: NOW_S + 60 };
const hs = (c: JWTClaims = claims) => signJWT(c, { alg: 'HS256' }, hmac);
const bearer = (token: string) =>
  createContext({ 'message.headers.authorization': `Bearer ${token}` });

function detail(policy: JwtValidatePolicy | object, ctx = bearer(hs()), e: object = env): string {
  try {
    jwtValidate(policy as JwtValidatePolicy, ctx, { ...env, ...e });
  } catch (err) {
    if (err instanceof PolicyError) return err.detail;
    throw err;
  }
  throw new Error('expected a PolicyError');
}

describe('jwt-validate properties (compile time)', () => {
  const compileDetail = (policy: object): string => {
    try {
      compileJwtValidate(policy as JwtValidatePolicy, env);
    } catch (e) {
      if (e instanceof PolicyError) return e.detail;
      throw e;
    }
    throw new Error('expected a PolicyError');
  };

  it('accepts every documented property, bare or as the assembly entry', () => {
    const policy: JwtValidatePolicy = {
      title: 'jwt-validate',
      description: 'checks the caller',
      version: '1.0.0',
      jwt: 'request.jwt',
      'output-claims': 'caller.claims',
      'iss-claim': 'https://gw\\.example',
      'aud-claim': 'api|admin',
      'jws-crypto': 'hs256',
      'jws-jwk': 'jws.jwk',
    };
    const ctx = createContext({ 'request.jwt': hs() });
    expect(compileJwtValidate({ 'jwt-validate': policy }, env).execute(ctx)).toMatchObject({
      iss: 'https://gw.example',
    });
    expect(ctx.get('caller.claims')).toMatchObject({ aud: 'api' });
    expect(
      compileJwtValidate(policy, env).execute(createContext({ 'request.jwt': hs() }))?.aud,
    ).toBe('api');
  });

  it('refuses a policy that is not an object, an unknown property and empty or non-string values', () => {
    expect(compileDetail(null as unknown as object)).toBe(
      'policy must be an object of jwt-validate properties',
    );
    expect(compileDetail({ 'jwt-validate': 'x' })).toBe(
      'jwt-validate: must be an object of properties',
    );
    expect(compileDetail({ 'jws-crypto': 'hs256', 'jws-alg': 'HS256' })).toBe(
      'jws-alg: is not a jwt-validate property',
    );
    for (const name of [
      'title',
      'description',
      'version',
      'jwt',
      'output-claims',
      'iss-claim',
      'aud-claim',
      'jws-crypto',
      'jws-jwk',
      'jwe-crypto',
      'jwe-jwk',
    ]) {
      expect(compileDetail({ 'jws-crypto': 'hs256', [name]: ' ' })).toBe(
        `${name}: must be a non-empty string`,
      );
      expect(compileDetail({ 'jws-crypto': 'hs256', [name]: 3 })).toBe(
        `${name}: must be a non-empty string`,
      );
    }
  });

  it('refuses a policy without any key: an unsecured JWT is never accepted', () => {
    expect(compileDetail({ 'iss-claim': 'x' })).toMatch(
      /^jws-crypto: no verification or decryption key is configured/,
    );
  });

  it('refuses claim patterns it cannot run safely, naming the property', () => {
    expect(compileDetail({ 'jws-crypto': 'hs256', 'iss-claim': '(a)\\1' })).toMatch(
      /^iss-claim: uses a backreference/,
    );
    expect(compileDetail({ 'jws-crypto': 'hs256', 'aud-claim': '(' })).toBe(
      'aud-claim: has an unterminated "("',
    );
  });

  it('refuses a crypto object that does not exist, never falling back to the JWK', () => {
    expect(compileDetail({ 'jws-crypto': 'nope', 'jws-jwk': 'v' })).toBe(
      'jws-crypto: crypto object "nope" does not exist',
    );
    expect(compileDetail({ 'jwe-crypto': 'nope' })).toBe(
      'jwe-crypto: crypto object "nope" does not exist',
    );
  });

  it('refuses a crypto object of a kind that cannot verify or decrypt', () => {
    expect(compileDetail({ 'jws-crypto': 'rsaKey' })).toBe(
      'jws-crypto: verification needs a shared secret key or a crypto certificate, but "rsaKey" is a crypto key',
    );
    expect(compileDetail({ 'jwe-crypto': 'rsaCert' })).toBe(
      'jwe-crypto: decryption needs a shared secret key or a crypto key, but "rsaCert" is a crypto certificate',
    );
  });

  it('refuses a crypto object that fits no algorithm', () => {
    expect(compileDetail({ 'jws-crypto': 'tiny' })).toBe(
      'jws-crypto: crypto object "tiny" fits no JWS algorithm the policy accepts',
    );
    expect(compileDetail({ 'jwe-crypto': 'tiny' })).toBe(
      'jwe-crypto: crypto object "tiny" fits no JWE algorithm the policy accepts',
    );
  });
});

describe('jwt-validate at run time', () => {
  const policy: JwtValidatePolicy = { 'jws-crypto': 'hs256' };

  it('reads the Bearer token of the Authorization header by default, whatever the scheme case', () => {
    for (const h of [`Bearer ${hs()}`, `bearer  ${hs()}`, `BEARER ${hs()} `]) {
      expect(
        jwtValidate(policy, createContext({ 'message.headers.Authorization': h }), env)?.iss,
      ).toBe('https://gw.example');
    }
  });

  it('fails without a token, with another scheme, or with a token variable that is unset or not a string', () => {
    expect(detail(policy, createContext({}))).toBe('jwt: the request has no Authorization header');
    expect(
      detail(policy, createContext({ 'message.headers.authorization': `Basic ${hs()}` })),
    ).toBe('jwt: the Authorization header does not hold a Bearer token');
    expect(detail(policy, createContext({ 'message.headers.authorization': `Bearer a b` }))).toBe(
      'jwt: the Authorization header does not hold a Bearer token',
    );
    expect(detail({ ...policy, jwt: 't' }, createContext({}))).toBe('jwt: variable "t" is not set');
    expect(detail({ ...policy, jwt: 't' }, createContext({ t: 42 }))).toBe(
      'jwt: variable "t" must hold the token as a string',
    );
  });

  it('a jwt variable naming the Authorization header still expects the Bearer scheme', () => {
    const ctx = createContext({ 'message.headers.authorization': `Bearer ${hs()}` });
    expect(jwtValidate({ ...policy, jwt: 'message.headers.Authorization' }, ctx, env)?.iss).toBe(
      'https://gw.example',
    );
  });

  it('fails on a token of the wrong shape for the configuration', () => {
    expect(detail(policy, bearer('a.b'))).toBe(
      'jwt: the token is neither a compact JWS nor a compact JWE',
    );
    expect(detail(policy, bearer('a.b.c.d.e.f'))).toBe(
      'jwt: the token is neither a compact JWS nor a compact JWE',
    );
    const jwe = encryptJWT(claims, { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    expect(detail(policy, bearer(jwe))).toBe(
      'jwt: the token is encrypted (JWE), but neither jwe-crypto nor jwe-jwk is set',
    );
    expect(detail({ 'jwe-crypto': 'kw16' }, bearer(hs()))).toBe(
      'jwt: the token is not encrypted, but jwe-crypto or jwe-jwk asks for an encrypted token',
    );
    const nested = encryptJWT(hs(), { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    // decryptJWT (src/jwt) decides nesting for the policy: one implementation, its own words.
    expect(detail({ 'jwe-crypto': 'kw16' }, bearer(nested))).toBe(
      'ERR_JWT_INVALID: nested JWT needs options.verificationKey',
    );
    expect(detail({ 'jwe-crypto': 'kw16', 'jws-crypto': 'hs256' }, bearer(jwe))).toBe(
      'ERR_JWT_INVALID: expected a nested (signed, then encrypted) JWT',
    );
  });

  it('reports the library error of a bad signature, a bad MAC, an unfit algorithm and alg "none"', () => {
    const token = hs();
    expect(
      detail(policy, bearer(`${token.slice(0, -2)}${token.endsWith('A') ? 'Bw' : 'Aw'}`)),
    ).toMatch(/^ERR_JWS_(SIGNATURE_)?INVALID/);
    expect(detail({ 'jws-crypto': 'rsaCert' }, bearer(token))).toMatch(/^ERR_KEY_UNSUITABLE/);
    const none = `${b64u('{"alg":"none"}')}.${b64u(JSON.stringify(claims))}.`;
    expect(detail(policy, bearer(none))).toMatch(/^ERR_ALG_NOT_ALLOWED/);
    const jwe = encryptJWT(
      claims,
      { alg: 'A128KW', enc: 'A128CBC-HS256' },
      importKey(randomBytes(16)),
    );
    expect(detail({ 'jwe-crypto': 'kw16' }, bearer(jwe))).toMatch(/^ERR_JWE_DECRYPTION_FAILED/);
  });

  it('always checks exp and nbf, in the JWS and in an encrypted-only token', () => {
    expect(detail(policy, bearer(hs({ ...claims, exp: NOW_S })))).toMatch(/^ERR_JWT_EXPIRED/);
    expect(detail(policy, bearer(hs({ ...claims, nbf: NOW_S + 10 })))).toMatch(
      /^ERR_JWT_CLAIM_INVALID: "nbf"/,
    );
    const jwe = encryptJWT(
      { ...claims, exp: NOW_S - 1 },
      { alg: 'A128KW', enc: 'A128CBC-HS256' },
      kek,
    );
    expect(detail({ 'jwe-crypto': 'kw16' }, bearer(jwe))).toMatch(/^ERR_JWT_EXPIRED/);
  });

  it('a nested token is verified after decryption: an inner signature by another key is refused', () => {
    const inner = signJWT(claims, { alg: 'HS256' }, importKey(randomBytes(32)));
    const nested = encryptJWT(inner, { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    expect(detail({ 'jwe-crypto': 'kw16', 'jws-crypto': 'hs256' }, bearer(nested))).toMatch(
      /^ERR_JWS_SIGNATURE_INVALID/,
    );
    const good = encryptJWT(hs(), { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    expect(
      jwtValidate({ 'jwe-crypto': 'kw16', 'jws-crypto': 'hs256' }, bearer(good), env)?.iss,
    ).toBe('https://gw.example');
  });

  it('a clock that gives an invalid date is an error, not an accepted token', () => {
    expect(detail(policy, bearer(hs()), { currentDate: () => new Date(Number.NaN) })).toMatch(
      /^ERR_INVALID_ARGUMENT: currentDate/,
    );
  });

  it('random Authorization headers give claims or a PolicyError, nothing else (property)', () => {
    const token = hs();
    const part = fc.oneof(
      fc.constantFrom(...token.split('.')),
      fc.string({ maxLength: 40 }),
      fc.base64String({ maxLength: 40 }).map((b) => b.replace(/=+$/, '')),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(part, { minLength: 1, maxLength: 6 }).map((p) => `Bearer ${p.join('.')}`),
    );
    const validator = compileJwtValidate(
      { 'jws-crypto': 'hs256', 'iss-claim': 'https://gw\\.example' },
      env,
    );
    fc.assert(
      fc.property(value, (v) => {
        try {
          const out = validator.execute(createContext({ 'message.headers.authorization': v }));
          expect(v).toBe(`Bearer ${token}`);
          expect(out?.iss).toBe('https://gw.example');
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('iss-claim and aud-claim: the claim must be present and match; one matching aud value is enough (RFC 7519 s4.1.3)', () => {
    expect(detail({ ...policy, 'iss-claim': 'x' }, bearer(hs({ aud: 'api' })))).toBe(
      'iss-claim: the token has no "iss" claim',
    );
    expect(detail({ ...policy, 'iss-claim': '^https://gw$' }, bearer(hs()))).toBe(
      'iss-claim: the token\'s "iss" claim does not match',
    );
    expect(detail({ ...policy, 'aud-claim': 'api' }, bearer(hs({ iss: 'x' })))).toBe(
      'aud-claim: the token has no "aud" claim',
    );
    expect(detail({ ...policy, 'aud-claim': 'api' }, bearer(hs({ aud: [] })))).toBe(
      'aud-claim: the token has no "aud" claim',
    );
    expect(
      jwtValidate({ ...policy, 'aud-claim': '^api$' }, bearer(hs({ aud: ['other', 'api'] })), env)
        ?.aud,
    ).toEqual(['other', 'api']);
    expect(
      detail({ ...policy, 'aud-claim': '^api$' }, bearer(hs({ aud: ['api2', 'other'] }))),
    ).toBe('aud-claim: no "aud" value of the token matches');
    expect(
      jwtValidate(
        { ...policy, 'aud-claim': 'api|other' },
        bearer(hs({ aud: ['api', 'other'] })),
        env,
      )?.aud,
    ).toEqual(['api', 'other']);
  });

  it('writes the claims to decoded.claims by default, or to output-claims', () => {
    const ctx = bearer(hs());
    const out = jwtValidate(policy, ctx, env);
    expect(ctx.get('decoded.claims')).toBe(out);
    const ctx2 = bearer(hs());
    jwtValidate({ ...policy, 'output-claims': 'who' }, ctx2, env);
    expect(ctx2.get('who')).toEqual(claims);
    expect(ctx2.get('decoded.claims')).toBeUndefined();
  });
});

describe('jwt-validate error contract', () => {
  it('is a RuntimeError with status 401 and reason Invalid-JWT-Validate; detail in the variable and the log', () => {
    const lines: string[] = [];
    const ctx = bearer(hs({ ...claims, exp: NOW_S - 5 }));
    let error: unknown;
    try {
      compileJwtValidate(
        { 'jws-crypto': 'hs256' },
        { ...env, logger: { error: (m) => void lines.push(m) } },
      ).execute(ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const e = error as PolicyError;
    expect([e.name, e.status, e.reason, e.policy, e.message]).toEqual([
      'RuntimeError',
      401,
      'Invalid-JWT-Validate',
      'jwt-validate',
      'jwt-validate policy failed',
    ]);
    expect(ctx.get('jwt-validate.error-message')).toBe(e.detail);
    expect(lines).toEqual([`jwt-validate: ${e.detail}`]);
    expect(ctx.get('decoded.claims')).toBeUndefined();
  });

  it('a compile-time problem of the one-shot form is reported like a runtime failure', () => {
    const ctx = bearer(hs());
    const lines: string[] = [];
    expect(() =>
      jwtValidate({}, ctx, { ...env, logger: { error: (m) => void lines.push(m) } }),
    ).toThrow(PolicyError);
    expect(ctx.get('jwt-validate.error-message')).toMatch(/^jws-crypto: no verification/);
    expect(lines).toHaveLength(1);
  });

  it('a catch handler receives the error and nothing is thrown', () => {
    const caught: PolicyError[] = [];
    const ctx = bearer('x.y.z');
    const result = compileJwtValidate(
      { 'jws-crypto': 'hs256' },
      { ...env, catch: (e) => void caught.push(e) },
    ).execute(ctx);
    expect(result).toBeUndefined();
    expect(caught).toHaveLength(1);
    expect(caught[0]?.status).toBe(401);
  });

  it('the logger defaults to console.error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() =>
        jwtValidate({ 'jws-crypto': 'hs256' }, createContext({}), { cryptoObjects }),
      ).toThrow(PolicyError);
      expect(spy).toHaveBeenCalledWith(
        'jwt-validate: jwt: the request has no Authorization header',
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('never puts the token or key material in the detail', () => {
    const token = hs({ ...claims, exp: NOW_S - 1 });
    const d = detail({ 'jws-crypto': 'hs256' }, bearer(token));
    expect(d).not.toContain(token.split('.')[2]);
    expect(d).not.toContain(hmac.keyObject.export().toString('base64url'));
  });
});
