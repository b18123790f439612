import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { JoseKey } from '../../src/jwk/key.js';
import { JWKSet } from '../../src/jwk/keyset.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { JoseError } from '../../src/util/errors.js';
import { publishedVectors } from '../support/vectors.js';
import { sorted } from './helpers.js';

const rfc7520 = publishedVectors('rfc7520-jwk.json');
const rfc7517 = publishedVectors('rfc7517-appendix.json');
const BASE: JWK[] = [
  ...rfc7520.map((v) => v.jwk as JWK),
  ...(rfc7517.find((v) => v.id === 'RFC7517-A.2')?.jwk_set?.keys ?? []),
  generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({
    format: 'jwk',
  }) as JWK,
];
const MEMBERS = [
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
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

/** Whether `f` returned normally or threw a JoseError; anything else fails the property. */
function onlyJoseErrors<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof JoseError) return undefined;
    throw e;
  }
}

// Values a JWK member could plausibly (or implausibly) hold.
const memberValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString('base64url')),
  fc.string({ unit: fc.constantFrom(...'AQgw_-=+/ .'.split('')), maxLength: 12 }),
  fc.constantFrom(...BASE.flatMap((j) => Object.values(j))),
  fc.constantFrom(
    'sig',
    'enc',
    'P-256',
    'P-521',
    'secp256k1',
    'RSA',
    'EC',
    'oct',
    'OKP',
    'HS256',
    'ES256',
    'dir',
    ['sign'],
    ['encrypt', 'decrypt'],
  ),
  fc.constantFrom('toString', 'constructor', '__proto__', 'hasOwnProperty'),
);

// A known-good JWK with members added, replaced or removed.
const mutatedJwk = fc
  .tuple(
    fc.constantFrom(...BASE),
    fc.array(fc.tuple(fc.constantFrom(...MEMBERS), fc.option(memberValue, { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([base, edits]) => {
    const out: Record<string, unknown> = { ...base };
    for (const [name, value] of edits) {
      if (value === undefined) delete out[name];
      else
        Object.defineProperty(out, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out as JWK;
  });

describe('random input gives a JoseKey or a JoseError, nothing else', () => {
  it('importJWK on arbitrary values and arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.string(), fc.json()), (input) => {
        const key = onlyJoseErrors(() => importJWK(input as JWK));
        if (key !== undefined) expect(key).toBeInstanceOf(JoseKey);
      }),
      { numRuns: 300 },
    );
  });

  it('importJWK on mutated RFC keys: whatever imports exports back to a JWK that imports to the same key', () => {
    fc.assert(
      fc.property(mutatedJwk, fc.boolean(), (jwk, asText) => {
        const key = onlyJoseErrors(() => importJWK(asText ? JSON.stringify(jwk) : jwk));
        if (key === undefined) return;
        const exported = exportJWK(key, { private: key.type !== 'public' });
        const again = importJWK(exported);
        expect(again.keyObject.equals(key.keyObject)).toBe(true);
        expect(sorted(exportJWK(again, { private: key.type !== 'public' }))).toEqual(
          sorted(exported),
        );
        expect([again.alg, again.use, again.kid, again.keyOps]).toEqual([
          key.alg,
          key.use,
          key.kid,
          key.keyOps,
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('importKey on arbitrary strings, bytes (with and without a format) and objects', () => {
    const format = fc.option(
      fc.constantFrom('pkcs8', 'spki', 'pkcs1', 'sec1', 'x509', 'pem', '__proto__'),
      { nil: undefined },
    );
    const pemish = fc
      .string()
      .map((s) => `-----BEGIN PUBLIC KEY-----\n${s}\n-----END PUBLIC KEY-----\n`);
    const derish = fc
      .uint8Array({ maxLength: 40 })
      .map((b) => Buffer.concat([Buffer.of(0x30, b.length), b]));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          pemish,
          fc.uint8Array({ maxLength: 64 }),
          derish,
          fc.anything(),
          mutatedJwk,
        ),
        format,
        (material, f) => {
          const options = f === undefined ? {} : { format: f };
          const key = onlyJoseErrors(() => importKey(material as never, options as never));
          if (key !== undefined) expect(key).toBeInstanceOf(JoseKey);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('thumbprint on arbitrary values and mutated RFC keys', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), mutatedJwk),
        fc.constantFrom('sha256', 'sha384', 'sha512', 'md5', 'toString'),
        (jwk, hash) => {
          const t = onlyJoseErrors(() => thumbprint(jwk as JWK, hash as 'sha256'));
          if (t !== undefined) expect(t).toMatch(/^[A-Za-z0-9_-]{43,86}$/);
        },
      ),
    );
  });

  it('JWKSet on arbitrary key lists and headers', () => {
    const header = fc.record(
      {
        alg: memberValue,
        kid: fc.option(memberValue, { nil: undefined }),
        enc: fc.option(memberValue, { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.array(fc.oneof(mutatedJwk, fc.anything()), { maxLength: 4 }).map((keys) => ({ keys })),
        ),
        header,
        (jwks, h) => {
          const set = onlyJoseErrors(() => new JWKSet(jwks as never));
          if (set === undefined) return;
          const key = onlyJoseErrors(() => set.select(h));
          if (key !== undefined) expect(set.keys).toContain(key);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('secret bytes round-trip', () => {
  it('any non-empty random bytes import as exactly that secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }), (bytes) => {
        const key = importKey(bytes);
        expect([key.type, key.bits]).toEqual(['secret', bytes.length * 8]);
        expect(exportJWK(key, { private: true }).k).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });
});
