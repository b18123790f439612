import { describe, expectTypeOf, it } from 'vitest';
import type { KeyObject } from 'node:crypto';
import {
  type CompiledJwtGenerate,
  type JoseErrorCode,
  type JoseKey,
  type JWSAlgorithm,
  type JWSHeaderParameters,
  type JWTClaims,
  type KeyLike,
  type RuntimeContext,
  compileJwtGenerate,
  decryptCompact,
  decryptJWT,
  encryptCompact,
  generateKey,
  importJWK,
  type JoseError,
  type PolicyError,
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
    expectTypeOf(verifyCompact).returns.toHaveProperty('protectedHeader').toEqualTypeOf<JWSHeaderParameters>();
    expectTypeOf(verifyCompact).returns.toHaveProperty('key').toEqualTypeOf<JoseKey>();
    expectTypeOf<JWSHeaderParameters['crit']>().toEqualTypeOf<string[] | undefined>();
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
