import { describe, expect, it } from 'vitest';
import { verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { compileJwtGenerate, jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import { decodePart, FIXED, FIXED_S, objects, secret32 } from './helpers.js';

const base = { 'jws-alg': 'HS256', 'jws-crypto': 'hmac' } as const;
const env = { cryptoObjects: objects, currentDate: () => FIXED };
const vars = { 'iss.claim': 'https://gw.example' };

describe('jwt-generate claims (seed Table 1)', () => {
  it('defaults: iss from iss.claim, exp = now + 3600, iat = now, no jti, no nbf, header alg + typ JWT', () => {
    const token = jwtGenerate(base, createContext(vars), env) as string;
    expect(decodePart(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodePart(token, 1)).toEqual({
      iss: 'https://gw.example',
      iat: FIXED_S,
      exp: FIXED_S + 3600,
    });
  });

  it('tokens it makes verify with src/jwt', () => {
    const token = jwtGenerate(base, createContext(vars), { cryptoObjects: objects }) as string;
    const { claims } = verifyJWT(token, objects.get('hmac')!.key, {
      algorithms: ['HS256'],
      issuer: 'https://gw.example',
    });
    expect(claims.iss).toBe('https://gw.example');
  });

  it('env.currentDate may be a fixed Date as well as a clock function (the name JWT options use)', () => {
    const token = jwtGenerate(base, createContext(vars), {
      cryptoObjects: objects,
      currentDate: FIXED,
    }) as string;
    expect(decodePart(token, 1).iat).toBe(FIXED_S);
    expect(() =>
      jwtGenerate(base, createContext(vars), {
        cryptoObjects: objects,
        currentDate: 5 as unknown as Date,
      }),
    ).toThrow();
  });

  it('iss-claim names the variable holding iss', () => {
    const token = jwtGenerate(
      { ...base, 'iss-claim': 'my.issuer' },
      createContext({ 'my.issuer': 'me' }),
      env,
    ) as string;
    expect(decodePart(token, 1).iss).toBe('me');
  });

  it('exp-claim sets the validity period in seconds, from the injected clock', () => {
    for (const exp of [1, 60, 86400]) {
      const token = jwtGenerate({ ...base, 'exp-claim': exp }, createContext(vars), env) as string;
      expect(decodePart(token, 1).exp).toBe(FIXED_S + exp);
      expect(decodePart(token, 1).iat).toBe(FIXED_S);
    }
    const fromText = jwtGenerate(
      { ...base, 'exp-claim': '120' },
      createContext(vars),
      env,
    ) as string;
    expect(decodePart(fromText, 1).exp).toBe(FIXED_S + 120);
  });

  it('sub-claim names the variable holding sub', () => {
    const token = jwtGenerate(
      { ...base, 'sub-claim': 'sub.claim' },
      createContext({ ...vars, 'sub.claim': 'alice' }),
      env,
    ) as string;
    expect(decodePart(token, 1).sub).toBe('alice');
  });

  it('aud-claim: one variable gives a string, several (comma-separated, spaces trimmed) an array', () => {
    const ctx = { ...vars, 'aud.a': 'api-a', 'aud.b': 'api-b', 'aud.c': 'api-c' };
    const one = jwtGenerate({ ...base, 'aud-claim': 'aud.a' }, createContext(ctx), env) as string;
    expect(decodePart(one, 1).aud).toBe('api-a');
    const many = jwtGenerate(
      { ...base, 'aud-claim': 'aud.a, aud.b ,aud.c' },
      createContext(ctx),
      env,
    ) as string;
    expect(decodePart(many, 1).aud).toEqual(['api-a', 'api-b', 'api-c']);
  });

  it('jti-claim: true adds a v4 UUID, unique per token; false or absent adds none', () => {
    const gen = compileJwtGenerate({ ...base, 'jti-claim': true }, env);
    const jtis = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const jti = decodePart(gen.execute(createContext(vars)) as string, 1).jti as string;
      expect(jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      jtis.add(jti);
    }
    expect(jtis.size).toBe(50);
    const off = jwtGenerate({ ...base, 'jti-claim': false }, createContext(vars), env) as string;
    expect(decodePart(off, 1)).not.toHaveProperty('jti');
  });

  it('private-claims: a JSON object (as text or object) is added; on a collision the policy claims win', () => {
    const priv = { role: 'admin', iss: 'forged', exp: 9999999999, nested: { a: [1, 2] } };
    for (const value of [priv, JSON.stringify(priv)]) {
      const token = jwtGenerate(
        { ...base, 'private-claims': 'extra' },
        createContext({ ...vars, extra: value }),
        env,
      ) as string;
      expect(decodePart(token, 1)).toEqual({
        role: 'admin',
        iss: 'https://gw.example',
        exp: FIXED_S + 3600,
        iat: FIXED_S,
        nested: { a: [1, 2] },
      });
    }
  });

  it('jwt names the variable to write the token to; without it the token goes to Authorization as Bearer', () => {
    const ctx = createContext(vars);
    const token = jwtGenerate({ ...base, jwt: 'generated.jwt' }, ctx, env);
    expect(ctx.get('generated.jwt')).toBe(token);
    expect(ctx.get('message.headers.authorization')).toBeUndefined();

    const ctx2 = createContext(vars);
    const token2 = jwtGenerate(base, ctx2, env);
    expect(ctx2.get('message.headers.Authorization')).toBe(`Bearer ${token2}`);
  });

  it('title, description and version are accepted and change nothing', () => {
    const a = jwtGenerate(
      { ...base, title: 'jwt-generate', description: 'mint', version: '1.0.0' },
      createContext(vars),
      env,
    );
    const b = jwtGenerate(base, createContext(vars), env);
    expect(a).toBe(b);
  });

  it('accepts the assembly entry form { "jwt-generate": { ... } }', () => {
    const a = jwtGenerate({ 'jwt-generate': base }, createContext(vars), env);
    expect(a).toBe(jwtGenerate(base, createContext(vars), env));
  });

  it('custom-kid-value-jws names the variable whose value becomes the JWS kid', () => {
    const token = jwtGenerate(
      { ...base, 'custom-kid-value-jws': 'kid.var' },
      createContext({ ...vars, 'kid.var': 'key-7' }),
      env,
    ) as string;
    expect(decodePart(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'key-7' });
  });

  it('a JWK signing key puts its kid in the header', () => {
    const jwk = { kty: 'oct', k: secret32.toString('base64url'), kid: 'from-jwk' };
    const token = jwtGenerate(
      { 'jws-alg': 'HS256', 'jws-jwk': 'jws.jwk' },
      createContext({ ...vars, 'jws.jwk': jwk }),
      env,
    ) as string;
    expect(decodePart(token, 0).kid).toBe('from-jwk');
  });
});
