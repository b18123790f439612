import { Buffer } from 'node:buffer';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { JoseKey } from '../../src/jwk/key.js';
import { createLocalKeySet, JWKSet } from '../../src/jwk/keyset.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { applyEdits, fuzzRunner, memberValue, outcome } from './fuzz-support.js';
import { timeoutFor } from './support.js';

// Fuzzing of the key functions: import, export, thumbprints, generation, key sets. The only
// outcomes allowed are a correct key (one that exports and re-imports to itself) or a JoseError.
const run = fuzzRunner('keys');
const BASE = 150;
const timeout = timeoutFor(BASE, 40);

const BASES: JWK[] = [
  exportJWK(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { private: true }),
  exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, { private: true }),
  exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
  exportJWK(generateKeyPairSync('ed25519').privateKey, { private: true }),
  exportJWK(generateKeyPairSync('x25519').publicKey),
  { kty: 'oct', k: randomBytes(32).toString('base64url'), alg: 'HS256', use: 'sig', kid: 'h' },
];
const JWK_MEMBERS = [
  'kty',
  'crv',
  'x',
  'y',
  'd',
  'n',
  'e',
  'p',
  'q',
  'dp',
  'dq',
  'qi',
  'k',
  'oth',
  'alg',
  'use',
  'key_ops',
  'kid',
  'x5c',
  'x5t',
  'x5t#S256',
  '__proto__',
  'toString',
];
const jwkValue = fc.oneof(
  memberValue,
  fc.constantFrom(...BASES.flatMap((j) => Object.values(j))),
  fc.constantFrom(['sign'], ['encrypt', 'decrypt'], ['sign', 'sign'], 'sig', 'enc'),
);
const mutatedJwk = fc
  .tuple(
    fc.constantFrom(...BASES),
    fc.array(fc.tuple(fc.constantFrom(...JWK_MEMBERS), fc.option(jwkValue, { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([base, edits]) => applyEdits(base, edits) as JWK);

/** A key that imported must export and import back to the same key with the same binding. */
function roundTrips(key: JoseKey): void {
  expect(key).toBeInstanceOf(JoseKey);
  const asked = key.type !== 'public';
  const jwk = exportJWK(key, { private: asked });
  const again = importJWK(jwk);
  expect(again.keyObject.equals(key.keyObject)).toBe(true);
  expect([again.alg, again.use, again.kid, again.keyOps]).toEqual([
    key.alg,
    key.use,
    key.kid,
    key.keyOps,
  ]);
  if (!asked)
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(jwk).not.toHaveProperty(m);
}

// Generating RSA keys takes far longer than a fuzz case may; every other algorithm is fair game.
const CHEAP_ALGS = [
  'HS256',
  'HS512',
  'ES256',
  'ES384',
  'ES512',
  'ES256K',
  'EdDSA',
  'A128KW',
  'A256GCMKW',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'A128GCM',
  'A256CBC-HS512',
  'dir',
  'none',
  'PBES2-HS256+A128KW',
];

describe('fuzz: key functions on hostile input', () => {
  it('importJWK on arbitrary values, JSON text and mutated real keys', { timeout }, () => {
    run(
      fc.property(
        fc.oneof(mutatedJwk, fc.anything({ maxDepth: 2 }), fc.json({ maxDepth: 2 })),
        fc.boolean(),
        fc.option(fc.constantFrom('HS256', 'RS256', 'ES256', 'EdDSA', 'A128KW', ''), {
          nil: undefined,
        }),
        (jwk, asText, alg) => {
          const input = asText && typeof jwk === 'object' ? JSON.stringify(jwk) : jwk;
          outcome(() => importJWK(input as JWK, alg as never), roundTrips);
        },
      ),
      BASE,
    );
  });

  it('importKey on arbitrary strings, bytes, PEM-like text and objects, with arbitrary options', {
    timeout,
  }, () => {
    const pemish = fc
      .tuple(
        fc.constantFrom(
          'PUBLIC KEY',
          'PRIVATE KEY',
          'RSA PUBLIC KEY',
          'EC PRIVATE KEY',
          'CERTIFICATE',
          'ENCRYPTED PRIVATE KEY',
          'X',
        ),
        fc.uint8Array({ maxLength: 90 }),
      )
      .map(
        ([label, body]) =>
          `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`,
      );
    const derish = fc
      .uint8Array({ maxLength: 60 })
      .map((b) => Buffer.concat([Buffer.of(0x30, b.length), b]));
    const options = fc.oneof(
      fc.record(
        {
          format: fc.constantFrom('pkcs8', 'spki', 'pkcs1', 'sec1', 'x509', 'pem', '__proto__'),
          alg: fc.constantFrom('HS256', 'RS256'),
          use: fc.constantFrom('sig', 'enc', 'x'),
          kid: fc.string({ maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 1 }),
    );
    run(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 100 }),
          pemish,
          fc.uint8Array({ maxLength: 64 }),
          derish,
          mutatedJwk,
          fc.anything({ maxDepth: 2 }),
        ),
        options,
        (material, opts) => {
          outcome(() => importKey(material as never, opts as never), roundTrips);
        },
      ),
      BASE,
    );
  });

  it('exportJWK and thumbprint on arbitrary values and on imported keys', { timeout }, () => {
    run(
      fc.property(
        fc.oneof(mutatedJwk, fc.anything({ maxDepth: 2 })),
        fc.anything({ maxDepth: 1 }),
        fc.constantFrom<unknown>('sha256', 'sha384', 'sha512', 'md5', undefined, {}),
        (value, options, hash) => {
          let key: JoseKey | undefined;
          outcome(
            () => importJWK(value as JWK),
            (k) => void (key = k),
          );
          outcome(
            () => exportJWK((key ?? value) as never, options as never),
            (jwk) => expect(typeof jwk.kty).toBe('string'),
          );
          outcome(
            () => thumbprint((key ?? value) as never, hash as never),
            (t) => expect(t).toMatch(/^[A-Za-z0-9_-]{43,86}$/),
          );
        },
      ),
      BASE,
    );
  });

  it('generateKey with arbitrary algorithms and options', { timeout }, () => {
    run(
      fc.property(
        fc.oneof(
          fc.constantFrom(...CHEAP_ALGS),
          fc.string({ maxLength: 12 }),
          fc.anything({ maxDepth: 1 }),
        ),
        fc.oneof(
          fc.record(
            { kid: memberValue, crv: fc.constantFrom('Ed25519', 'Ed448', 'X25519', 'P-256', 'x') },
            { requiredKeys: [] },
          ),
          fc.anything({ maxDepth: 1 }),
        ),
        (alg, options) => {
          if (typeof alg === 'string' && /^(RS|PS|RSA)/.test(alg)) return;
          outcome(
            () => generateKey(alg as never, options as never),
            (key) => {
              expect(key.alg).toBe(alg);
              roundTrips(key);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('JWKSet and createLocalKeySet with arbitrary sets and headers: a selected key is one of the set', {
    timeout,
  }, () => {
    const header = fc.oneof(
      fc.record(
        { alg: memberValue, kid: memberValue, enc: memberValue, epk: memberValue },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 2 }),
    );
    run(
      fc.property(
        fc.oneof(
          fc
            .array(fc.oneof(mutatedJwk, fc.constantFrom(...BASES), fc.anything({ maxDepth: 1 })), {
              maxLength: 4,
            })
            .map((keys) => ({ keys })),
          fc.anything({ maxDepth: 2 }),
        ),
        header,
        (jwks, h) => {
          let set: JWKSet | undefined;
          outcome(
            () => new JWKSet(jwks as never),
            (s) => void (set = s),
          );
          if (set !== undefined)
            outcome(
              () => set?.select(h as never),
              (key) => expect(set?.keys).toContain(key),
            );
          outcome(
            () => createLocalKeySet(jwks as never)(h as never),
            (key) => expect(key).toBeInstanceOf(JoseKey),
          );
        },
      ),
      BASE,
    );
  });

  it('the JoseKey constructor with arbitrary values', { timeout }, () => {
    const objects = [
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).publicKey,
      generateKeyPairSync('ec', { namedCurve: 'secp224r1' }).publicKey,
    ];
    run(
      fc.property(
        fc.oneof(fc.constantFrom<unknown>(...objects), fc.anything({ maxDepth: 1 })),
        fc.anything({ maxDepth: 2 }),
        (keyObject, binding) => {
          outcome(() => new JoseKey(keyObject as never, binding as never));
        },
      ),
      BASE,
    );
  });
});
