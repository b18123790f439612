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
  type KeyManagementAlgorithm,
} from '../../src/jwe/index.js';
import { JoseKey } from '../../src/jwk/key.js';
import { JoseError } from '../../src/util/errors.js';
import { errorOf } from './support.js';

const ALGS: KeyManagementAlgorithm[] = [
  'RSA1_5',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'dir',
  'A128KW',
  'A192KW',
  'A256KW',
];
const ENCS: ContentEncryptionAlgorithm[] = [
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
  'A128GCM',
  'A192GCM',
  'A256GCM',
];
const CEK_BYTES: Record<ContentEncryptionAlgorithm, number> = {
  'A128CBC-HS256': 32,
  'A192CBC-HS384': 48,
  'A256CBC-HS512': 64,
  A128GCM: 16,
  A192GCM: 24,
  A256GCM: 32,
};
const KEK_BYTES: Record<string, number> = { A128KW: 16, A192KW: 24, A256KW: 32 };

const rsa = new JoseKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const secret = (bytes: number): JoseKey => new JoseKey(createSecretKey(randomBytes(bytes)));
const keys = new Map<string, JoseKey>();
for (const enc of ENCS) keys.set(`dir ${enc}`, secret(CEK_BYTES[enc]));
for (const alg of Object.keys(KEK_BYTES)) keys.set(alg, secret(KEK_BYTES[alg]!));
const keyFor = (alg: string, enc: string): JoseKey =>
  alg.startsWith('RSA') ? rsa : keys.get(alg === 'dir' ? `dir ${enc}` : alg)!;

const PAIRS = ALGS.flatMap((alg) => ENCS.map((enc) => [alg, enc] as const));
// The properties draw algorithm names as strings; the library checks them at run time.
const allow = (alg: string, enc: string) => ({
  keyManagementAlgorithms: [alg] as never,
  contentEncryptionAlgorithms: [enc] as never,
});
const plaintexts = fc.oneof(fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }));
const bytesOf = (p: string | Uint8Array): Buffer =>
  Buffer.from(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);

describe('round trips', () => {
  for (const [alg, enc] of PAIRS) {
    it(`${alg} with ${enc}: compact and flattened JSON decrypt to the plaintext`, () => {
      const key = keyFor(alg, enc);
      fc.assert(
        fc.property(
          plaintexts,
          fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
          (plaintext, aad) => {
            const compact = encryptCompact(plaintext, { alg, enc, kid: 'k' }, key);
            const opened = decryptCompact(compact, key, allow(alg, enc));
            expect(Buffer.from(opened.plaintext).equals(bytesOf(plaintext))).toBe(true);
            expect(opened.protectedHeader).toEqual({ alg, enc, kid: 'k' });
            const shared =
              aad === undefined ? { protectedHeader: { enc } } : { protectedHeader: { enc }, aad };
            const json = encryptJSON(plaintext, shared, [{ header: { alg }, key }]);
            const r = decryptJSON(JSON.stringify(json), key, allow(alg, enc));
            expect(Buffer.from(r.plaintext).equals(bytesOf(plaintext))).toBe(true);
            expect(
              r.additionalAuthenticatedData === undefined
                ? undefined
                : Buffer.from(r.additionalAuthenticatedData).toString(),
            ).toBe(aad);
          },
        ),
        { numRuns: 4 },
      );
    });
  }

  it('general JSON: every recipient decrypts the same content', () => {
    const nonDir = ALGS.filter((a) => a !== 'dir');
    fc.assert(
      fc.property(
        plaintexts,
        fc.constantFrom(...ENCS),
        fc.subarray(nonDir, { minLength: 2 }),
        (plaintext, enc, algs) => {
          const recipients = algs.map((alg) => ({
            header: { alg, kid: alg },
            key: keyFor(alg, enc),
          }));
          const jwe = encryptJSON(
            plaintext,
            { protectedHeader: { enc }, unprotectedHeader: { cty: 'x' } },
            recipients,
          );
          for (const { header, key } of recipients) {
            const r = decryptJSON(jwe, () => key, allow(header.alg, enc));
            expect(Buffer.from(r.plaintext).equals(bytesOf(plaintext))).toBe(true);
            expect(r.header).toEqual(header);
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STRUCTURAL = new Set(['ERR_JWE_DECRYPTION_FAILED', 'ERR_JWE_INVALID']);

// The header's alg and enc after a change, read leniently; a changed alg or enc may also be
// refused as unknown, not allowed or not fitting the key.
function algorithmsChanged(encodedHeader: string, alg: string, enc: string): boolean {
  try {
    const h = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return h.alg !== alg || h.enc !== enc;
  } catch {
    return false;
  }
}

describe('tamper detection', () => {
  it('any change to any of the five parts is refused as a decryption failure or a malformed token', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS),
        fc.string({ maxLength: 40 }),
        fc.nat({ max: 4 }),
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'insert'),
        fc.constantFrom(...B64, '.', '=', '+', '/', ' '),
        ([alg, enc], plaintext, part, at, op, ch) => {
          const key = keyFor(alg, enc);
          const parts = encryptCompact(plaintext, { alg, enc }, key).split('.');
          const s = parts[part]!;
          const i = s.length === 0 ? 0 : at % s.length;
          if (op === 'replace' && s.length > 0)
            parts[part] =
              s.slice(0, i) + (s[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + s.slice(i + 1);
          else if (op === 'delete' && s.length > 0) parts[part] = s.slice(0, i) + s.slice(i + 1);
          else parts[part] = s.slice(0, i) + ch + s.slice(i);
          const e = errorOf(() => decryptCompact(parts.join('.'), key, allow(alg, enc)));
          const headerChanged = part === 0 && algorithmsChanged(parts[0]!, alg, enc);
          expect(
            STRUCTURAL.has(e.code) ||
              (headerChanged &&
                ['ERR_NOT_SUPPORTED', 'ERR_ALG_NOT_ALLOWED', 'ERR_KEY_UNSUITABLE'].includes(
                  e.code,
                )),
            e.code,
          ).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('any change to a flattened JSON member is refused', () => {
    const members = ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag', 'aad'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRS.filter(([a]) => a !== 'dir')),
        fc.constantFrom(...members),
        fc.nat(),
        fc.constantFrom(...B64),
        ([alg, enc], member, at, ch) => {
          const key = keyFor(alg, enc);
          const jwe = encryptJSON('secret', { protectedHeader: { enc, alg }, aad: 'context' }, [
            { key },
          ]) as unknown as Record<string, string>;
          const s = jwe[member]!;
          const i = at % s.length;
          const tampered = {
            ...jwe,
            [member]:
              s.slice(0, i) + (s[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + s.slice(i + 1),
          };
          const e = errorOf(() =>
            decryptJSON(tampered as unknown as FlattenedJWE, key, allow(alg, enc)),
          );
          const headerChanged =
            member === 'protected' && algorithmsChanged(tampered.protected!, alg, enc);
          expect(
            STRUCTURAL.has(e.code) ||
              (headerChanged &&
                ['ERR_NOT_SUPPORTED', 'ERR_ALG_NOT_ALLOWED', 'ERR_KEY_UNSUITABLE'].includes(
                  e.code,
                )),
            e.code,
          ).toBe(true);
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

describe('random input', () => {
  const kw = keys.get('A128KW')!;
  const anyKey = fc.constantFrom(kw, rsa, keys.get('dir A128GCM')!);
  const header = fc.dictionary(
    fc.constantFrom('alg', 'enc', 'kid', 'crit', 'zip', 'x', 'cty', 'jwk', '__proto__'),
    fc.oneof(fc.constantFrom(...ALGS, ...ENCS, 'none', '', 'x'), fc.jsonValue({ maxDepth: 2 })),
  );
  const b64part = fc.oneof(
    fc.string({ unit: fc.constantFrom(...B64), maxLength: 60 }),
    fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString('base64url')),
  );
  const options = fc.constantFrom(
    undefined,
    { keyManagementAlgorithms: [...ALGS] },
    { crit: ['x'] },
    { contentEncryptionAlgorithms: ['A128GCM'] },
  );

  it('decryptCompact never throws anything but a JoseError on arbitrary strings and values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), anyKey, options, (input, key, opts) =>
        onlyJoseErrors(() => decryptCompact(input as string, key, opts)),
      ),
      { numRuns: 300 },
    );
  });

  it('decryptCompact never throws anything but a JoseError on well-shaped random tokens', () => {
    fc.assert(
      fc.property(
        header,
        b64part,
        b64part,
        b64part,
        b64part,
        anyKey,
        options,
        (h, ek, iv, c, t, key, opts) => {
          const token = [Buffer.from(JSON.stringify(h)).toString('base64url'), ek, iv, c, t].join(
            '.',
          );
          onlyJoseErrors(() => decryptCompact(token, key, opts));
          onlyJoseErrors(() => decryptCompact(token, () => key, opts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decryptJSON never throws anything but a JoseError on random objects and text', () => {
    const jsonJwe = fc.record(
      {
        protected: fc.oneof(
          header.map((h) => Buffer.from(JSON.stringify(h)).toString('base64url')),
          fc.anything(),
        ),
        unprotected: fc.oneof(header, fc.anything()),
        header: header,
        encrypted_key: b64part,
        recipients: fc.oneof(
          fc.array(fc.record({ header, encrypted_key: b64part }, { requiredKeys: [] }), {
            maxLength: 20,
          }),
          fc.anything(),
        ),
        iv: b64part,
        ciphertext: b64part,
        tag: b64part,
        aad: b64part,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(jsonJwe, fc.anything(), fc.string()),
        anyKey,
        options,
        (input, key, opts) => {
          onlyJoseErrors(() => decryptJSON(input as never, key, opts));
          onlyJoseErrors(() => decryptJSON(JSON.stringify(input) ?? '', () => key, opts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encryptCompact and encryptJSON never throw anything but a JoseError on random headers and options', () => {
    fc.assert(
      fc.property(
        header,
        anyKey,
        fc.option(
          fc.record(
            { cek: fc.uint8Array({ maxLength: 70 }), iv: fc.uint8Array({ maxLength: 20 }) },
            { requiredKeys: [] },
          ),
        ),
        (h, key, opts) => {
          onlyJoseErrors(() => encryptCompact('p', h as never, key, opts ?? undefined));
          onlyJoseErrors(() =>
            encryptJSON('p', { unprotectedHeader: h as never }, [{ key }], opts ?? undefined),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
