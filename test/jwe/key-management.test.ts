import { Buffer } from 'node:buffer';
import {
  constants,
  createHash,
  createSecretKey,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
  type FlattenedJWE,
} from '../../src/jwe/index.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { codeOf, craftCompact, errorOf, text } from './support.js';

const rsa = new JoseKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const secret = (n: number, fill = 1): JoseKey =>
  new JoseKey(createSecretKey(Buffer.alloc(n, fill)));
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const headerOf = (jwe: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
const withHeader = (jwe: string, header: Record<string, unknown>): string =>
  [b64(Buffer.from(JSON.stringify(header))), ...jwe.split('.').slice(1)].join('.');
const PBES2 = {
  keyManagementAlgorithms: ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'],
} as const;

// RFC 8017 s7.1.2 EME-OAEP decoding with MGF1 over `hash`, written out here so that the check
// does not rest on node's OAEP (RSA-OAEP-384/512 must use the same hash for MGF1).
function oaepDecode(em: Buffer, hash: string): Buffer {
  const h = createHash(hash).digest().length;
  const mgf1 = (seed: Buffer, length: number): Buffer => {
    const blocks: Buffer[] = [];
    for (let i = 0; blocks.length * h < length; i++)
      blocks.push(
        createHash(hash)
          .update(seed)
          .update(Buffer.of(0, 0, 0, i))
          .digest(),
      );
    return Buffer.concat(blocks).subarray(0, length);
  };
  const maskedSeed = em.subarray(1, 1 + h);
  const maskedDb = em.subarray(1 + h);
  const seed = Buffer.from(maskedSeed.map((b, i) => b ^ mgf1(maskedDb, h)[i]!));
  const db = Buffer.from(maskedDb.map((b, i) => b ^ mgf1(seed, maskedDb.length)[i]!));
  expect(em[0]).toBe(0);
  expect(db.subarray(0, h).equals(createHash(hash).digest())).toBe(true);
  return db.subarray(db.indexOf(1, h) + 1);
}

describe('RSA-OAEP-384 and RSA-OAEP-512', () => {
  for (const [alg, hash] of [
    ['RSA-OAEP-384', 'sha384'],
    ['RSA-OAEP-512', 'sha512'],
  ] as const) {
    it(`${alg}: the encrypted key is OAEP with ${hash} for the hash and MGF1, holding the CEK`, () => {
      const cek = randomBytes(16);
      const jwe = encryptCompact('x', { alg, enc: 'A128GCM' }, rsa.toPublic(), { cek });
      const em = privateDecrypt(
        { key: rsa.keyObject, padding: constants.RSA_NO_PADDING },
        Buffer.from(jwe.split('.')[1]!, 'base64url'),
      );
      expect(oaepDecode(em, hash).equals(cek)).toBe(true);
      expect(text(decryptCompact(jwe, rsa).plaintext)).toBe('x');
      expect(
        codeOf(() => decryptCompact(jwe, rsa, { keyManagementAlgorithms: ['RSA-OAEP-256'] })),
      ).toBe('ERR_ALG_NOT_ALLOWED');
    });
  }

  it('a token made with one OAEP hash does not open under another', () => {
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-384', enc: 'A128GCM' }, rsa);
    expect(
      codeOf(() => decryptCompact(withHeader(jwe, { alg: 'RSA-OAEP-512', enc: 'A128GCM' }), rsa)),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
  });
});

describe('A128GCMKW, A192GCMKW, A256GCMKW', () => {
  const kek = secret(24);
  const jwe = encryptCompact('x', { alg: 'A192GCMKW', enc: 'A256GCM' }, kek);
  const header = headerOf(jwe);

  it('put a fresh 96-bit iv and a 128-bit tag in the header, and an encrypted key as long as the CEK', () => {
    expect(Object.keys(header)).toEqual(['alg', 'enc', 'iv', 'tag']);
    expect(Buffer.from(header.iv as string, 'base64url').length).toBe(12);
    expect(Buffer.from(header.tag as string, 'base64url').length).toBe(16);
    expect(Buffer.from(jwe.split('.')[1]!, 'base64url').length).toBe(32);
    expect(headerOf(encryptCompact('x', { alg: 'A192GCMKW', enc: 'A256GCM' }, kek)).iv).not.toBe(
      header.iv,
    );
  });

  it('need a KEK of exactly their size, on both sides', () => {
    expect(
      codeOf(() => encryptCompact('x', { alg: 'A128GCMKW', enc: 'A128GCM' }, secret(32))),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, secret(16)))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, secret(24, 2)))).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it('a missing or malformed iv or tag is ERR_JWE_INVALID, a changed one a decryption failure', () => {
    const { iv, tag, ...rest } = header;
    const bad: Array<Record<string, unknown>> = [
      rest,
      { ...rest, iv },
      { ...rest, tag },
      { ...header, iv: b64(Buffer.alloc(16)) },
      { ...header, tag: b64(Buffer.alloc(12)) },
      { ...header, iv: 7 },
      { ...header, tag: `${tag as string}=` },
    ];
    for (const h of bad)
      expect(
        codeOf(() => decryptCompact(withHeader(jwe, h), kek)),
        JSON.stringify(h),
      ).toBe('ERR_JWE_INVALID');
    const flat = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'A192GCMKW' }, key: kek },
    ]) as FlattenedJWE;
    expect(Object.keys(flat.header!)).toEqual(['alg', 'iv', 'tag']);
    expect(text(decryptJSON(flat, kek).plaintext)).toBe('x');
    for (const change of [{ iv: b64(Buffer.alloc(12)) }, { tag: b64(Buffer.alloc(16)) }]) {
      expect(
        codeOf(() => decryptJSON({ ...flat, header: { ...flat.header, ...change } }, kek)),
      ).toBe('ERR_JWE_DECRYPTION_FAILED');
    }
  });

  it('an encrypted key not as long as the CEK fails as any decryption does (issue 12 s4)', () => {
    const p = jwe.split('.');
    expect(
      codeOf(() => decryptCompact([p[0], `${p[1]}AAAAAAAAAAA`, ...p.slice(2)].join('.'), kek)),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it('options.keyWrapIv fixes the iv (12 octets only); an iv or tag stated in the header must be what the library computes', () => {
    const keyWrapIv = Buffer.alloc(12, 9);
    const fixed = encryptCompact('x', { alg: 'A192GCMKW', enc: 'A256GCM' }, kek, {
      keyWrapIv,
      cek: Buffer.alloc(32, 3),
    });
    expect(headerOf(fixed).iv).toBe(b64(keyWrapIv));
    for (const n of [11, 16])
      expect(
        codeOf(() =>
          encryptCompact('x', { alg: 'A192GCMKW', enc: 'A256GCM' }, kek, {
            keyWrapIv: Buffer.alloc(n),
          }),
        ),
      ).toBe('ERR_INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A192GCMKW', enc: 'A256GCM', iv: b64(keyWrapIv) }, kek),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    const tag = headerOf(fixed).tag as string;
    const stated = encryptCompact(
      'x',
      { alg: 'A192GCMKW', tag, iv: b64(keyWrapIv), enc: 'A256GCM' },
      kek,
      { keyWrapIv, cek: Buffer.alloc(32, 3), iv: Buffer.alloc(12) },
    );
    expect(Object.keys(headerOf(stated))).toEqual(['alg', 'tag', 'iv', 'enc']);
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A192GCMKW', tag: b64(Buffer.alloc(16)), enc: 'A256GCM' }, kek, {
          keyWrapIv,
        }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A128KW', enc: 'A256GCM' }, secret(16), { keyWrapIv }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('PBES2', () => {
  const fast = { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 };

  it('is only accepted on decryption when named in the allow-list, in compact and JSON tokens', () => {
    const jwe = encryptCompact('x', fast, 'password');
    const e = errorOf(() => decryptCompact(jwe, 'password'));
    expect([e.code, e.message]).toEqual([
      'ERR_ALG_NOT_ALLOWED',
      'PBES2-HS256+A128KW is only accepted when named in options.keyManagementAlgorithms',
    ]);
    expect(
      codeOf(() => decryptCompact(jwe, 'password', { keyManagementAlgorithms: ['A128KW'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(text(decryptCompact(jwe, 'password', PBES2).plaintext)).toBe('x');
    const flat = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'PBES2-HS384+A192KW', p2c: 1000 }, key: 'password' },
    ]);
    expect(codeOf(() => decryptJSON(flat, 'password'))).toBe('ERR_ALG_NOT_ALLOWED');
    expect(text(decryptJSON(flat, 'password', PBES2).plaintext)).toBe('x');
  });

  it('takes the password as a string, bytes or a secret key; only PBES2 takes a string or bytes', () => {
    const jwe = encryptCompact(
      'x',
      { ...fast, alg: 'PBES2-HS512+A256KW' },
      Buffer.from('pässword'),
    );
    expect(text(decryptCompact(jwe, 'pässword', PBES2).plaintext)).toBe('x');
    expect(
      text(
        decryptCompact(jwe, new JoseKey(createSecretKey(Buffer.from('pässword'))), PBES2).plaintext,
      ),
    ).toBe('x');
    expect(
      text(
        decryptCompact(jwe, importJWK({ kty: 'oct', k: b64(Buffer.from('pässword')) }), PBES2)
          .plaintext,
      ),
    ).toBe('x');
    expect(text(decryptCompact(jwe, () => 'pässword', PBES2).plaintext)).toBe('x');
    expect(codeOf(() => decryptCompact(jwe, 'passwörd', PBES2))).toBe('ERR_JWE_DECRYPTION_FAILED');
    const kw = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16));
    for (const password of ['0123456789abcdef', Buffer.alloc(16, 1)]) {
      expect(codeOf(() => encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, password))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
      expect(codeOf(() => encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, password))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
      expect(codeOf(() => decryptCompact(kw, password))).toBe('ERR_INVALID_ARGUMENT');
      expect(codeOf(() => decryptCompact(kw, () => password))).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('refuses an empty password and keys that are not secrets', () => {
    expect(codeOf(() => encryptCompact('x', fast, ''))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => encryptCompact('x', fast, new Uint8Array(0)))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => encryptCompact('x', fast, rsa))).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() =>
        encryptCompact('x', fast, importJWK({ kty: 'oct', k: 'cGFzcw', alg: 'A128KW' })),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(encryptCompact('x', fast, 'pass'), rsa, PBES2))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('encrypts with a p2c from 1000 to 1,000,000 and a fresh 16-octet salt; options.p2s needs 8 octets or more', () => {
    const h = headerOf(encryptCompact('x', fast, 'pass'));
    expect(Object.keys(h)).toEqual(['alg', 'enc', 'p2c', 'p2s']);
    expect(Buffer.from(h.p2s as string, 'base64url').length).toBe(16);
    expect(headerOf(encryptCompact('x', fast, 'pass')).p2s).not.toBe(h.p2s);
    for (const p2c of [999, 1_000_001])
      expect(codeOf(() => encryptCompact('x', { ...fast, p2c }, 'pass'))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    for (const p2c of [0, -1, 1000.5, '1000', null])
      expect(codeOf(() => encryptCompact('x', { ...fast, p2c: p2c as number }, 'pass'))).toBe(
        'ERR_JWE_INVALID',
      );
    expect(headerOf(encryptCompact('x', fast, 'pass', { p2s: Buffer.alloc(8, 1) })).p2s).toBe(
      b64(Buffer.alloc(8, 1)),
    );
    expect(codeOf(() => encryptCompact('x', fast, 'pass', { p2s: Buffer.alloc(7) }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => encryptCompact('x', { ...fast, p2s: b64(Buffer.alloc(8)) }, 'pass'))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16), {
          p2s: Buffer.alloc(8),
        }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('on decryption p2s and p2c are required and checked: a salt of 8 octets or more, a count within maxPbes2Count', () => {
    const jwe = encryptCompact('x', fast, 'pass');
    const header = headerOf(jwe);
    const { p2s, p2c, ...rest } = header;
    for (const h of [
      rest,
      { ...rest, p2s },
      { ...rest, p2c },
      { ...header, p2s: b64(Buffer.alloc(7)) },
      { ...header, p2c: 0 },
      { ...header, p2c: 1e21 },
      { ...header, p2c: '1000' },
    ]) {
      expect(
        codeOf(() => decryptCompact(withHeader(jwe, h), 'pass', PBES2)),
        JSON.stringify(h),
      ).toBe('ERR_JWE_INVALID');
    }
    const e = errorOf(() => decryptCompact(jwe, 'pass', { ...PBES2, maxPbes2Count: 999 }));
    expect([e.code, e.message]).toEqual([
      'ERR_JWE_INVALID',
      '"p2c" is above the limit of 999 iterations',
    ]);
    expect(text(decryptCompact(jwe, 'pass', { ...PBES2, maxPbes2Count: 1000 }).plaintext)).toBe(
      'x',
    );
    for (const bad of [0, -1, 1.5, '5', Number.MAX_SAFE_INTEGER + 1]) {
      expect(
        codeOf(() => decryptCompact(jwe, 'pass', { ...PBES2, maxPbes2Count: bad as number })),
      ).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('the header members of RFC 7518 s4.6-4.8 are registered and typed, whatever the alg', () => {
  const cek = randomBytes(16);
  const key = new JoseKey(createSecretKey(cek));
  const bad: Record<string, unknown> = {
    epk: 'key',
    apu: 'not base64url!',
    apv: 5,
    iv: b64(Buffer.alloc(11)),
    tag: b64(Buffer.alloc(17)),
    p2s: b64(Buffer.alloc(4)),
    p2c: 2.5,
  };

  it('a member of the wrong type or length is ERR_JWE_INVALID, on both sides', () => {
    for (const [name, value] of Object.entries(bad)) {
      const header = { alg: 'dir', enc: 'A128GCM', [name]: value };
      expect(
        codeOf(() => encryptCompact('x', header, key)),
        name,
      ).toBe('ERR_JWE_INVALID');
      expect(
        codeOf(() => decryptCompact(craftCompact(JSON.stringify(header), cek), key)),
        name,
      ).toBe('ERR_JWE_INVALID');
    }
  });

  it('well-formed members are carried, and crit may not list them', () => {
    const header = {
      alg: 'dir',
      enc: 'A128GCM',
      apu: '',
      apv: 'QWxpY2U',
      iv: b64(Buffer.alloc(12)),
      tag: b64(Buffer.alloc(16)),
      p2s: b64(Buffer.alloc(8)),
      p2c: 1,
    };
    expect(decryptCompact(encryptCompact('x', header, key), key).protectedHeader).toEqual(header);
    for (const name of ['apu', 'apv', 'iv', 'tag', 'p2s', 'p2c']) {
      expect(
        codeOf(() => encryptCompact('x', { ...header, crit: [name] }, key)),
        name,
      ).toBe('ERR_JWE_INVALID');
    }
  });
});
