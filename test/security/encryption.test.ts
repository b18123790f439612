import { Buffer } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import type { KeyManagementAlgorithm } from '../../src/jwe/types.js';
import { exportJWK } from '../../src/jwk/export.js';
import { JoseKey } from '../../src/jwk/key.js';
import { b64, codeOf, errorOf, text, unb64 } from './support.js';

// Attack class "encryption": ciphertexts shaped to learn something from how decryption fails
// (padding oracles, Bleichenbacher/Marvin) or to get past integrity checks (short tags, wrong
// lengths). node:crypto is wrapped in spies, so the tests can show which primitives ran.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    createDecipheriv: vi.fn(actual.createDecipheriv),
    createHmac: vi.fn(actual.createHmac),
    privateDecrypt: vi.fn(actual.privateDecrypt),
    diffieHellman: vi.fn(actual.diffieHellman),
  };
});
const {
  constants,
  createCipheriv,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} = nodeCrypto;
const spies = {
  decipher: vi.mocked(nodeCrypto.createDecipheriv),
  hmac: vi.mocked(nodeCrypto.createHmac),
  privateDecrypt: vi.mocked(nodeCrypto.privateDecrypt),
  diffieHellman: vi.mocked(nodeCrypto.diffieHellman),
};
const FAILED = ['ERR_JWE_DECRYPTION_FAILED', 'JWE decryption failed'];

/** The code and message of the JoseError `f` throws, the primitives calls it made counted from zero. */
function observe(f: () => unknown): {
  error: string[];
  decipher: number;
  hmac: number;
  privateDecrypt: number;
} {
  for (const spy of Object.values(spies)) spy.mockClear();
  const e = errorOf(f);
  return {
    error: [e.code, e.message],
    decipher: spies.decipher.mock.calls.length,
    hmac: spies.hmac.mock.calls.length,
    privateDecrypt: spies.privateDecrypt.mock.calls.length,
  };
}

const CBC = [
  { enc: 'A128CBC-HS256', key: 32, hash: 'sha256' },
  { enc: 'A192CBC-HS384', key: 48, hash: 'sha384' },
  { enc: 'A256CBC-HS512', key: 64, hash: 'sha512' },
] as const;

/**
 * A compact `dir` AES-CBC-HMAC JWE built by node:crypto directly from raw blocks (no padding
 * added), with a correct tag unless `tag` replaces it: a sender holding the CEK can produce any
 * of these, and an attacker can produce any of them with a wrong tag.
 */
function cbcToken(
  enc: (typeof CBC)[number],
  cek: Buffer,
  blocks: Buffer,
  tag?: (t: Buffer) => Buffer,
): string {
  const half = enc.key / 2;
  const header = b64(JSON.stringify({ alg: 'dir', enc: enc.enc }));
  const iv = randomBytes(16);
  const c = createCipheriv(`aes-${half * 8}-cbc`, cek.subarray(half), iv).setAutoPadding(false);
  const ciphertext = Buffer.concat([c.update(blocks), c.final()]);
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(header.length * 8));
  const mac = createHmac(enc.hash, cek.subarray(0, half))
    .update(header)
    .update(iv)
    .update(ciphertext)
    .update(al)
    .digest()
    .subarray(0, half);
  return [header, '', b64(iv), b64(ciphertext), b64(tag === undefined ? mac : tag(mac))].join('.');
}

const flip = (b: Buffer, at = 0): Buffer => {
  const out = Buffer.from(b);
  out[at] = (out[at] as number) ^ 1;
  return out;
};
const withPart = (token: string, index: number, value: string): string =>
  token
    .split('.')
    .map((p, i) => (i === index ? value : p))
    .join('.');

beforeEach(() => {
  for (const spy of Object.values(spies)) spy.mockClear();
});

describe('AES-CBC-HMAC (RFC 7518 s5.2): the tag is checked first, and its length is exact', () => {
  for (const enc of CBC) {
    const cek = randomBytes(enc.key);
    const key = new JoseKey(createSecretKey(cek));
    const good = encryptCompact('attack at dawn', { alg: 'dir', enc: enc.enc }, key);
    const tag = unb64(good.split('.')[4] as string);

    it(`${enc.enc}: a tag truncated, extended or empty is malformed, refused before any MAC is computed`, () => {
      for (const wrong of [
        tag.subarray(0, tag.length - 1),
        tag.subarray(0, 16),
        tag.subarray(0, 1),
        Buffer.alloc(0),
        Buffer.concat([tag, Buffer.of(0)]),
        Buffer.concat([tag, tag]),
      ]) {
        if (wrong.length === tag.length) continue;
        const seen = observe(() => decryptCompact(withPart(good, 4, b64(wrong)), key));
        expect(seen.error[0], `${wrong.length} octets`).toBe('ERR_JWE_INVALID');
        expect([seen.hmac, seen.decipher]).toEqual([0, 0]);
      }
    });

    it(`${enc.enc}: an IV other than 16 octets, or a ciphertext that is empty or not whole blocks, is malformed`, () => {
      for (const iv of [0, 8, 12, 15, 17, 32])
        expect(
          codeOf(() => decryptCompact(withPart(good, 2, b64(randomBytes(iv))), key)),
          `iv ${iv}`,
        ).toBe('ERR_JWE_INVALID');
      for (const length of [0, 1, 15, 17, 33])
        expect(
          codeOf(() => decryptCompact(withPart(good, 3, b64(randomBytes(length))), key)),
          `ciphertext ${length}`,
        ).toBe('ERR_JWE_INVALID');
    });

    it(`${enc.enc}: no padding oracle: a bad tag never reaches the decipher, and bad padding under a good tag fails the same way`, () => {
      const validPadding = Buffer.concat([Buffer.from('sixteen octets!!'), Buffer.alloc(16, 16)]);
      const badPadding = Buffer.concat([Buffer.from('sixteen octets!!'), Buffer.alloc(16, 0)]);
      const inconsistentPadding = Buffer.concat([
        Buffer.from('sixteen octets!!'),
        Buffer.alloc(15, 7),
        Buffer.of(2),
      ]);
      // Sanity: the crafted token with valid padding and a good tag decrypts.
      expect(text(decryptCompact(cbcToken(enc, cek, validPadding), key).plaintext)).toBe(
        'sixteen octets!!',
      );
      const badTag = (t: Buffer): Buffer => flip(t, t.length - 1);
      const forged = {
        'bad tag, valid padding': cbcToken(enc, cek, validPadding, badTag),
        'bad tag, bad padding': cbcToken(enc, cek, badPadding, badTag),
        'bad tag, inconsistent padding': cbcToken(enc, cek, inconsistentPadding, badTag),
        'a flipped ciphertext octet': withPart(
          good,
          3,
          b64(flip(unb64(good.split('.')[3] as string), 0)),
        ),
        'a flipped IV octet': withPart(good, 2, b64(flip(unb64(good.split('.')[2] as string), 15))),
      };
      for (const [name, token] of Object.entries(forged)) {
        expect(
          observe(() => decryptCompact(token, key)),
          name,
        ).toEqual({ error: FAILED, decipher: 0, hmac: 1, privateDecrypt: 0 });
      }
      // Only an authentic ciphertext is deciphered; its bad padding still gives the same error.
      for (const token of [
        cbcToken(enc, cek, badPadding),
        cbcToken(enc, cek, inconsistentPadding),
      ]) {
        expect(observe(() => decryptCompact(token, key))).toEqual({
          error: FAILED,
          decipher: 1,
          hmac: 1,
          privateDecrypt: 0,
        });
      }
    });
  }

  it('the JSON serialization behaves the same: a bad tag is never deciphered', () => {
    const cek = new JoseKey(createSecretKey(randomBytes(32)));
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128CBC-HS256' } }, [
      { key: cek },
    ]);
    const forged = { ...jwe, tag: b64(flip(unb64(jwe.tag))) };
    expect(observe(() => decryptJSON(forged, cek))).toEqual({
      error: FAILED,
      decipher: 0,
      hmac: 1,
      privateDecrypt: 0,
    });
  });
});

describe('AES-GCM content encryption (RFC 7518 s5.3)', () => {
  const key = new JoseKey(createSecretKey(randomBytes(16)));
  const good = encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, key);

  it('a tag shorter than 128 bits (the truncated-tag forgery) or an IV other than 96 bits is malformed', () => {
    const tag = unb64(good.split('.')[4] as string);
    for (const t of [
      tag.subarray(0, 12),
      tag.subarray(0, 4),
      Buffer.alloc(0),
      Buffer.concat([tag, Buffer.of(0)]),
    ]) {
      expect(
        codeOf(() => decryptCompact(withPart(good, 4, b64(t)), key)),
        `${t.length}`,
      ).toBe('ERR_JWE_INVALID');
    }
    for (const iv of [0, 8, 16])
      expect(codeOf(() => decryptCompact(withPart(good, 2, b64(randomBytes(iv))), key))).toBe(
        'ERR_JWE_INVALID',
      );
  });

  it('a flipped tag, ciphertext or header octet fails with the one decryption error', () => {
    for (const index of [3, 4])
      expect(
        errorOf(() =>
          decryptCompact(
            withPart(good, index, b64(flip(unb64(good.split('.')[index] as string)))),
            key,
          ),
        ).message,
      ).toBe(FAILED[1]);
  });
});

describe('key wrapping integrity', () => {
  it('AES-KW (RFC 3394): a flipped wrapped key, a wrong KEK or a wrong length fails with the one error', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    const wrapped = unb64(jwe.split('.')[1] as string);
    for (const at of [0, 8, wrapped.length - 1]) {
      expect(observe(() => decryptCompact(withPart(jwe, 1, b64(flip(wrapped, at))), kek))).toEqual({
        error: FAILED,
        decipher: 1,
        hmac: 0,
        privateDecrypt: 0,
      });
    }
    expect(errorOf(() => decryptCompact(jwe, createSecretKey(randomBytes(16)))).message).toBe(
      FAILED[1],
    );
    expect(
      observe(() => decryptCompact(withPart(jwe, 1, b64(wrapped.subarray(8))), kek)).error,
    ).toEqual(FAILED);
  });

  it('AES-GCM key wrap: a flipped wrapped key, key wrap tag or IV fails with the one error', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(32)));
    const jwe = encryptCompact('x', { alg: 'A256GCMKW', enc: 'A128GCM' }, kek);
    const header = JSON.parse(unb64(jwe.split('.')[0] as string).toString()) as Record<
      string,
      string
    >;
    expect(
      errorOf(() =>
        decryptCompact(withPart(jwe, 1, b64(flip(unb64(jwe.split('.')[1] as string)))), kek),
      ).message,
    ).toBe(FAILED[1]);
    for (const member of ['tag', 'iv']) {
      const tampered = b64(
        JSON.stringify({ ...header, [member]: b64(flip(unb64(header[member] as string))) }),
      );
      expect(errorOf(() => decryptCompact(withPart(jwe, 0, tampered), kek)).message, member).toBe(
        FAILED[1],
      );
    }
  });
});

describe('RSA1_5 (RFC 7516 s11.5): Bleichenbacher and Marvin', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = new JoseKey(pair.privateKey);
  const k = 256;
  const allow = { keyManagementAlgorithms: ['RSA1_5'] } as const;
  /** An EME-PKCS1-v1_5 block holding `cek` (RFC 8017 s7.2.1), to be broken in one way by `edit`. */
  const block = (cek: Buffer, edit: (em: Buffer) => void = () => {}): Buffer => {
    const ps = Buffer.alloc(k - 3 - cek.length, 0x5a);
    const em = Buffer.concat([Buffer.of(0x00, 0x02), ps, Buffer.of(0x00), cek]);
    edit(em);
    return em;
  };
  const rawEncrypt = (em: Buffer): Buffer =>
    publicEncrypt({ key: pair.publicKey, padding: constants.RSA_NO_PADDING }, em);
  const cek = randomBytes(32);
  const content = encryptCompact(
    'the content',
    { alg: 'dir', enc: 'A128CBC-HS256' },
    createSecretKey(cek),
  );
  const [, , iv, ciphertext, tag] = content.split('.');
  const token = (encryptedKey: Buffer): string =>
    [b64('{"alg":"RSA1_5","enc":"A128CBC-HS256"}'), b64(encryptedKey), iv, ciphertext, tag].join(
      '.',
    );

  it('a well-formed block with the right CEK decrypts (the crafted tokens are otherwise sound)', () => {
    // The content was sealed under a different AAD (its own header), so seal it again under ours.
    const sealed = encryptCompact(
      'the content',
      { alg: 'RSA1_5', enc: 'A128CBC-HS256' },
      pair.publicKey,
    );
    expect(text(decryptCompact(sealed, key, allow).plaintext)).toBe('the content');
  });

  it('every malformed block, a CEK of the wrong length and a ciphertext not below the modulus fail alike: same error, same primitives, no early exit', () => {
    const cases: Record<string, Buffer> = {
      'well formed, wrong tag for its CEK': rawEncrypt(block(randomBytes(32))),
      'first octet not zero': rawEncrypt(block(cek, (em) => void (em[0] = 0x01))),
      'block type 1 instead of 2': rawEncrypt(block(cek, (em) => void (em[1] = 0x01))),
      'a zero octet inside PS': rawEncrypt(block(cek, (em) => void (em[10] = 0x00))),
      'no zero separator': rawEncrypt(block(cek, (em) => void (em[k - 33] = 0x01))),
      'a 16-octet CEK where 32 are needed': rawEncrypt(block(cek.subarray(0, 16))),
      'a 48-octet CEK where 32 are needed': rawEncrypt(block(randomBytes(48))),
      'a 0-octet CEK': rawEncrypt(block(Buffer.alloc(0))),
      'not below the modulus': Buffer.alloc(k, 0xff),
      'all zero': Buffer.alloc(k),
    };
    for (const [name, encryptedKey] of Object.entries(cases)) {
      const seen = observe(() => decryptCompact(token(encryptedKey), key, allow));
      expect(seen, name).toEqual({ error: FAILED, decipher: 0, hmac: 1, privateDecrypt: 1 });
      const padding = (spies.privateDecrypt.mock.calls[0]?.[0] as { padding?: number } | undefined)
        ?.padding;
      expect(padding, name).toBe(constants.RSA_NO_PADDING);
    }
  });

  it('without opting in, RSA1_5 is refused before the private key is used; a wrong-length key is the one error', () => {
    const sealed = encryptCompact('x', { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, pair.publicKey);
    expect(observe(() => decryptCompact(sealed, key)).error[0]).toBe('ERR_ALG_NOT_ALLOWED');
    expect(spies.privateDecrypt).not.toHaveBeenCalled();
    expect(observe(() => decryptCompact(token(Buffer.alloc(k - 1, 1)), key, allow)).error).toEqual(
      FAILED,
    );
  });
});

describe('RSA-OAEP decoding failures', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = new JoseKey(pair.privateKey);
  const jwe = encryptCompact('x', { alg: 'RSA-OAEP', enc: 'A128CBC-HS256' }, pair.publicKey);
  const oaep = (cek: Buffer, oaepHash: string): Buffer =>
    publicEncrypt(
      { key: pair.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      cek,
    );

  it('random octets, OAEP under another hash, or a CEK of the wrong length fail with the one error, never reaching the content', () => {
    const cases: Record<string, Buffer> = {
      random: Buffer.concat([Buffer.of(0), randomBytes(255)]),
      'OAEP with SHA-256 labelled RSA-OAEP (SHA-1)': oaep(randomBytes(32), 'sha256'),
      'a 16-octet CEK where 32 are needed': oaep(randomBytes(16), 'sha1'),
      'an empty CEK': oaep(Buffer.alloc(0), 'sha1'),
    };
    for (const [name, encryptedKey] of Object.entries(cases)) {
      expect(
        observe(() => decryptCompact(withPart(jwe, 1, b64(encryptedKey)), key)),
        name,
      ).toEqual({ error: FAILED, decipher: 0, hmac: 0, privateDecrypt: 1 });
    }
    expect(
      observe(() => decryptCompact(withPart(jwe, 1, b64(randomBytes(255))), key)).error,
    ).toEqual(FAILED);
  });
});

describe('the encrypted key is empty exactly for dir and ECDH-ES (RFC 7518 s4.5, s4.6)', () => {
  const secret = new JoseKey(createSecretKey(randomBytes(16)));
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('dir or ECDH-ES with an encrypted key is malformed', () => {
    const direct = encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, secret);
    expect(codeOf(() => decryptCompact(withPart(direct, 1, 'AAAA'), secret))).toBe(
      'ERR_JWE_INVALID',
    );
    const agreed = encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, ec.publicKey);
    expect(
      observe(() => decryptCompact(withPart(agreed, 1, b64(randomBytes(16))), ec.privateKey))
        .error[0],
    ).toBe('ERR_JWE_INVALID');
    expect(spies.diffieHellman).not.toHaveBeenCalled();
  });

  it('every other algorithm with an empty encrypted key is malformed, refused before the key is used', () => {
    const cases: Array<[string, unknown, object]> = [
      [encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret), secret, {}],
      [encryptCompact('x', { alg: 'A128GCMKW', enc: 'A128GCM' }, secret), secret, {}],
      [encryptCompact('x', { alg: 'RSA-OAEP', enc: 'A128GCM' }, rsa.publicKey), rsa.privateKey, {}],
      [
        encryptCompact('x', { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, ec.publicKey),
        ec.privateKey,
        {},
      ],
      [
        encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 }, 'pw'),
        'pw',
        { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] },
      ],
    ];
    for (const [jwe, key, options] of cases) {
      expect(
        observe(() => decryptCompact(withPart(jwe, 1, ''), key as never, options)).error[0],
        jwe.split('.')[0],
      ).toBe('ERR_JWE_INVALID');
      expect(spies.privateDecrypt).not.toHaveBeenCalled();
      expect(spies.diffieHellman).not.toHaveBeenCalled();
    }
  });

  it('in the JSON serialization, a dir recipient must be alone', () => {
    const other = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'A128KW' }, key: other },
    ]);
    const withDir = {
      ...jwe,
      recipients: [
        ...('recipients' in jwe
          ? jwe.recipients
          : [{ header: jwe.header, encrypted_key: jwe.encrypted_key }]),
        { header: { alg: 'dir' } },
      ],
    };
    expect(codeOf(() => decryptJSON(withDir as never, secret))).toBe('ERR_JWE_INVALID');
  });
});

describe('ECDH-ES invalid-curve points', () => {
  it('an "epk" that is not on its curve is refused before the private key meets it', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwe = encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, ec.publicKey);
    const header = JSON.parse(unb64(jwe.split('.')[0] as string).toString()) as {
      epk: { y: string };
    };
    const offCurve = { ...header, epk: { ...header.epk, y: b64(flip(unb64(header.epk.y), 31)) } };
    expect(
      observe(() => decryptCompact(withPart(jwe, 0, b64(JSON.stringify(offCurve))), ec.privateKey))
        .error[0],
    ).toBe('ERR_JWE_INVALID');
    expect(spies.diffieHellman).not.toHaveBeenCalled();
    const p384 = exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey);
    const otherCurve = { ...header, epk: { kty: 'EC', crv: 'P-384', x: p384.x, y: p384.y } };
    expect(
      codeOf(() =>
        decryptCompact(withPart(jwe, 0, b64(JSON.stringify(otherCurve))), ec.privateKey),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(spies.diffieHellman).not.toHaveBeenCalled();
  });
});

describe('one error for every decryption failure: encrypted keys of the wrong length (issue 12 s4)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kek = (n: number): JoseKey => new JoseKey(createSecretKey(randomBytes(n)));
  const cases: Array<{ alg: string; sealWith: unknown; openWith: unknown; extra?: object }> = [
    ...['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'].map((alg) => ({
      alg,
      sealWith: rsa.publicKey,
      openWith: rsa.privateKey,
    })),
    ...[16, 24, 32].flatMap((n) => {
      const k = kek(n);
      return [
        { alg: `A${n * 8}KW`, sealWith: k, openWith: k },
        { alg: `A${n * 8}GCMKW`, sealWith: k, openWith: k },
      ];
    }),
    ...[128, 192, 256].map((bits) => ({
      alg: `ECDH-ES+A${bits}KW`,
      sealWith: ec.publicKey,
      openWith: ec.privateKey,
    })),
    ...['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'].map((alg) => ({
      alg,
      sealWith: 'pw',
      openWith: 'pw',
      extra: { p2c: 1000 },
    })),
  ];

  for (const c of cases) {
    it(`${c.alg}: a short, long or leading-octet-stripped encrypted key gives the code and message of a bad tag`, () => {
      const options = { keyManagementAlgorithms: [c.alg as KeyManagementAlgorithm] };
      const jwe = encryptCompact(
        'x',
        { alg: c.alg, enc: 'A256GCM', ...c.extra },
        c.sealWith as never,
      );
      const badTag = errorOf(() =>
        decryptCompact(
          withPart(jwe, 4, b64(flip(unb64(jwe.split('.')[4] as string)))),
          c.openWith as never,
          options,
        ),
      );
      expect([badTag.code, badTag.message]).toEqual(FAILED);
      const encryptedKey = unb64(jwe.split('.')[1] as string);
      const variants = {
        short: encryptedKey.subarray(1),
        long: Buffer.concat([encryptedKey, Buffer.of(0)]),
        'leading zero': Buffer.concat([Buffer.of(0), encryptedKey]),
        'much longer': Buffer.concat([encryptedKey, encryptedKey]),
      };
      for (const [name, bad] of Object.entries(variants)) {
        const e = errorOf(() =>
          decryptCompact(withPart(jwe, 1, b64(bad)), c.openWith as never, options),
        );
        expect([e.code, e.message], `${c.alg} ${name}`).toEqual(FAILED);
      }
    });
  }

  it('RSA1_5: a ciphertext below 2^(8(k-1)), sent whole or with its leading zero stripped, is the one error', () => {
    const options = { keyManagementAlgorithms: ['RSA1_5' as const] };
    const jwe = encryptCompact('x', { alg: 'RSA1_5', enc: 'A128GCM' }, rsa.publicKey);
    const whole = Buffer.concat([Buffer.of(0), randomBytes(255)]);
    for (const encryptedKey of [whole, whole.subarray(1)]) {
      const e = errorOf(() =>
        decryptCompact(withPart(jwe, 1, b64(encryptedKey)), rsa.privateKey, options),
      );
      expect([e.code, e.message], `${encryptedKey.length} octets`).toEqual(FAILED);
    }
  });
});
