import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/policy/context.js';
import { PolicyError } from '../../src/policy/errors.js';
import { compileJwtGenerate, jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import { objects, policyError, recorder, secret32 } from './helpers.js';

const base = { 'jws-alg': 'HS256', 'jws-crypto': 'hmac' } as const;
const vars = { 'iss.claim': 'gw' };
const SECRET_TEXT = secret32.toString('base64url');

// Each case: policy, variables, and the start of the detailed message (the property at fault).
const RUNTIME_CASES: Array<[string, object, Record<string, unknown>, RegExp]> = [
  ['iss variable missing', base, {}, /^iss-claim: variable "iss.claim" is not set/],
  [
    'iss variable empty',
    base,
    { 'iss.claim': '' },
    /^iss-claim: variable "iss.claim" must hold a non-empty string/,
  ],
  ['iss variable not a string', base, { 'iss.claim': 42 }, /^iss-claim: /],
  [
    'sub variable unset',
    { ...base, 'sub-claim': 's' },
    vars,
    /^sub-claim: variable "s" is not set/,
  ],
  [
    'aud variable unset',
    { ...base, 'aud-claim': 'a, b' },
    { ...vars, a: 'x' },
    /^aud-claim: variable "b" is not set/,
  ],
  [
    'private claims not JSON',
    { ...base, 'private-claims': 'p' },
    { ...vars, p: '{nope' },
    /^private-claims: /,
  ],
  [
    'private claims an array',
    { ...base, 'private-claims': 'p' },
    { ...vars, p: [1] },
    /^private-claims: /,
  ],
  [
    'private claims duplicate names',
    { ...base, 'private-claims': 'p' },
    { ...vars, p: '{"a":1,"a":2}' },
    /^private-claims: .*duplicate/,
  ],
  [
    'JWK variable unset',
    { 'jws-alg': 'HS256', 'jws-jwk': 'j' },
    vars,
    /^jws-jwk: variable "j" is not set/,
  ],
  [
    'JWK variable garbage',
    { 'jws-alg': 'HS256', 'jws-jwk': 'j' },
    { ...vars, j: 'garbage' },
    /^jws-jwk: /,
  ],
  [
    'JWK with no alg and no jws-alg',
    { 'jws-jwk': 'j' },
    { ...vars, j: { kty: 'oct', k: SECRET_TEXT } },
    /^jws-alg: is required/,
  ],
  [
    'JWK alg outside the policy list',
    { 'jws-jwk': 'j' },
    { ...vars, j: { kty: 'oct', k: SECRET_TEXT, alg: 'none' } },
    /^jws-alg: .*"none"/,
  ],
  [
    'JWK too short for HS256',
    { 'jws-alg': 'HS256', 'jws-jwk': 'j' },
    { ...vars, j: { kty: 'oct', k: 'AAAA' } },
    /ERR_KEY_UNSUITABLE/,
  ],
  [
    'custom kid variable unset',
    { ...base, 'custom-kid-value-jws': 'kid' },
    vars,
    /^custom-kid-value-jws: variable "kid" is not set/,
  ],
];

const COMPILE_CASES: Array<[string, object, RegExp]> = [
  ['no key material at all', { 'iss-claim': 'iss.claim' }, /no signing or encryption key/],
  [
    'unknown property',
    { ...base, 'jws-algo': 'HS256' },
    /^jws-algo: is not a jwt-generate property/,
  ],
  [
    'jws-alg not in the seed list',
    { ...base, 'jws-alg': 'none' },
    /^jws-alg: "none" is not one of/,
  ],
  ['jws-alg EdDSA not in the seed list', { ...base, 'jws-alg': 'EdDSA' }, /^jws-alg: /],
  [
    'jwe-alg RSA-OAEP not in the seed list',
    { 'jwe-alg': 'RSA-OAEP', 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': 'rsaCert' },
    /^jwe-alg: "RSA-OAEP" is not one of/,
  ],
  [
    'jwe-enc A128GCM not in the seed list',
    { 'jwe-alg': 'A128KW', 'jwe-enc': 'A128GCM', 'jwe-crypto': 'kek' },
    /^jwe-enc: "A128GCM" is not one of/,
  ],
  ['jwe-enc missing', { 'jwe-alg': 'A128KW', 'jwe-crypto': 'kek' }, /^jwe-enc: is required/],
  [
    'jws-alg without key',
    { 'jws-alg': 'HS256', 'jwe-alg': 'A128KW', 'jwe-enc': 'A128CBC-HS256', 'jwe-crypto': 'kek' },
    /^jws-alg: is set but/,
  ],
  ['jwe-enc without key', { ...base, 'jwe-enc': 'A128CBC-HS256' }, /^jwe-enc: is set but/],
  ['exp-claim zero', { ...base, 'exp-claim': 0 }, /^exp-claim: must be a positive whole number/],
  ['exp-claim negative', { ...base, 'exp-claim': -5 }, /^exp-claim: /],
  ['exp-claim fractional', { ...base, 'exp-claim': 1.5 }, /^exp-claim: /],
  ['exp-claim text', { ...base, 'exp-claim': 'soon' }, /^exp-claim: /],
  ['jti-claim not boolean', { ...base, 'jti-claim': 'yes' }, /^jti-claim: must be true or false/],
  ['empty aud name', { ...base, 'aud-claim': 'a,,b' }, /^aud-claim: has an empty variable name/],
  ['non-string property', { ...base, jwt: 7 }, /^jwt: must be a non-empty string/],
  [
    'missing crypto object',
    { 'jws-alg': 'HS256', 'jws-crypto': 'missing' },
    /^jws-crypto: crypto object "missing" does not exist/,
  ],
];

describe('jwt-generate error contract (seed: RuntimeError, jwt-generate.error-message, 500 Invalid-JWT-Generate)', () => {
  for (const [name, policy, variables, detail] of RUNTIME_CASES) {
    it(`run time: ${name}`, () => {
      const ctx = createContext(variables);
      const logger = recorder();
      const e = policyError(() =>
        compileJwtGenerate(policy as never, { cryptoObjects: objects, logger }).execute(ctx),
      );
      expect(e.name).toBe('RuntimeError');
      expect(e.status).toBe(500);
      expect(e.reason).toBe('Invalid-JWT-Generate');
      expect(e.message).toBe('jwt-generate policy failed');
      expect(e.detail).toMatch(detail);
      expect(ctx.get('jwt-generate.error-message')).toBe(e.detail);
      expect(logger.lines).toEqual([`jwt-generate: ${e.detail}`]);
      expect(`${e.message} ${e.detail}`).not.toContain(SECRET_TEXT);
    });
  }

  for (const [name, policy, detail] of COMPILE_CASES) {
    it(`compile time: ${name}`, () => {
      const e = policyError(() => compileJwtGenerate(policy as never, { cryptoObjects: objects }));
      expect([e.name, e.status, e.reason]).toEqual(['RuntimeError', 500, 'Invalid-JWT-Generate']);
      expect(e.detail).toMatch(detail);
      // The one-shot form reports the same problem through the variable and the logger.
      const ctx = createContext(vars);
      const logger = recorder();
      const e2 = policyError(() =>
        jwtGenerate(policy as never, ctx, { cryptoObjects: objects, logger }),
      );
      expect(e2.detail).toBe(e.detail);
      expect(ctx.get('jwt-generate.error-message')).toBe(e.detail);
      expect(logger.lines).toHaveLength(1);
    });
  }

  // README "Errors": ERR_POLICY_VARIABLE is the code for a runtime variable unset or of the wrong kind.
  it('private-claims: an unset, unparsable or non-object variable is ERR_POLICY_VARIABLE', () => {
    const policy = { ...base, 'private-claims': 'p' };
    const held: Array<[string, unknown]> = [
      ['unset', undefined],
      ['not JSON', '{nope'],
      ['JSON array text', '[1]'],
      ['an array', [1]],
      ['a number', 7],
      ['duplicate names', '{"a":1,"a":2}'],
    ];
    for (const [why, value] of held) {
      const ctx = createContext(value === undefined ? vars : { ...vars, p: value });
      const e = policyError(() =>
        compileJwtGenerate(policy, { cryptoObjects: objects, logger: recorder() }).execute(ctx),
      );
      expect([why, e.code, e.detail.startsWith('private-claims: variable "p"')]).toEqual([
        why,
        'ERR_POLICY_VARIABLE',
        true,
      ]);
    }
  });

  it('a catch handler receives the error and nothing is thrown; no token is written', () => {
    const ctx = createContext({});
    const caught: PolicyError[] = [];
    const result = jwtGenerate(base, ctx, {
      cryptoObjects: objects,
      logger: recorder(),
      catch: (err, c) => void (caught.push(err), expect(c).toBe(ctx)),
    });
    expect(result).toBeUndefined();
    expect(caught).toHaveLength(1);
    expect(caught[0]!.reason).toBe('Invalid-JWT-Generate');
    expect(ctx.get('message.headers.authorization')).toBeUndefined();
  });

  it('the logger defaults to console.error', () => {
    const original = console.error;
    const lines: unknown[] = [];
    console.error = (m: unknown) => void lines.push(m);
    try {
      policyError(() => jwtGenerate(base, createContext({}), { cryptoObjects: objects }));
    } finally {
      console.error = original;
    }
    expect(lines).toEqual(['jwt-generate: iss-claim: variable "iss.claim" is not set']);
  });

  it('no secret ever reaches the message or detail, whatever the private claims hold', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const ctx = createContext({
          ...vars,
          p: text,
          j: { kty: 'oct', k: SECRET_TEXT, alg: 'HS1' },
        });
        try {
          jwtGenerate({ 'jws-jwk': 'j', 'private-claims': 'p' }, ctx, {
            cryptoObjects: objects,
            logger: recorder(),
          });
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyError);
          expect(`${(e as PolicyError).message}${(e as PolicyError).detail}`).not.toContain(
            SECRET_TEXT,
          );
          return;
        }
        throw new Error('expected a failure');
      }),
      { numRuns: 50 },
    );
  });
});
