import type { KeyObject } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CompiledJwtGenerate,
  type ContentEncryptionAlgorithm,
  compileJwtGenerate,
  decryptCompact,
  decryptJWT,
  encryptCompact,
  type GenerateKeyAlgorithm,
  generateKey,
  importJWK,
  isContentEncryptionAlgorithm,
  isJWSAlgorithm,
  isKeyManagementAlgorithm,
  type JoseAlgorithm,
  JoseError,
  type JoseErrorCode,
  type JoseKey,
  type JWSAlgorithm,
  type JWSHeaderParameters,
  type JWTClaims,
  type KeyLike,
  type KeyManagementAlgorithm,
  type PolicyError,
  type RuntimeContext,
  signCompact,
  signJWT,
  verifyCompact,
  verifyJWT,
} from '../src/index.js';

// Guards the public types against accidental widening: each line fails to type-check (npm test
// runs tsc over test/) if a result type, a parameter or a literal union drifts.
describe('public types', () => {
  it('keys: functions return JoseKey, and KeyLike takes JoseKey, KeyObject or a JWK', () => {
    expectTypeOf(generateKey).returns.toEqualTypeOf<JoseKey>();
    expectTypeOf(importJWK).returns.toEqualTypeOf<JoseKey>();
    expectTypeOf<JoseKey>().toMatchTypeOf<KeyLike>();
    expectTypeOf<KeyObject>().toMatchTypeOf<KeyLike>();
    expectTypeOf<{ kty: 'oct'; k: string }>().toMatchTypeOf<KeyLike>();
    expectTypeOf<string>().not.toMatchTypeOf<KeyLike>();
    expectTypeOf<JoseKey['type']>().toEqualTypeOf<'secret' | 'public' | 'private'>();
  });

  it('JWS: algorithm names are a literal union; results are precise', () => {
    expectTypeOf<'HS256'>().toMatchTypeOf<JWSAlgorithm>();
    expectTypeOf<'none'>().not.toMatchTypeOf<JWSAlgorithm>();
    expectTypeOf<string>().not.toMatchTypeOf<JWSAlgorithm>();
    expectTypeOf(signCompact).returns.toEqualTypeOf<string>();
    expectTypeOf(verifyCompact).returns.toHaveProperty('payload').toEqualTypeOf<Uint8Array>();
    expectTypeOf(verifyCompact)
      .returns.toHaveProperty('protectedHeader')
      .toEqualTypeOf<JWSHeaderParameters>();
    expectTypeOf(verifyCompact).returns.toHaveProperty('key').toEqualTypeOf<JoseKey>();
    expectTypeOf<JWSHeaderParameters['crit']>().toEqualTypeOf<string[] | undefined>();
  });

  it('algorithm names come from the tables: a misspelt one is a compile error wherever one is taken', () => {
    expectTypeOf<'ES256K'>().toMatchTypeOf<JWSAlgorithm>();
    expectTypeOf<'RSA-OAEP-256'>().toMatchTypeOf<KeyManagementAlgorithm>();
    expectTypeOf<'A256GCM'>().toMatchTypeOf<ContentEncryptionAlgorithm>();
    expectTypeOf<'HS257'>().not.toMatchTypeOf<JoseAlgorithm>();
    expectTypeOf<'dir'>().not.toMatchTypeOf<GenerateKeyAlgorithm>();
    expectTypeOf<'PBES2-HS256+A128KW'>().not.toMatchTypeOf<GenerateKeyAlgorithm>();
    expectTypeOf<'A128GCM'>().toMatchTypeOf<GenerateKeyAlgorithm>();
    expectTypeOf(generateKey).parameter(0).toEqualTypeOf<GenerateKeyAlgorithm>();
    const token = 'e30.e30.AA';
    const key = generateKey('HS256');
    // @ts-expect-error not a JWS algorithm
    expect(() => generateKey('HS257')).toThrow(JoseError);
    // @ts-expect-error not a JWS algorithm
    expect(() => verifyCompact(token, key, { algorithms: ['HS257'] })).toThrow(JoseError);
    // @ts-expect-error a key management algorithm is not a JWS algorithm
    expect(() => verifyJWT(token, key, { algorithms: ['A128KW'] })).toThrow(JoseError);
    const token5 = 'a.b.c.d.e';
    const km = 'keyManagementAlgorithms';
    // @ts-expect-error not a key management algorithm
    expect(() => decryptCompact(token5, key, { [km]: ['RSA-OAEP-257'] })).toThrow();
    // @ts-expect-error not a content encryption algorithm
    expect(() => decryptJWT(token5, key, { contentEncryptionAlgorithms: ['A128GCN'] })).toThrow();
    // @ts-expect-error not an algorithm to bind a key to
    expect(() => importJWK({ kty: 'oct', k: 'AAAA' }, 'HS257')).not.toThrow();
  });

  it('the type guards narrow runtime strings to the table-derived unions', () => {
    const fromConfig: string = ['ES256'][0] as string;
    if (isJWSAlgorithm(fromConfig)) expectTypeOf(fromConfig).toEqualTypeOf<JWSAlgorithm>();
    if (isKeyManagementAlgorithm(fromConfig)) {
      expectTypeOf(fromConfig).toEqualTypeOf<KeyManagementAlgorithm>();
    }
    if (isContentEncryptionAlgorithm(fromConfig)) {
      expectTypeOf(fromConfig).toEqualTypeOf<ContentEncryptionAlgorithm>();
    }
    expect(['ES256K', 'none', 'toString', 5].map(isJWSAlgorithm)).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(['dir', 'A128GCM', '__proto__'].map(isKeyManagementAlgorithm)).toEqual([
      true,
      false,
      false,
    ]);
    expect(['A128GCM', 'A128KW', undefined].map(isContentEncryptionAlgorithm)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('JWE: encrypt gives a string, decrypt gives bytes', () => {
    expectTypeOf(encryptCompact).returns.toEqualTypeOf<string>();
    expectTypeOf(decryptCompact).returns.toHaveProperty('plaintext').toEqualTypeOf<Uint8Array>();
  });

  it('JWT: registered claims are typed, extra claims are unknown', () => {
    expectTypeOf(signJWT).returns.toEqualTypeOf<string>();
    expectTypeOf(verifyJWT).returns.toHaveProperty('claims').toEqualTypeOf<JWTClaims>();
    expectTypeOf(decryptJWT).returns.toHaveProperty('claims').toEqualTypeOf<JWTClaims>();
    expectTypeOf<JWTClaims['exp']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<JWTClaims['aud']>().toEqualTypeOf<string | string[] | undefined>();
    expectTypeOf<JWTClaims['custom']>().toEqualTypeOf<unknown>();
  });

  it('errors: a stable code union, and the policy error contract', () => {
    expectTypeOf<JoseError['code']>().toEqualTypeOf<JoseErrorCode>();
    expectTypeOf<'ERR_JWS_SIGNATURE_INVALID'>().toMatchTypeOf<JoseErrorCode>();
    expectTypeOf<string>().not.toMatchTypeOf<JoseErrorCode>();
    expectTypeOf<PolicyError['status']>().toEqualTypeOf<number>();
    expectTypeOf<PolicyError['detail']>().toEqualTypeOf<string>();
  });

  it('policy: compile returns an executor giving the token or undefined (when a catch handled a failure)', () => {
    expectTypeOf(compileJwtGenerate).returns.toEqualTypeOf<CompiledJwtGenerate>();
    expectTypeOf<CompiledJwtGenerate['execute']>().parameters.toEqualTypeOf<[RuntimeContext]>();
    expectTypeOf<CompiledJwtGenerate['execute']>().returns.toEqualTypeOf<string | undefined>();
  });
});
