import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compileJwtGenerate,
  compileJwtValidate,
  createContext,
  createCryptoObjects,
  decryptJWT,
  exportJWK,
  importKey,
  PolicyError,
} from '../../src/index.js';
import { apicPolicy } from '../support/apic-policy.js';
import { decodePart, FIXED, policyError } from './helpers.js';

// Policies written as API Connect writes them: IBM, "jwt-generate" (API Connect 5.0.x,
// rapim_cli_policies_jwtgen) for 1.0.0 and "jwt-generate" / "jwt-validate" (API Connect v10 and
// 12.1.1, DataPower API Gateway, policy versions 2.1.0 and 2.0.0) for 2.x.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const hmac = randomBytes(64);
const kek = randomBytes(32);
const cryptoObjects = createCryptoObjects({
  jwsCryptoObjectName: { type: 'shared-secret-key', value: hmac },
  jweCryptoObjectName: { type: 'shared-secret-key', value: kek },
  partnerCert: {
    type: 'crypto-certificate',
    value: rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string,
  },
  partnerKey: {
    type: 'crypto-key',
    value: rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  },
});
const quiet = { error: () => {}, warn: () => {} };
const env = { cryptoObjects, currentDate: FIXED, logger: quiet };

describe('version 1.0.0 (DataPower Gateway, v5 compatible): the seed document', () => {
  const yaml = `
- jwt-generate:
    title: jwt-generate
    iss-claim: iss.claim
    exp-claim: 3600
    jwt: generated.jwt
    jti-claim: true
    sub-claim: sub.claim
    aud-claim: aud.claim
    jws-jwk: jws.jwk
    jws-alg: HS256
    jws-crypto: jwsCryptoObjectName
    jwe-enc: A128CBC-HS256
    jwe-jwk: jwe.jwk
    jwe-alg: A256KW
    jwe-crypto: jweCryptoObjectName
`;
  it('runs the seed example as written, and jwt-validate 1.0.0 reads it from request.headers.authorization', () => {
    const policy = apicPolicy(yaml);
    expect((policy['jwt-generate'] as Record<string, unknown>)['exp-claim']).toBe(3600);
    const ctx = createContext({
      'iss.claim': 'https://gw.example',
      'sub.claim': 'alice',
      'aud.claim': 'api',
    });
    const token = compileJwtGenerate(policy, env).execute(ctx) as string;
    expect(ctx.get('generated.jwt')).toBe(token);
    const validate = apicPolicy(`
- jwt-validate:
    version: 1.0.0
    title: jwt-validate
    jwt: request.headers.authorization
    output-claims: decoded.claims
    iss-claim: '^https://gw\\.example$'
    aud-claim: '^api$'
    jwe-crypto: jweCryptoObjectName
    jws-crypto: jwsCryptoObjectName
`);
    const request = createContext({ 'request.headers.Authorization': `Bearer ${token}` });
    const claims = compileJwtValidate(validate, env).execute(request);
    expect(claims?.sub).toBe('alice');
    expect(request.get('decoded.claims')).toBe(claims);
  });

  it('keeps the 1.0.0 lists: RSA-OAEP and A*GCM are 2.x only', () => {
    const base = { 'iss-claim': 'iss.claim', 'jwe-crypto': 'partnerCert' };
    expect(
      policyError(() =>
        compileJwtGenerate({ ...base, 'jwe-alg': 'RSA-OAEP', 'jwe-enc': 'A128CBC-HS256' }, env),
      ).detail,
    ).toMatch(/^jwe-alg: "RSA-OAEP" is not one of/);
    expect(
      policyError(() =>
        compileJwtGenerate({ ...base, 'jwe-alg': 'RSA-OAEP-256', 'jwe-enc': 'A256GCM' }, env),
      ).detail,
    ).toMatch(/^jwe-enc: "A256GCM" is not one of/);
  });

  it('refuses an exp-claim whose exp would not be a safe integer (RFC 7519 s2 NumericDate, exact)', () => {
    const e = policyError(() =>
      compileJwtGenerate(
        { 'jws-crypto': 'jwsCryptoObjectName', 'jws-alg': 'HS256', 'exp-claim': 9007199254740991 },
        env,
      ).execute(createContext({ 'iss.claim': 'gw' })),
    );
    expect([e.code, e.detail]).toEqual([
      'ERR_POLICY_INVALID',
      'exp-claim: now plus the validity period is beyond the largest exact NumericDate',
    ]);
  });

  it('refuses a version that is neither 1.0.0 nor 2.x.y', () => {
    for (const version of ['3.0.0', '2', '1.0', 'latest']) {
      expect(
        policyError(() =>
          compileJwtGenerate(
            { version, 'jws-crypto': 'jwsCryptoObjectName', 'jws-alg': 'HS256' },
            env,
          ),
        ).detail,
      ).toMatch(/^version: must be 1\.0\.0/);
      expect(
        policyError(() => compileJwtValidate({ version, 'jws-crypto': 'jwsCryptoObjectName' }, env))
          .detail,
      ).toMatch(/^version: must be 1\.0\.0/);
    }
  });
});

describe('version 2.x (DataPower API Gateway)', () => {
  const yaml = `
- jwt-generate:
    version: 2.1.0
    title: jwt-generate
    jwt: generated.jwt
    jti-claim: true
    iss-claim: iss.claim
    exp-claim: 31622400
    aud-claim: aud.claim
    jws-alg: $(jws.alg)
    jws-crypto: jwsCryptoObjectName
    custom-kid-value-jws: signer-$(api.env)
    jwe-enc: A256GCM
    jwe-alg: RSA-OAEP
    jwe-crypto: partnerCert
    custom-kid-value-jwe: partner-2026
`;
  const vars = {
    'iss.claim': 'https://gw.example',
    'aud.claim': ' orders , billing ',
    'jws.alg': 'HS512',
    'api.env': 'prod',
  };

  it('runs a 2.1.0 policy as written: RSA-OAEP with A256GCM, inline parameters, kid values, aud as a comma list', () => {
    const ctx = createContext(vars);
    const token = compileJwtGenerate(apicPolicy(yaml), env).execute(ctx) as string;
    expect(decodePart(token, 0)).toEqual({
      alg: 'RSA-OAEP',
      enc: 'A256GCM',
      typ: 'JWT',
      kid: 'partner-2026',
      cty: 'JWT',
    });
    const { claims, jwsHeader } = decryptJWT(token, importKey(rsa.privateKey), {
      verificationKey: importKey(hmac),
      algorithms: ['HS512'],
    });
    expect(jwsHeader).toEqual({ alg: 'HS512', typ: 'JWT', kid: 'signer-prod' });
    expect(claims.aud).toEqual(['orders', 'billing']);
    expect((claims.exp as number) - (claims.iat as number)).toBe(31622400);
    const validate = apicPolicy(`
- jwt-validate:
    version: 2.0.0
    title: jwt-validate
    jwt: generated.jwt
    output-claims: decoded.claims
    iss-claim: ^https://gw\\.example$
    aud-claim: ^billing$
    jwe-crypto: partnerKey
    jws-crypto: jwsCryptoObjectName
`);
    expect(compileJwtValidate(validate, env).execute(ctx)?.aud).toEqual(['orders', 'billing']);
  });

  it('reads inline parameters per request and checks them against the 2.x lists at run time', () => {
    const gen = compileJwtGenerate(apicPolicy(yaml), env);
    const token = gen.execute(createContext({ ...vars, 'jws.alg': 'HS256' })) as string;
    const opened = decryptJWT(token, importKey(rsa.privateKey), {
      verificationKey: importKey(hmac),
      algorithms: ['HS256'],
    });
    expect(opened.jwsHeader?.alg).toBe('HS256');
    const bad = policyError(() => gen.execute(createContext({ ...vars, 'jws.alg': 'EdDSA' })));
    expect([bad.code, bad.detail]).toEqual([
      'ERR_POLICY_INVALID',
      'jws-alg: its inline parameters give a value that is not one of HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512',
    ]);
    const unset = policyError(() => gen.execute(createContext({ ...vars, 'api.env': undefined })));
    expect([unset.code, unset.detail]).toEqual([
      'ERR_POLICY_VARIABLE',
      'custom-kid-value-jws: inline parameter "api.env" is not set to a non-empty string',
    ]);
    const unfit = policyError(() => gen.execute(createContext({ ...vars, 'jws.alg': 'RS256' })));
    expect(unfit.detail).toMatch(
      /^jws-crypto: RS256 needs a crypto key, but "jwsCryptoObjectName" is a shared secret key/,
    );
  });

  // DataPower help for assembly-jwt-generate: jwe-alg and jwe-enc list "An inline parameter to read at
  // runtime"; custom-kid-value-jwe is the kid value itself.
  it('reads inline parameters in jwe-alg, jwe-enc and custom-kid-value-jwe per request (2.x)', () => {
    const policy = {
      version: '2.1.0',
      jwt: 'out',
      'jwe-crypto': 'partnerCert',
      'jwe-alg': '$(key.alg)',
      'jwe-enc': '$(content.enc)',
      'custom-kid-value-jwe': 'enc-$(api.env)',
    } as const;
    const gen = compileJwtGenerate(policy, env);
    const base = {
      'iss.claim': 'gw',
      'key.alg': 'RSA-OAEP',
      'content.enc': 'A128GCM',
      'api.env': 'prod',
    };
    type Ctx = ReturnType<typeof createContext>;
    const request = (over: Record<string, unknown>): Ctx => createContext({ ...base, ...over });
    const pairs = [
      ['RSA-OAEP', 'A128GCM'],
      ['RSA-OAEP-256', 'A256CBC-HS512'],
      ['RSA1_5', 'A192GCM'],
    ] as const;
    for (const [alg, enc] of pairs) {
      const token = gen.execute(request({ 'key.alg': alg, 'content.enc': enc })) as string;
      expect(decodePart(token, 0)).toEqual({ alg, enc, typ: 'JWT', kid: 'enc-prod' });
      const options = { keyManagementAlgorithms: [alg], currentDate: FIXED };
      expect(decryptJWT(token, importKey(rsa.privateKey), options).claims.iss).toBe('gw');
    }
    const notOneOf = 'its inline parameters give a value that is not one of';
    const badAlg = policyError(() => gen.execute(request({ 'key.alg': 'ECDH-ES' })));
    expect([badAlg.code, badAlg.detail]).toEqual([
      'ERR_POLICY_INVALID',
      `jwe-alg: ${notOneOf} RSA1_5, RSA-OAEP, RSA-OAEP-256, dir, A128KW, A192KW, A256KW`,
    ]);
    const badEnc = policyError(() => gen.execute(request({ 'content.enc': 'A512GCM' })));
    expect([badEnc.code, badEnc.detail]).toEqual([
      'ERR_POLICY_INVALID',
      `jwe-enc: ${notOneOf} A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM`,
    ]);
    const params = [
      ['key.alg', 'jwe-alg'],
      ['content.enc', 'jwe-enc'],
      ['api.env', 'custom-kid-value-jwe'],
    ];
    for (const [name, property] of params) {
      for (const unset of [undefined, '', 7]) {
        const e = policyError(() => gen.execute(request({ [name as string]: unset })));
        const detail = `${property}: inline parameter "${name}" is not set to a non-empty string`;
        expect([e.code, e.detail]).toEqual(['ERR_POLICY_VARIABLE', detail]);
      }
    }
    // A listed alg the crypto object does not fit fails on the request, naming the object.
    const unfit = policyError(() => gen.execute(request({ 'key.alg': 'A128KW' })));
    expect(unfit.detail).toMatch(/^jwe-crypto: /);
  });

  it('caps the values IBM caps at 256 characters in 2.x (DataPower help), not in 1.0.0', () => {
    const long = `a${'.b'.repeat(128)}`;
    const tooLong = (property: string): string =>
      `${property}: is longer than 256 characters, the DataPower API Gateway's limit`;
    const gen = { 'jws-crypto': 'jwsCryptoObjectName', 'jws-alg': 'HS256' };
    const capped = [
      'iss-claim',
      'sub-claim',
      'aud-claim',
      'private-claims',
      'custom-kid-value-jws',
    ];
    for (const property of capped) {
      const e = policyError(() =>
        compileJwtGenerate({ ...gen, version: '2.1.0', [property]: long }, env),
      );
      expect([e.code, e.detail]).toEqual(['ERR_POLICY_INVALID', tooLong(property)]);
      expect(() => compileJwtGenerate({ ...gen, [property]: long }, env)).not.toThrow();
      const fits = { ...gen, version: '2.1.0', [property]: long.slice(0, 256) };
      expect(() => compileJwtGenerate(fits, env)).not.toThrow();
    }
    const kidJwe = {
      version: '2.1.0',
      'jwe-crypto': 'partnerCert',
      'jwe-alg': 'RSA-OAEP',
      'jwe-enc': 'A128GCM',
    };
    const kidError = policyError(() =>
      compileJwtGenerate({ ...kidJwe, 'custom-kid-value-jwe': long }, env),
    );
    expect(kidError.detail).toBe(tooLong('custom-kid-value-jwe'));
    const pattern = `^${'a'.repeat(256)}$`;
    const val = { 'jws-crypto': 'jwsCryptoObjectName' };
    for (const property of ['iss-claim', 'aud-claim']) {
      const e = policyError(() =>
        compileJwtValidate({ ...val, version: '2.0.0', [property]: pattern }, env),
      );
      expect(e.detail).toBe(tooLong(property));
      expect(() =>
        compileJwtValidate({ ...val, version: '1.0.0', [property]: pattern }, env),
      ).not.toThrow();
    }
  });

  it('takes aud from a string, a comma-separated string or an array; exp-claim is 1 to 31622400', () => {
    const policy = {
      version: '2.1.0',
      'aud-claim': 'aud.claim',
      'jws-crypto': 'jwsCryptoObjectName',
      'jws-alg': 'HS256',
      jwt: 'out',
    } as const;
    const gen = compileJwtGenerate(policy, env);
    const aud = (value: unknown): unknown => {
      const ctx = createContext({ 'iss.claim': 'gw', 'aud.claim': value });
      return decodePart(gen.execute(ctx) as string, 1).aud;
    };
    expect([aud('api'), aud('a, b'), aud(['x', 'y'])]).toEqual(['api', ['a', 'b'], ['x', 'y']]);
    expect(policyError(() => aud([1])).code).toBe('ERR_POLICY_VARIABLE');
    for (const exp of [0, 31622401]) {
      expect(
        policyError(() => compileJwtGenerate({ ...policy, 'exp-claim': exp }, env)).detail,
      ).toBe('exp-claim: must be a whole number of seconds from 1 to 31622400');
    }
  });

  it('in 1.0.0, custom-kid-value-* names a variable; in 2.x it is the value itself', () => {
    const base = {
      'jws-crypto': 'jwsCryptoObjectName',
      'jws-alg': 'HS256',
      'custom-kid-value-jws': 'kid.var',
      jwt: 'out',
    } as const;
    const ctx = (): ReturnType<typeof createContext> =>
      createContext({ 'iss.claim': 'gw', 'kid.var': 'from-variable' });
    expect(decodePart(compileJwtGenerate(base, env).execute(ctx()) as string, 0).kid).toBe(
      'from-variable',
    );
    expect(
      decodePart(compileJwtGenerate({ ...base, version: '2.1.0' }, env).execute(ctx()) as string, 0)
        .kid,
    ).toBe('kid.var');
  });
});

describe('both versions', () => {
  it('a crypto object made from a JWK keeps its kid, so a JWK Set of two keys of one type finds it', () => {
    const k1 = { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'k1' };
    const k2 = { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'k2' };
    const objects = createCryptoObjects({ signer: { type: 'shared-secret-key', jwk: k2 } });
    const e2 = { ...env, cryptoObjects: objects };
    for (const version of ['1.0.0', '2.1.0']) {
      const ctx = createContext({ 'iss.claim': 'gw' });
      const token = compileJwtGenerate(
        { version, 'jws-crypto': 'signer', 'jws-alg': 'HS256' },
        e2,
      ).execute(ctx) as string;
      expect(decodePart(token, 0).kid).toBe('k2');
      const incoming = createContext({
        'message.headers.authorization': ctx.get('message.headers.authorization'),
        set: { keys: [k1, k2] },
      });
      expect(
        compileJwtValidate(
          { version: version === '1.0.0' ? '1.0.0' : '2.0.0', 'jws-jwk': 'set' },
          e2,
        ).execute(incoming)?.iss,
      ).toBe('gw');
    }
  });

  it('jwt naming the Authorization header (any case) writes "Bearer <token>", as the default does', () => {
    for (const jwt of ['message.headers.Authorization', 'MESSAGE.HEADERS.AUTHORIZATION']) {
      const ctx = createContext({ 'iss.claim': 'gw' });
      const token = compileJwtGenerate(
        { jwt, 'jws-crypto': 'jwsCryptoObjectName', 'jws-alg': 'HS256' },
        env,
      ).execute(ctx);
      expect(ctx.get('message.headers.authorization')).toBe(`Bearer ${token}`);
    }
  });

  it('refuses a JWK Set in jws-jwk / jwe-jwk of jwt-generate, saying so', () => {
    const set = { keys: [exportJWK(importKey(hmac), { private: true })] };
    for (const [prop, extra] of [
      ['jws-jwk', { 'jws-alg': 'HS256' }],
      ['jwe-jwk', { 'jwe-alg': 'dir', 'jwe-enc': 'A128CBC-HS256' }],
    ] as const) {
      const e = policyError(() =>
        compileJwtGenerate({ [prop]: 'keys', ...extra }, env).execute(
          createContext({ 'iss.claim': 'gw', keys: JSON.stringify(set) }),
        ),
      );
      expect(e.detail).toBe(
        `${prop}: variable "keys" holds a JWK Set, which is not accepted here; give one JWK`,
      );
      expect(e).toBeInstanceOf(PolicyError);
    }
  });
});
