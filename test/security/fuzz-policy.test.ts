import type { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { exportJWK } from '../../src/jwk/export.js';
import { JoseKey } from '../../src/jwk/key.js';
import { encryptJWT, signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { PolicyError } from '../../src/policy/errors.js';
import { compileJwtGenerate, jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import { compileJwtValidate, jwtValidate } from '../../src/policy/jwt-validate/index.js';
import { fuzzRunner, memberValue, mutations, outcome } from './fuzz-support.js';
import { timeoutFor } from './support.js';

// Fuzzing of the gateway policies (only a result or a PolicyError may come out), of the runtime
// helpers (a result or a JoseError), and of the command line (an exit code, never an exception).
const run = fuzzRunner('policy');
const BASE = 120;
const timeout = timeoutFor(BASE, 60);

const hmacBytes = randomBytes(32);
const hmac = new JoseKey(createSecretKey(hmacBytes));
const kekBytes = randomBytes(16);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: typeof rsa.privateKey, type: 'pkcs8' | 'spki'): string =>
  k.export({ format: 'pem', type }) as string;
const cryptoObjects = createCryptoObjects({
  hmac: { type: 'shared-secret-key', value: hmacBytes },
  kek: { type: 'shared-secret-key', value: kekBytes },
  signer: { type: 'crypto-key', value: pem(rsa.privateKey, 'pkcs8') },
  partner: { type: 'crypto-certificate', value: pem(rsa.publicKey, 'spki') },
});
const env = { cryptoObjects, logger: { error: () => {} } };
const NOW = Math.floor(Date.now() / 1000);
const claims = { iss: 'https://idp.example', aud: 'api', sub: 'alice', exp: NOW + 3600 };
const kek = cryptoObjects.get('kek')?.key as JoseKey;
const TOKENS = [
  signJWT(claims, { alg: 'HS256', typ: 'JWT' }, hmac),
  signJWT(claims, { alg: 'RS256' }, rsa.privateKey),
  encryptJWT(claims, { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek),
  encryptJWT(signJWT(claims, { alg: 'HS256' }, hmac), { alg: 'A128KW', enc: 'A128GCM' }, kek),
  encryptJWT(claims, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }, rsa.publicKey),
];

/** Whether `f` returned, or threw a PolicyError; anything else fails the property. */
function policyOutcome<T>(f: () => T, check: (result: T) => void = () => {}): void {
  let result: T;
  try {
    result = f();
  } catch (e) {
    if (e instanceof PolicyError) return;
    throw e;
  }
  check(result);
}

const VALIDATE_PROPS = [
  'jwt',
  'output-claims',
  'iss-claim',
  'aud-claim',
  'jws-crypto',
  'jws-jwk',
  'jwe-crypto',
  'jwe-jwk',
  'title',
  'x-unknown',
];
const GENERATE_PROPS = [
  'jwt',
  'jti-claim',
  'iss-claim',
  'sub-claim',
  'aud-claim',
  'exp-claim',
  'private-claims',
  'jws-jwk',
  'jws-alg',
  'jws-crypto',
  'jwe-enc',
  'jwe-jwk',
  'jwe-alg',
  'jwe-crypto',
  'custom-kid-value-jws',
  'custom-kid-value-jwe',
  'version',
];
const propValue = fc.oneof(
  fc.constantFrom<unknown>(
    'hmac',
    'kek',
    'signer',
    'partner',
    'missing',
    'jwk.var',
    'iss.var',
    'HS256',
    'RS256',
    'A128KW',
    'dir',
    'A128CBC-HS256',
    '3600',
    3600,
    true,
    '',
    '(',
    'https://idp\\.example',
    '.*',
    'a{1000}',
    '(a+)+$',
  ),
  memberValue,
);
const policyOf = (names: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...names), propValue, { maxKeys: 5 });
const variables = fc.record(
  {
    'jwk.var': fc.oneof(
      fc.constantFrom<unknown>(
        exportJWK(hmac, { private: true }),
        JSON.stringify(exportJWK(rsa.publicKey)),
        { keys: [exportJWK(rsa.publicKey)] },
        exportJWK(rsa.privateKey, { private: true }),
      ),
      memberValue,
    ),
    'iss.var': fc.oneof(fc.constant('https://idp.example'), memberValue),
    'message.headers.authorization': fc.oneof(
      fc.constantFrom(...TOKENS).map((t) => `Bearer ${t}`),
      fc.string({ maxLength: 40 }),
      memberValue,
    ),
  },
  { requiredKeys: [] },
);

// Key, policy and crypto files the command line may be pointed at.
const dir = mkdtempSync(join(tmpdir(), 'jose-core-fuzz-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const files = [
  file('hmac.key', hmacBytes),
  file('rsa.pem', pem(rsa.privateKey, 'pkcs8')),
  file('rsa.pub.pem', pem(rsa.publicKey, 'spki')),
  file('rsa.jwk', JSON.stringify(exportJWK(rsa.privateKey, { private: true }))),
  file('policy.json', JSON.stringify({ 'jws-crypto': 'hmac' })),
  file(
    'gen.json',
    JSON.stringify({ 'iss-claim': 'iss.var', 'jws-alg': 'HS256', 'jws-crypto': 'hmac' }),
  ),
  file('crypto.json', JSON.stringify({ hmac: { type: 'shared-secret-key', file: 'hmac.key' } })),
  file('vars.json', JSON.stringify({ 'iss.var': 'gw' })),
  file('garbage.json', '{"a":'),
  dir,
];

describe('fuzz: policies, runtime helpers and the command line on hostile input', () => {
  it('jwt-validate with arbitrary properties and request variables gives claims or a PolicyError', {
    timeout,
  }, () => {
    run(
      fc.property(policyOf(VALIDATE_PROPS), variables, fc.boolean(), (policy, vars, wrapped) => {
        const p = wrapped ? { 'jwt-validate': policy } : policy;
        policyOutcome(() => jwtValidate(p as never, createContext(vars), env));
        policyOutcome(() => compileJwtValidate(p as never, env).execute(createContext(vars)));
      }),
      BASE,
    );
  });

  it('jwt-validate on mutated tokens: only an unchanged token gives claims, and those are the signed ones', {
    timeout,
  }, () => {
    const policies = [
      { 'jws-crypto': 'hmac' },
      { 'jws-crypto': 'partner' },
      { 'jwe-crypto': 'kek' },
      { 'jwe-crypto': 'kek', 'jws-crypto': 'hmac' },
      { 'jwe-crypto': 'signer' },
    ].map((p) => compileJwtValidate(p, env));
    run(
      fc.property(
        fc.nat(TOKENS.length - 1),
        mutations,
        fc.nat(policies.length - 1),
        (i, mutate, j) => {
          const token = mutate(TOKENS[i] as string);
          policyOutcome(
            () =>
              policies[j]?.execute(
                createContext({ 'message.headers.authorization': `Bearer ${token}` }),
              ),
            (result) => {
              expect(token).toBe(TOKENS[i]);
              expect(result).toEqual(claims);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('jwt-generate with arbitrary properties and variables gives a token that verifies, or a PolicyError', {
    timeout,
  }, () => {
    run(
      fc.property(policyOf(GENERATE_PROPS), variables, (policy, vars) => {
        const ctx = createContext(vars);
        policyOutcome(
          () => jwtGenerate(policy as never, ctx, env),
          (token) => {
            expect(typeof token).toBe('string');
            // A plain HMAC-signed token from the hmac crypto object verifies with that key.
            if (
              policy['jws-crypto'] === 'hmac' &&
              policy['jwe-crypto'] === undefined &&
              policy['jwe-jwk'] === undefined
            ) {
              const r = outcome(
                () => verifyJWT(token as string, hmac),
                (v) => expect(v.claims.iss).toBe(vars['iss.var']),
              );
              if (r !== undefined)
                expect(r.code).toMatch(/^ERR_(JWT_EXPIRED|JWT_CLAIM_INVALID|KEY_UNSUITABLE)$/);
            }
          },
        );
        policyOutcome(() => compileJwtGenerate(policy as never, env).execute(createContext(vars)));
      }),
      BASE,
    );
  });

  it('createContext and createCryptoObjects with arbitrary values give a result or a JoseError', {
    timeout,
  }, () => {
    const definition = fc.oneof(
      fc.record(
        {
          type: fc.constantFrom<unknown>(
            'shared-secret-key',
            'crypto-key',
            'crypto-certificate',
            'x',
          ),
          value: fc.oneof(
            fc.constantFrom<unknown>(pem(rsa.privateKey, 'pkcs8'), pem(rsa.publicKey, 'spki')),
            fc.uint8Array({ maxLength: 40 }),
            memberValue,
          ),
          jwk: memberValue,
          file: fc.constantFrom<unknown>('/nonexistent/key.pem', ''),
        },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 2 }),
    );
    run(
      fc.property(
        fc.oneof(
          fc.dictionary(fc.string({ maxLength: 6 }), definition, { maxKeys: 3 }),
          fc.anything({ maxDepth: 2 }),
        ),
        (defs) => {
          outcome(
            () => createCryptoObjects(defs as never),
            (objects) => expect(Array.isArray(objects.names())).toBe(true),
          );
          outcome(
            () => createContext(defs as never),
            (ctx) => expect(typeof ctx.get).toBe('function'),
          );
        },
      ),
      BASE,
    );
  });

  it('the command line answers arbitrary arguments with an exit code, never an exception', {
    timeout,
  }, () => {
    // "conformance" is left out: it runs every vector, or spawns the command it is given.
    const command = fc.oneof(
      fc.constantFrom(
        'sign',
        'verify',
        'encrypt',
        'decrypt',
        'generate',
        'validate',
        'thumbprint',
        'inspect',
        'help',
        '--help',
        'nope',
      ),
      fc.string({ maxLength: 6 }),
    );
    const option = fc.constantFrom(
      '--key',
      '--alg',
      '--enc',
      '--header',
      '--payload',
      '--payload-file',
      '--policy',
      '--vars',
      '--crypto',
      '--token',
      '--kid',
      '--help',
      '-h',
      '--unknown',
    );
    const value = fc.oneof(
      fc.constantFrom(...files),
      fc.constantFrom(...TOKENS),
      fc.constantFrom(
        'HS256',
        'RS256',
        'A128KW',
        'dir',
        'A128GCM',
        '{"kid":"x"}',
        '{"alg":"none"}',
        'sha256',
      ),
      fc.string({ maxLength: 20 }),
    );
    const argv = fc
      .tuple(command, fc.array(fc.oneof(option, value), { maxLength: 8 }))
      .map(([c, rest]) => [c, ...rest])
      .filter((a) => a[0] !== 'conformance');
    run(
      fc.property(argv, fc.nat(TOKENS.length - 1), mutations, (args, i, mutate) => {
        const io = { out: () => {}, err: () => {} };
        for (const a of [
          args,
          ['inspect', mutate(TOKENS[i] as string)],
          ['verify', '--key', files[0] as string, '--alg', 'HS256', mutate(TOKENS[0] as string)],
        ]) {
          const code = cli(a, io);
          expect([0, 1, 2]).toContain(code);
        }
      }),
      BASE,
    );
  });

  it('policy errors never escape as anything but PolicyError, even with a hostile environment', {
    timeout,
  }, () => {
    run(
      fc.property(
        policyOf(VALIDATE_PROPS),
        fc.anything({ maxDepth: 2 }),
        fc.anything({ maxDepth: 1 }),
        (policy, hostileEnv, hostileCtx) => {
          policyOutcome(() =>
            jwtValidate(policy as never, hostileCtx as never, hostileEnv as never),
          );
          policyOutcome(() =>
            jwtGenerate(
              policy as never,
              hostileCtx as never,
              { ...env, currentDate: hostileEnv } as never,
            ),
          );
        },
      ),
      BASE,
    );
  });
});
