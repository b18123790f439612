import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { createContext } from '../../src/policy/context.js';
import { PolicyError } from '../../src/policy/errors.js';
import { jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import type { JwtGeneratePolicy } from '../../src/policy/jwt-generate/properties.js';
import { compileJwtValidate } from '../../src/policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../../src/policy/jwt-validate/properties.js';
import {
  cryptoObjects,
  encryptionObjects,
  jwkOf,
  POLICY_JWE_ALGS,
  POLICY_JWE_ENCS,
  POLICY_JWS_ALGS,
  signingObjects,
} from './validate-support.js';

const FIXED = new Date('2026-01-02T03:04:05.678Z');
const quiet = { error: () => {} };
const generateEnv = { cryptoObjects, currentDate: () => FIXED, logger: quiet };
const requestVars = { 'iss.claim': 'https://gw.example', 'sub.claim': 'alice', 'aud.claim': 'api' };

type Source = 'crypto' | 'jwk';
interface Layer {
  alg: string;
  source: Source;
}
interface Config {
  jws?: Layer;
  jwe?: Layer & { enc: string };
  /** Sends the token through a variable instead of the Authorization header. */
  viaVariable?: boolean;
}

/** A jwt-generate policy and the jwt-validate policy that should accept what it makes. */
function policies(c: Config): {
  generate: JwtGeneratePolicy;
  validate: JwtValidatePolicy;
  generateVars: Record<string, unknown>;
  validateVars: Record<string, unknown>;
} {
  const generate: JwtGeneratePolicy = {
    'sub-claim': 'sub.claim',
    'aud-claim': 'aud.claim',
    'jti-claim': true,
  };
  const validate: JwtValidatePolicy = {};
  const generateVars: Record<string, unknown> = { ...requestVars };
  const validateVars: Record<string, unknown> = {};
  if (c.jws !== undefined) {
    const names = signingObjects(c.jws.alg);
    generate['jws-alg'] = c.jws.alg as NonNullable<JwtGeneratePolicy['jws-alg']>;
    if (c.jws.source === 'crypto') {
      generate['jws-crypto'] = names.generate;
      validate['jws-crypto'] = names.validate;
    } else {
      generate['jws-jwk'] = 'gen.jws';
      generateVars['gen.jws'] = jwkOf(names.generate, 'private');
      validate['jws-jwk'] = 'val.jws';
      validateVars['val.jws'] = jwkOf(names.validate, 'public');
    }
  }
  if (c.jwe !== undefined) {
    const names = encryptionObjects(c.jwe.alg, c.jwe.enc);
    generate['jwe-alg'] = c.jwe.alg as NonNullable<JwtGeneratePolicy['jwe-alg']>;
    generate['jwe-enc'] = c.jwe.enc as NonNullable<JwtGeneratePolicy['jwe-enc']>;
    if (c.jwe.source === 'crypto') {
      generate['jwe-crypto'] = names.generate;
      validate['jwe-crypto'] = names.validate;
    } else {
      generate['jwe-jwk'] = 'gen.jwe';
      generateVars['gen.jwe'] = jwkOf(names.generate, 'public');
      validate['jwe-jwk'] = 'val.jwe';
      validateVars['val.jwe'] = JSON.stringify(jwkOf(names.validate, 'private'));
    }
  }
  if (c.viaVariable === true) {
    generate.jwt = 'generated.jwt';
    validate.jwt = 'incoming.jwt';
  }
  return { generate, validate, generateVars, validateVars };
}

/** Runs generate, carries the token to a new request (optionally altered) and validates it. */
function roundTrip(
  c: Config,
  overrides: { validate?: JwtValidatePolicy; now?: Date; alter?: (token: string) => string } = {},
) {
  const p = policies(c);
  const genCtx = createContext(p.generateVars);
  const token = jwtGenerate(p.generate, genCtx, generateEnv) as string;
  const sent = (overrides.alter ?? ((t: string) => t))(token);
  const carried =
    c.viaVariable === true
      ? { 'incoming.jwt': sent }
      : { 'message.headers.Authorization': `Bearer ${sent}` };
  const ctx = createContext({ ...p.validateVars, ...carried });
  const now = overrides.now ?? FIXED;
  const validator = compileJwtValidate(
    { ...p.validate, ...overrides.validate },
    { cryptoObjects, currentDate: () => now, logger: quiet },
  );
  return { token, ctx, run: () => validator.execute(ctx) };
}

function refusedWith(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyError) {
      expect([e.status, e.reason]).toEqual([401, 'Invalid-JWT-Validate']);
      return e.detail;
    }
    throw e;
  }
  throw new Error('expected jwt-validate to refuse the token');
}

// Changes one character well inside a segment, keeping the base64url alphabet.
function flip(token: string, segment: number): string {
  const parts = token.split('.');
  const s = parts[segment] as string;
  const i = Math.floor(s.length / 2);
  parts[segment] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return parts.join('.');
}

function checkConfig(c: Config): void {
  const ok = roundTrip(c, {
    validate: { 'iss-claim': 'https://gw\\.example', 'aud-claim': 'api' },
  });
  const claims = ok.run();
  expect(claims).toMatchObject({ iss: 'https://gw.example', sub: 'alice', aud: 'api' });
  expect(ok.ctx.get('decoded.claims')).toBe(claims);
  const last = ok.token.split('.').length - 1;
  expect(refusedWith(roundTrip(c, { alter: (t) => flip(t, last) }).run)).toMatch(
    /ERR_JWS_SIGNATURE_INVALID|ERR_JWE_DECRYPTION_FAILED|ERR_JWS_INVALID|ERR_JWE_INVALID/,
  );
  expect(refusedWith(roundTrip(c, { alter: (t) => flip(t, last - 1) }).run)).toMatch(/ERR_/);
  expect(refusedWith(roundTrip(c, { now: new Date(FIXED.getTime() + 3601_000) }).run)).toMatch(
    /ERR_JWT_EXPIRED/,
  );
  expect(
    refusedWith(roundTrip(c, { validate: { 'iss-claim': 'https://other\\.example' } }).run),
  ).toBe('iss-claim: the token\'s "iss" claim does not match');
  expect(refusedWith(roundTrip(c, { validate: { 'aud-claim': 'other-api' } }).run)).toBe(
    'aud-claim: no "aud" value of the token matches',
  );
}

describe('jwt-validate accepts what jwt-generate makes, and refuses it tampered, expired, or for another issuer or audience', () => {
  for (const alg of POLICY_JWS_ALGS) {
    for (const source of ['crypto', 'jwk'] as const) {
      it(`signed only: ${alg}, key from ${source === 'crypto' ? 'crypto objects' : 'JWK variables'}`, () => {
        checkConfig({ jws: { alg, source } });
      });
    }
  }

  for (const alg of POLICY_JWE_ALGS) {
    for (const enc of POLICY_JWE_ENCS) {
      it(`encrypted only: ${alg} with ${enc}, from crypto objects and from JWK variables`, () => {
        checkConfig({ jwe: { alg, enc, source: 'crypto' } });
        checkConfig({ jwe: { alg, enc, source: 'jwk' }, viaVariable: true });
      });
    }
  }

  it('signed, then encrypted: any JWS alg in any JWE alg/enc, keys from either source (property)', () => {
    const layer = <T extends string>(algs: readonly T[]) =>
      fc.record({
        alg: fc.constantFrom(...algs),
        source: fc.constantFrom<Source>('crypto', 'jwk'),
      });
    fc.assert(
      fc.property(
        layer(POLICY_JWS_ALGS),
        layer(POLICY_JWE_ALGS),
        fc.constantFrom(...POLICY_JWE_ENCS),
        fc.boolean(),
        (jws, jwe, enc, viaVariable) => {
          checkConfig({ jws, jwe: { ...jwe, enc }, viaVariable });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a kid from custom-kid-value-jws picks the key from a JWK Set', () => {
    const p = policies({ jws: { alg: 'ES256', source: 'jwk' } });
    const ctx = createContext({ ...p.generateVars, kid: 'k2' });
    const token = jwtGenerate(
      { ...p.generate, 'custom-kid-value-jws': 'kid' },
      ctx,
      generateEnv,
    ) as string;
    const other = exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    const set = {
      keys: [
        { ...other, kid: 'k1' },
        { ...jwkOf('ES256Cert', 'public'), kid: 'k2' },
        { ...other, kid: 'k3' },
      ],
    };
    const validate = compileJwtValidate(
      { 'jws-jwk': 'set' },
      { cryptoObjects, currentDate: () => FIXED, logger: quiet },
    );
    const claims = validate.execute(
      createContext({ set, 'message.headers.authorization': `Bearer ${token}` }),
    );
    expect(claims?.iss).toBe('https://gw.example');
    const wrongKid = createContext({
      set: { keys: [{ ...jwkOf('ES256Cert', 'public'), kid: 'k1' }] },
      'message.headers.authorization': `Bearer ${token}`,
    });
    expect(refusedWith(() => validate.execute(wrongKid))).toMatch(/^jws-jwk: ERR_KEY_NOT_FOUND/);
    const wrongKey = createContext({
      set: { keys: [{ ...other, kid: 'k2' }] },
      'message.headers.authorization': `Bearer ${token}`,
    });
    expect(refusedWith(() => validate.execute(wrongKey))).toMatch(/ERR_JWS_SIGNATURE_INVALID/);
  });
});
