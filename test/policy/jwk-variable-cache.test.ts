import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { compileJwtGenerate } from '../../src/policy/jwt-generate/index.js';
import { objects, policyError } from './helpers.js';

// A compiled policy remembers imported JWK variables; a variable that changes must be seen at once.
const env = { cryptoObjects: objects, logger: { error: () => {} } };
const vars = { 'iss.claim': 'gw' };
const hmacJwk = (k: Buffer) => ({ kty: 'oct', k: k.toString('base64url') });
const verifies = (token: string, key: Buffer): boolean => {
  try {
    verifyJWT(token, hmacJwk(key), { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
};

describe('jwt-generate JWK variables across requests', () => {
  const generator = compileJwtGenerate({ 'jws-alg': 'HS256', 'jws-jwk': 'jws.jwk' }, env);
  const [one, two, three] = [randomBytes(32), randomBytes(32), randomBytes(32)];

  it('a JWK text replaced between requests signs with the new key', () => {
    const ctx = createContext({ ...vars, 'jws.jwk': JSON.stringify(hmacJwk(one)) });
    const first = generator.execute(ctx) as string;
    ctx.set('jws.jwk', JSON.stringify(hmacJwk(two)));
    const second = generator.execute(ctx) as string;
    expect([verifies(first, one), verifies(first, two)]).toEqual([true, false]);
    expect([verifies(second, one), verifies(second, two)]).toEqual([false, true]);
  });

  it('a JWK object changed in place between requests signs with the new key', () => {
    const jwk = hmacJwk(one);
    const ctx = createContext({ ...vars, 'jws.jwk': jwk });
    const first = generator.execute(ctx) as string;
    jwk.k = three.toString('base64url');
    const second = generator.execute(ctx) as string;
    expect(verifies(first, one)).toBe(true);
    expect([verifies(second, one), verifies(second, three)]).toEqual([false, true]);
  });

  it('a JWK object that cannot be written as JSON is a policy error naming the property', () => {
    const jwk: Record<string, unknown> = hmacJwk(one);
    jwk.self = jwk;
    expect(
      policyError(() => generator.execute(createContext({ ...vars, 'jws.jwk': jwk }))).detail,
    ).toMatch(/^jws-jwk: /);
  });
});
