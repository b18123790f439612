import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContentEncryptionAlgorithm,
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
  type FlattenedJWE,
  type JWEKeyLike,
  type KeyManagementAlgorithm,
} from '../../src/jwe/index.js';
import { JoseKey } from '../../src/jwk/key.js';
import { JoseError } from '../../src/util/errors.js';
import { errorOf } from './support.js';

// The key management algorithms added after the first milestone; properties.test.ts covers the others.
const ALGS: KeyManagementAlgorithm[] = [
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'A128GCMKW',
  'A192GCMKW',
  'A256GCMKW',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'PBES2-HS256+A128KW',
  'PBES2-HS384+A192KW',
  'PBES2-HS512+A256KW',
];
const ENCS: ContentEncryptionAlgorithm[] = [
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
  'A128GCM',
  'A192GCM',
  'A256GCM',
];
const PAIRS = ALGS.flatMap((alg) => ENCS.map((enc) => [alg, enc] as const));

const rsa = new JoseKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const curves = [
  new JoseKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
  new JoseKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey),
  new JoseKey(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey),
  new JoseKey(generateKeyPairSync('x25519').privateKey),
  new JoseKey(generateKeyPairSync('x448').privateKey),
];
const keks: Record<string, JoseKey> = {
  A128GCMKW: new JoseKey(createSecretKey(randomBytes(16))),
  A192GCMKW: new JoseKey(createSecretKey(randomBytes(24))),
  A256GCMKW: new JoseKey(createSecretKey(randomBytes(32))),
};
// The recipient's key on each side, with the curve (ECDH) or password (PBES2) chosen by the run.
const keysFor = (
  alg: string,
  pick: number,
  password: string,
): { encrypt: JWEKeyLike; decrypt: JWEKeyLike } => {
  if (alg.startsWith('RSA')) return { encrypt: rsa.toPublic(), decrypt: rsa };
  if (alg.startsWith('ECDH')) {
    const k = curves[pick % curves.length]!;
    return { encrypt: k.toPublic(), decrypt: k };
  }
  if (alg.startsWith('PBES2')) return { encrypt: password, decrypt: Buffer.from(password, 'utf8') };
  return { encrypt: keks[alg]!, decrypt: keks[alg]! };
};
// PBES2 at the lowest count this library encrypts with keeps the runs quick.
const extra = (alg: string) => (alg.startsWith('PBES2') ? { p2c: 1000 } : {});
// The properties draw algorithm names as strings; the library checks them at run time.
const allow = (alg: string, enc: string) => ({
  keyManagementAlgorithms: [alg] as never,
  contentEncryptionAlgorithms: [enc] as never,
  maxPbes2Count: 1000,
});
const plaintexts = fc.oneof(fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }));
const bytesOf = (p: string | Uint8Array): Buffer =>
  Buffer.from(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
const passwords = fc.string({ minLength: 1, maxLength: 20 });

describe('round trips of the added algorithms', () => {
  for (const [alg, enc] of PAIRS) {
    it(`${alg} with ${enc}: compact and flattened JSON, with and without zip, decrypt to the plaintext`, () => {
      fc.assert(
        fc.property(
          plaintexts,
          fc.nat(),
          passwords,
          fc.boolean(),
          (plaintext, pick, password, zip) => {
            const { encrypt, decrypt } = keysFor(alg, pick, password);
            const header = zip
              ? { alg, enc, zip: 'DEF', ...extra(alg) }
              : { alg, enc, ...extra(alg) };
            const compact = encryptCompact(plaintext, header, encrypt);
            const opened = decryptCompact(compact, decrypt, allow(alg, enc));
            expect(Buffer.from(opened.plaintext).equals(bytesOf(plaintext))).toBe(true);
            expect(opened.protectedHeader).toMatchObject(header);
            const shared = zip
              ? { protectedHeader: { enc, zip: 'DEF' } }
              : { protectedHeader: { enc } };
            const json = encryptJSON(plaintext, shared, [
              { header: { alg, ...extra(alg) }, key: encrypt },
            ]);
            const r = decryptJSON(JSON.stringify(json), decrypt, allow(alg, enc));
            expect(Buffer.from(r.plaintext).equals(bytesOf(plaintext))).toBe(true);
          },
        ),
        { numRuns: 3 },
      );
    });
  }

  it('general JSON: recipients of the added algorithms (ECDH-ES direct aside) all decrypt the same content', () => {
    const wrapping = ALGS.filter((a) => a !== 'ECDH-ES');
    fc.assert(
      fc.property(
        plaintexts,
        fc.constantFrom(...ENCS),
        fc.subarray(wrapping, { minLength: 2, maxLength: 5 }),
        fc.nat(),
        passwords,
        (plaintext, enc, algs, pick, password) => {
          const keys = algs.map((alg, i) => keysFor(alg, pick + i, password));
          const recipients = algs.map((alg, i) => ({
            header: { alg, kid: `${i}`, ...extra(alg) },
            key: keys[i]!.encrypt,
          }));
          const jwe = encryptJSON(plaintext, { protectedHeader: { enc } }, recipients);
          for (const [i, alg] of algs.entries()) {
            const r = decryptJSON(jwe, () => keys[i]!.decrypt, allow(alg, enc));
            expect(Buffer.from(r.plaintext).equals(bytesOf(plaintext))).toBe(true);
            expect(r.header).toMatchObject({ alg, kid: `${i}` });
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STRUCTURAL = ['ERR_JWE_DECRYPTION_FAILED', 'ERR_JWE_INVALID'];
// A changed header may also name an unknown algorithm or curve, one outside the allow-list, or
// one the key does not fit.
const HEADER_CHANGED = [
  ...STRUCTURAL,
  'ERR_NOT_SUPPORTED',
  'ERR_ALG_NOT_ALLOWED',
  'ERR_KEY_UNSUITABLE',
];

describe('tamper detection for the added algorithms', () => {
  it('any change to any of the five compact parts is refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS),
        fc.nat(),
        fc.nat({ max: 4 }),
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'insert'),
        fc.constantFrom(...B64, '.', '='),
        ([alg, enc], pick, part, at, op, ch) => {
          const { encrypt, decrypt } = keysFor(alg, pick, 'password');
          const parts = encryptCompact('secret', { alg, enc, ...extra(alg) }, encrypt).split('.');
          const s = parts[part]!;
          const i = s.length === 0 ? 0 : at % s.length;
          if (op === 'replace' && s.length > 0)
            parts[part] =
              s.slice(0, i) + (s[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + s.slice(i + 1);
          else if (op === 'delete' && s.length > 0) parts[part] = s.slice(0, i) + s.slice(i + 1);
          else parts[part] = s.slice(0, i) + ch + s.slice(i);
          const e = errorOf(() => decryptCompact(parts.join('.'), decrypt, allow(alg, enc)));
          expect(
            (part === 0 ? HEADER_CHANGED : STRUCTURAL).includes(e.code),
            `${alg} ${enc} part ${part}: ${e.code}`,
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any change to a member of the per-recipient header (epk, iv, tag, p2s, p2c, apu) is refused', () => {
    const algs = ALGS.filter((a) => !a.startsWith('RSA'));
    fc.assert(
      fc.property(
        fc.constantFrom(...algs),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...B64),
        (alg, pick, at, ch) => {
          const { encrypt, decrypt } = keysFor(alg, pick, 'password');
          // apu is input to ECDH-ES only; for the other algorithms it is an inert member.
          const apu = alg.startsWith('ECDH') ? { apu: 'QWxpY2U' } : {};
          const jwe = encryptJSON('secret', { protectedHeader: { enc: 'A128GCM' } }, [
            { header: { alg, ...apu, ...extra(alg) }, key: encrypt },
          ]) as FlattenedJWE;
          const header = jwe.header as Record<string, unknown>;
          const names = Object.keys(header).filter((n) => n !== 'alg');
          const name = names[at % names.length]!;
          const value = header[name];
          let changed: unknown;
          if (typeof value === 'number') changed = value + 1 + (at % 5);
          else if (typeof value === 'string')
            changed = value.slice(0, -1) + (value.endsWith(ch) ? (ch === 'A' ? 'B' : 'A') : ch);
          else {
            const epk = value as Record<string, string>;
            changed = {
              ...epk,
              x: epk.x!.slice(0, -2) + (epk.x!.endsWith(`${ch}A`) ? 'BA' : `${ch}A`),
            };
          }
          const e = errorOf(() =>
            decryptJSON(
              { ...jwe, header: { ...header, [name]: changed } },
              decrypt,
              allow(alg, 'A128GCM'),
            ),
          );
          expect(STRUCTURAL.includes(e.code), `${alg} ${name}: ${e.code}`).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function onlyJoseErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JoseError);
  }
}

describe('random input around the added algorithms', () => {
  const epks = curves.map((k) => k.toPublic().keyObject.export({ format: 'jwk' }));
  const b64 = fc.oneof(
    fc.string({ unit: fc.constantFrom(...B64), maxLength: 30 }),
    fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64url')),
  );
  const value = fc.oneof(
    fc.constantFrom<unknown>(...ALGS, ...ENCS, 'DEF', 1000, 1001, 0, -1, 2 ** 40, ...epks),
    b64,
    fc.jsonValue({ maxDepth: 2 }),
    fc.record(
      {
        kty: fc.constantFrom('EC', 'OKP', 'oct'),
        crv: fc.constantFrom('P-256', 'P-384', 'X25519', 'X448', 'Ed25519'),
        x: b64,
        y: b64,
      },
      { requiredKeys: [] },
    ),
  );
  const header = fc.dictionary(
    fc.constantFrom('alg', 'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c', 'kid'),
    value,
  );
  const anyKey = fc.constantFrom<JWEKeyLike>(
    rsa,
    curves[0]!,
    curves[3]!,
    keks.A128GCMKW!,
    'password',
    Buffer.alloc(16),
  );
  // The PBES2 bound stays low: a random p2c must not make a run slow.
  const options = fc.constantFrom(
    undefined,
    { keyManagementAlgorithms: ALGS, maxPbes2Count: 2000 },
    { maxDecompressedSize: 10 },
  );

  it('decryptCompact and decryptJSON throw nothing but JoseErrors on random headers and parts', () => {
    fc.assert(
      fc.property(header, b64, b64, b64, b64, anyKey, options, (h, ek, iv, c, t, key, opts) => {
        const token = [Buffer.from(JSON.stringify(h)).toString('base64url'), ek, iv, c, t].join(
          '.',
        );
        onlyJoseErrors(() => decryptCompact(token, key, opts));
        onlyJoseErrors(() =>
          decryptJSON(
            {
              protected: token.split('.')[0],
              header: h,
              encrypted_key: ek,
              iv,
              ciphertext: c,
              tag: t,
            } as never,
            () => key,
            opts,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('encryptCompact and encryptJSON throw nothing but JoseErrors on random headers, keys and options', () => {
    const encOptions = fc.record(
      {
        ephemeralKey: fc.constantFrom<unknown>(curves[0]!, curves[3]!, epks[0], 'x', 5),
        keyWrapIv: fc.uint8Array({ maxLength: 16 }),
        p2s: fc.uint8Array({ maxLength: 12 }),
        cek: fc.uint8Array({ maxLength: 40 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(header, anyKey, fc.option(encOptions, { nil: undefined }), (h, key, opts) => {
        onlyJoseErrors(() => encryptCompact('p', h as never, key, opts as never));
        onlyJoseErrors(() =>
          encryptJSON(
            'p',
            { protectedHeader: { enc: 'A128GCM' }, unprotectedHeader: h as never },
            [{ key }],
            opts as never,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });
});
