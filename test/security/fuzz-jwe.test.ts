import { Buffer } from 'node:buffer';
import { createCipheriv, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import type { KeyManagementAlgorithm } from '../../src/jwe/index.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import type { DecryptOptions, JWEKeyLike } from '../../src/jwe/types.js';
import { JoseKey } from '../../src/jwk/key.js';
import { decryptJWT, encryptJWT } from '../../src/jwt/jwt.js';
import { JoseError } from '../../src/util/errors.js';
import {
  applyEdits,
  b64urlText,
  fuzzRunner,
  headerSpelling,
  memberValue,
  mutations,
  objectEdits,
  outcome,
} from './fuzz-support.js';
import { b64, timeoutFor } from './support.js';

// Fuzzing of every JWE entry point and of the JWT functions over JWE. The only outcomes allowed
// are the correct result or a JoseError. PBES2 work is bounded in every case that could reach it.
const run = fuzzRunner('jwe');
const BASE = 120;
const timeout = timeoutFor(BASE, 80);
const PBES2_LIMIT = 20_000;

const dirBytes = randomBytes(16);
const dir = new JoseKey(createSecretKey(dirBytes));
const dir64 = new JoseKey(createSecretKey(randomBytes(64)));
const kek = new JoseKey(createSecretKey(randomBytes(16)));
const gcmKek = new JoseKey(createSecretKey(randomBytes(32)));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const password = 'fuzzing password';

interface Recipient {
  alg: string;
  enc: string;
  encryptWith: JWEKeyLike;
  decryptWith: JWEKeyLike;
}
const RECIPIENTS: Recipient[] = [
  { alg: 'dir', enc: 'A128GCM', encryptWith: dir, decryptWith: dir },
  { alg: 'dir', enc: 'A256CBC-HS512', encryptWith: dir64, decryptWith: dir64 },
  { alg: 'A128KW', enc: 'A128CBC-HS256', encryptWith: kek, decryptWith: kek },
  { alg: 'A256GCMKW', enc: 'A128GCM', encryptWith: gcmKek, decryptWith: gcmKek },
  { alg: 'RSA-OAEP-256', enc: 'A256GCM', encryptWith: rsa.publicKey, decryptWith: rsa.privateKey },
  { alg: 'RSA1_5', enc: 'A128CBC-HS256', encryptWith: rsa.publicKey, decryptWith: rsa.privateKey },
  { alg: 'ECDH-ES', enc: 'A128GCM', encryptWith: ec.publicKey, decryptWith: ec.privateKey },
  { alg: 'ECDH-ES+A128KW', enc: 'A192GCM', encryptWith: ec.publicKey, decryptWith: ec.privateKey },
  { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', encryptWith: password, decryptWith: password },
];
const ALGS = RECIPIENTS.map((r) => r.alg);
/** Options that accept a recipient's algorithm (RSA1_5 and PBES2 must be named) and bound PBES2 work. */
const rightOptions = (r: Recipient, crit: readonly string[] = []): DecryptOptions => ({
  keyManagementAlgorithms: [r.alg as KeyManagementAlgorithm],
  maxPbes2Count: PBES2_LIMIT,
  crit,
});

const PLAINTEXTS = ['{"sub":"alice","exp":4102444800}', '', 'x'.repeat(100)];
const VALID = RECIPIENTS.flatMap((r) =>
  PLAINTEXTS.map((plaintext) => ({
    ...r,
    plaintext,
    token: encryptCompact(
      plaintext,
      { alg: r.alg, enc: r.enc, ...(r.alg.startsWith('PBES2') ? { p2c: 1000 } : {}) },
      r.encryptWith,
    ),
  })),
);

const keyArg = fc.oneof(
  fc.constantFrom<unknown>(...RECIPIENTS.map((r) => r.decryptWith)),
  fc.constantFrom<unknown>(
    () => {
      throw new JoseError('ERR_KEY_NOT_FOUND', 'no key');
    },
    () => 42,
    null,
    new Uint8Array(0),
    { kty: 'oct', k: b64(dirBytes) },
  ),
  fc.anything({ maxDepth: 2 }),
);

const optionsArg = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    {},
    { keyManagementAlgorithms: ALGS, maxPbes2Count: PBES2_LIMIT },
    { contentEncryptionAlgorithms: [] },
    { crit: ['exp'] },
    { maxTokenLength: 100 },
    { maxDecompressedSize: 1 },
  ),
  fc.record({
    keyManagementAlgorithms: fc.subarray(ALGS),
    contentEncryptionAlgorithms: fc.option(
      fc.subarray(['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512']),
      { nil: undefined },
    ),
    maxPbes2Count: fc.constant(PBES2_LIMIT),
  }),
  // Arbitrary values, as long as they cannot opt into PBES2 with the default (expensive) limit.
  fc.anything({ maxDepth: 2 }).filter((o) => !JSON.stringify(o ?? null)?.includes('PBES2')),
);

const tokenLike = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(b64urlText, { minLength: 1, maxLength: 7 }).map((parts) => parts.join('.')),
  fc
    .tuple(
      fc.json({ maxDepth: 3 }),
      b64urlText,
      fc.uint8Array({ maxLength: 20 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.uint8Array({ maxLength: 20 }),
    )
    .map(([h, k, iv, c, t]) => [b64(h), k, b64(iv), b64(c), b64(t)].join('.')),
  fc.anything({ maxDepth: 1 }),
);

const neverDecrypts = (): void => {
  throw new Error('random input decrypted');
};

/** A compact `dir` A128GCM JWE over exactly this header text, sealed by node:crypto directly. */
function seal(headerText: string, plaintext: Uint8Array): string {
  const header = b64(headerText);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-128-gcm', dirBytes, iv);
  c.setAAD(Buffer.from(header, 'latin1'));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return [header, '', b64(iv), b64(ciphertext), b64(c.getAuthTag())].join('.');
}

describe('fuzz: JWE entry points on hostile input', () => {
  it('decryptCompact and decryptJWT on arbitrary strings and values', { timeout }, () => {
    run(
      fc.property(tokenLike, keyArg, optionsArg, (token, key, options) => {
        outcome(
          () => decryptCompact(token as string, key as JWEKeyLike, options as DecryptOptions),
          neverDecrypts,
        );
        outcome(
          () => decryptJWT(token as string, key as JWEKeyLike, options as DecryptOptions),
          neverDecrypts,
        );
      }),
      BASE,
    );
  });

  it('mutated valid tokens: only the unchanged token decrypts, to its own plaintext', {
    timeout,
  }, () => {
    run(
      fc.property(fc.constantFrom(...VALID), mutations, fc.boolean(), (valid, mutate, rightKey) => {
        const token = mutate(valid.token);
        const key = rightKey
          ? valid.decryptWith
          : (RECIPIENTS[(valid.token.length + token.length) % RECIPIENTS.length] as Recipient)
              .decryptWith;
        outcome(
          () => decryptCompact(token, key, rightOptions(valid)),
          (r) => {
            expect(token).toBe(valid.token);
            expect(Buffer.from(r.plaintext).toString()).toBe(valid.plaintext);
          },
        );
        outcome(
          () => decryptJWT(token, key, rightOptions(valid)),
          (r) => expect(r.claims.sub).toBe('alice'),
        );
      }),
      BASE,
    );
  });

  it('re-sealed headers with hostile members and spellings: what decrypts is exactly what was sealed', {
    timeout,
  }, () => {
    run(
      fc.property(
        objectEdits,
        headerSpelling,
        fc.uint8Array({ maxLength: 60 }),
        optionsArg,
        (edits, spell, plaintext, options) => {
          let text: string;
          try {
            text = spell(JSON.stringify(applyEdits({ alg: 'dir', enc: 'A128GCM' }, edits)));
          } catch {
            return;
          }
          outcome(
            () => decryptCompact(seal(text, plaintext), dir, options as DecryptOptions),
            (r) => {
              const header = JSON.parse(text) as Record<string, unknown>;
              expect(r.protectedHeader).toEqual(header);
              const expected =
                header.zip === 'DEF' ? inflateRawSync(plaintext) : Buffer.from(plaintext);
              expect(Buffer.from(r.plaintext).equals(expected)).toBe(true);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('decryptJSON on arbitrary JSON text and values', { timeout }, () => {
    run(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.jsonValue({ maxDepth: 4 }),
          fc.anything({ maxDepth: 3 }),
        ),
        keyArg,
        optionsArg,
        (jwe, key, options) => {
          outcome(
            () => decryptJSON(jwe as string, key as JWEKeyLike, options as DecryptOptions),
            neverDecrypts,
          );
        },
      ),
      BASE,
    );
  });

  it('decryptJSON on mutated valid JSON serializations: what decrypts is the sealed plaintext', {
    timeout,
  }, () => {
    const general = encryptJSON(
      '{"sub":"alice"}',
      { protectedHeader: { enc: 'A128GCM' }, unprotectedHeader: { typ: 'JWT' }, aad: 'context' },
      [
        { header: { alg: 'A128KW', kid: 'kw' }, key: kek },
        { header: { alg: 'RSA-OAEP-256', kid: 'rsa' }, key: rsa.publicKey },
        { header: { alg: 'ECDH-ES+A128KW', kid: 'ec' }, key: ec.publicKey },
      ],
    ) as unknown as Record<string, unknown>;
    const flat = encryptJSON(
      '{"sub":"alice"}',
      { protectedHeader: { alg: 'dir', enc: 'A128GCM' } },
      [{ key: dir }],
    ) as unknown as Record<string, unknown>;
    run(
      fc.property(
        fc.constantFrom(general, flat),
        fc.oneof(fc.constant(-1), fc.nat(3)),
        objectEdits,
        fc.boolean(),
        fc.constantFrom<JWEKeyLike>(kek, rsa.privateKey, ec.privateKey, dir),
        (jwe, at, edits, asText, key) => {
          const recipients = jwe.recipients as Array<Record<string, unknown>> | undefined;
          const mutated =
            at < 0 || recipients === undefined
              ? applyEdits(jwe, edits)
              : {
                  ...jwe,
                  recipients: recipients.map((r, i) =>
                    i === at % recipients.length ? applyEdits(r, edits) : r,
                  ),
                };
          outcome(
            () =>
              decryptJSON((asText ? JSON.stringify(mutated) : mutated) as never, key, {
                maxPbes2Count: PBES2_LIMIT,
              }),
            (r) => expect(Buffer.from(r.plaintext).toString()).toBe('{"sub":"alice"}'),
          );
        },
      ),
      BASE,
    );
  });

  it('encryptCompact, encryptJSON and encryptJWT with hostile headers: what is produced decrypts back', {
    timeout,
  }, () => {
    run(
      fc.property(
        fc.constantFrom(...RECIPIENTS),
        objectEdits,
        fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
        fc.dictionary(fc.string({ maxLength: 6 }), memberValue, { maxKeys: 3 }),
        (r, edits, plaintext, claims) => {
          const header = applyEdits({ alg: r.alg, enc: r.enc }, edits);
          // The default PBES2 count (600,000) is far too slow for a fuzz case; an edit may only lower it.
          if (
            typeof header.alg === 'string' &&
            header.alg.startsWith('PBES2') &&
            !(typeof header.p2c === 'number' && header.p2c <= PBES2_LIMIT)
          )
            header.p2c = 1000;
          const crit = Array.isArray(header.crit) ? (header.crit as string[]) : [];
          const options = {
            keyManagementAlgorithms: [String(header.alg) as KeyManagementAlgorithm],
            maxPbes2Count: PBES2_LIMIT,
            crit,
          };
          outcome(
            () => encryptCompact(plaintext, header, r.encryptWith),
            (jwe) =>
              expect(
                Buffer.from(decryptCompact(jwe, r.decryptWith, options).plaintext).equals(
                  Buffer.from(plaintext),
                ),
              ).toBe(true),
          );
          outcome(
            () => encryptJSON(plaintext, { protectedHeader: header }, [{ key: r.encryptWith }]),
            (jwe) =>
              expect(
                Buffer.from(decryptJSON(jwe, r.decryptWith, options).plaintext).equals(
                  Buffer.from(plaintext),
                ),
              ).toBe(true),
          );
          outcome(
            () => encryptJWT(claims, header, r.encryptWith),
            (jwe) => {
              const e = outcome(
                () => decryptJWT(jwe, r.decryptWith, options),
                (d) => expect(d.claims).toEqual(JSON.parse(JSON.stringify(claims))),
              );
              if (e !== undefined)
                expect(['ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_INVALID']).toContain(e.code);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('encrypting and decrypting with arbitrary arguments never throws anything but a JoseError', {
    timeout,
  }, () => {
    const cheap = fc
      .anything({ maxDepth: 2 })
      .filter((o) => !JSON.stringify(o ?? null)?.includes('PBES2'));
    run(
      fc.property(cheap, cheap, keyArg, cheap, (plaintext, header, key, options) => {
        outcome(() =>
          encryptCompact(plaintext as string, header as never, key as JWEKeyLike, options as never),
        );
        outcome(() =>
          encryptJSON(
            plaintext as string,
            header as never,
            [{ key: key as JWEKeyLike }],
            options as never,
          ),
        );
        outcome(() =>
          encryptJSON(
            plaintext as string,
            { protectedHeader: { alg: 'dir', enc: 'A128GCM' } },
            header as never,
          ),
        );
        outcome(() =>
          encryptJWT(plaintext as never, header as never, key as JWEKeyLike, options as never),
        );
      }),
      BASE,
    );
  });
});
