import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decryptJWT, encryptJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { compileJwtGenerate } from '../../src/policy/jwt-generate/index.js';
import type { JwtGeneratePolicy } from '../../src/policy/jwt-generate/properties.js';
import { objects } from './helpers.js';

// jwt-generate writes the nested JWT's JWE header itself; it must be the header encryptJWT
// gives a nested token (RFC 7519 s5.2), byte for byte, member order included.
const env = { cryptoObjects: objects, logger: { error: () => {} } };
const headerText = (token: string): string =>
  Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8');
const policy: JwtGeneratePolicy = {
  'jws-alg': 'HS256',
  'jws-crypto': 'hmac',
  'jwe-alg': 'A128KW',
  'jwe-enc': 'A128CBC-HS256',
  'jwe-crypto': 'kek',
};

describe('jwt-generate nested JWE header', () => {
  it('without a kid: alg, enc, typ, then cty "JWT", as encryptJWT writes it', () => {
    const token = compileJwtGenerate(policy, env).execute(
      createContext({ 'iss.claim': 'gw' }),
    ) as string;
    expect(headerText(token)).toBe(
      '{"alg":"A128KW","enc":"A128CBC-HS256","typ":"JWT","cty":"JWT"}',
    );
    const viaJwt = encryptJWT(
      'a.b.c',
      { alg: 'A128KW', enc: 'A128CBC-HS256', typ: 'JWT' },
      objects.get('kek')!.key,
    );
    expect(headerText(viaJwt)).toBe(headerText(token));
    expect(
      decryptJWT(token, objects.get('kek')!.key, { verificationKey: objects.get('hmac')!.key })
        .claims.iss,
    ).toBe('gw');
  });

  it('with a kid from custom-kid-value-jwe: the kid before cty, as encryptJWT writes it', () => {
    const token = compileJwtGenerate({ ...policy, 'custom-kid-value-jwe': 'kid.var' }, env).execute(
      createContext({ 'iss.claim': 'gw', 'kid.var': 'k-1' }),
    ) as string;
    expect(headerText(token)).toBe(
      '{"alg":"A128KW","enc":"A128CBC-HS256","typ":"JWT","kid":"k-1","cty":"JWT"}',
    );
    const viaJwt = encryptJWT(
      'a.b.c',
      { alg: 'A128KW', enc: 'A128CBC-HS256', typ: 'JWT', kid: 'k-1' },
      objects.get('kek')!.key,
    );
    expect(headerText(viaJwt)).toBe(headerText(token));
  });
});
