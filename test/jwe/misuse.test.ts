import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, decryptJSON, encryptCompact, encryptJSON } from '../../src/jwe/index.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { codeOf, craftCompact, errorOf, text } from './support.js';

const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa = new JoseKey(rsaPair.privateKey);
const otherRsa = new JoseKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const rsa1024 = new JoseKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
const rsaPss = new JoseKey(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey);
const bytes = (n: number, fill = 1): Buffer => Buffer.alloc(n, fill);
const secret = (n: number, fill = 1): JoseKey => new JoseKey(createSecretKey(bytes(n, fill)));
const oct = (n: number, extra: Record<string, unknown> = {}) =>
  importJWK({ kty: 'oct', k: bytes(n).toString('base64url'), ...extra });

describe('key misuse', () => {
  it('A*KW needs a KEK of exactly its size, on both sides', () => {
    expect(codeOf(() => encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(32)))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => encryptCompact('x', { alg: 'A256KW', enc: 'A128GCM' }, secret(16)))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    const jwe = encryptCompact('x', { alg: 'A192KW', enc: 'A128GCM' }, secret(24));
    expect(codeOf(() => decryptCompact(jwe, secret(32)))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, secret(16)))).toBe('ERR_KEY_UNSUITABLE');
    expect(text(decryptCompact(jwe, secret(24)).plaintext)).toBe('x');
  });

  it('a dir key must be exactly as long as the CEK of enc, on both sides', () => {
    expect(codeOf(() => encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, secret(32)))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(
      codeOf(() => encryptCompact('x', { alg: 'dir', enc: 'A128CBC-HS256' }, secret(16))),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() => encryptCompact('x', { alg: 'dir', enc: 'A256CBC-HS512' }, secret(32))),
    ).toBe('ERR_KEY_UNSUITABLE');
    const jwe = encryptCompact('x', { alg: 'dir', enc: 'A256GCM' }, secret(32));
    expect(codeOf(() => decryptCompact(jwe, secret(16)))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, secret(64)))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('RSA keys below 2048 bits are refused for every RSA algorithm, on both sides', () => {
    for (const alg of ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256'] as const) {
      expect(codeOf(() => encryptCompact('x', { alg, enc: 'A128GCM' }, rsa1024))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
      const jwe = encryptCompact('x', { alg, enc: 'A128GCM' }, rsa);
      expect(codeOf(() => decryptCompact(jwe, rsa1024, { keyManagementAlgorithms: [alg] }))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
    }
  });

  it('a key with use "sig" is refused for encryption and decryption', () => {
    expect(
      codeOf(() => encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, oct(16, { use: 'sig' }))),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() => encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, oct(16, { use: 'sig' }))),
    ).toBe('ERR_KEY_UNSUITABLE');
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, oct(16, { use: 'enc' }));
    expect(codeOf(() => decryptCompact(jwe, oct(16, { use: 'sig' })))).toBe('ERR_KEY_UNSUITABLE');
    expect(text(decryptCompact(jwe, oct(16, { use: 'enc' })).plaintext)).toBe('x');
  });

  it('key_ops: wrapKey/unwrapKey or encrypt/decrypt permit key wrapping, only encrypt/decrypt permit dir', () => {
    const kw = { alg: 'A128KW', enc: 'A128GCM' };
    const jwe = encryptCompact('x', kw, oct(16, { key_ops: ['wrapKey'] }));
    expect(text(decryptCompact(jwe, oct(16, { key_ops: ['unwrapKey'] })).plaintext)).toBe('x');
    expect(text(decryptCompact(jwe, oct(16, { key_ops: ['decrypt'] })).plaintext)).toBe('x');
    expect(codeOf(() => decryptCompact(jwe, oct(16, { key_ops: ['wrapKey'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => encryptCompact('x', kw, oct(16, { key_ops: ['unwrapKey'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => encryptCompact('x', kw, oct(16, { key_ops: ['sign'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    const d = { alg: 'dir', enc: 'A128GCM' };
    const direct = encryptCompact('x', d, oct(16, { key_ops: ['encrypt'] }));
    expect(text(decryptCompact(direct, oct(16, { key_ops: ['decrypt'] })).plaintext)).toBe('x');
    expect(codeOf(() => encryptCompact('x', d, oct(16, { key_ops: ['wrapKey'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => decryptCompact(direct, oct(16, { key_ops: ['unwrapKey'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it("a JWK's alg binds it: to its key management algorithm, or for dir also to the enc it serves", () => {
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A256KW', enc: 'A256GCM' }, oct(32, { alg: 'A256GCM' })),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, oct(16, { alg: 'A128GCM' })),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    const jwe = encryptCompact('x', { alg: 'dir', enc: 'A256GCM' }, oct(32, { alg: 'A256GCM' }));
    expect(text(decryptCompact(jwe, oct(32, { alg: 'dir' })).plaintext)).toBe('x');
    expect(codeOf(() => decryptCompact(jwe, oct(32, { alg: 'A128CBC-HS256' })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => decryptCompact(jwe, oct(32, { alg: 'A256KW' })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('RSA: encryption takes the public key (or a private one, through its public half); decryption needs the private key', () => {
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, rsaPair.publicKey);
    expect(text(decryptCompact(jwe, rsa).plaintext)).toBe('x');
    expect(
      text(
        decryptCompact(encryptCompact('y', { alg: 'RSA-OAEP', enc: 'A128GCM' }, rsa), rsa)
          .plaintext,
      ),
    ).toBe('y');
    expect(codeOf(() => decryptCompact(jwe, rsaPair.publicKey))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => encryptCompact('x', { alg: 'RSA-OAEP', enc: 'A128GCM' }, rsaPss))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('without allow-lists only algorithms the key fits are accepted (no RSA key for a symmetric algorithm, and back)', () => {
    const kw = encryptCompact('x', { alg: 'A256KW', enc: 'A128GCM' }, secret(32));
    const dir = encryptCompact('x', { alg: 'dir', enc: 'A256GCM' }, secret(32));
    const oaep = encryptCompact('x', { alg: 'RSA-OAEP', enc: 'A128GCM' }, rsa);
    expect(codeOf(() => decryptCompact(kw, rsa))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(dir, rsa))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(oaep, secret(32)))).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() =>
        decryptCompact(
          kw,
          importJWK({
            kty: 'EC',
            crv: 'P-256',
            x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
            y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
          }),
        ),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('allow-lists', () => {
  it('RSA1_5 is refused by default (ERR_ALG_NOT_ALLOWED) and accepted only when named', () => {
    const jwe = encryptCompact('x', { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, rsa);
    const e = errorOf(() => decryptCompact(jwe, rsa));
    expect(e.code).toBe('ERR_ALG_NOT_ALLOWED');
    expect(e.message).toMatch(/keyManagementAlgorithms/);
    expect(
      codeOf(() => decryptCompact(jwe, rsa, { contentEncryptionAlgorithms: ['A128CBC-HS256'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => decryptCompact(jwe, rsa, { keyManagementAlgorithms: ['RSA-OAEP'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(
      text(decryptCompact(jwe, rsa, { keyManagementAlgorithms: ['RSA-OAEP', 'RSA1_5'] }).plaintext),
    ).toBe('x');
    const flat = encryptJSON('x', { protectedHeader: { alg: 'RSA1_5', enc: 'A128GCM' } }, [
      { key: rsa },
    ]);
    expect(codeOf(() => decryptJSON(flat, rsa))).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => decryptJSON(flat, () => rsa))).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it('algorithms outside the allow-lists are refused before any key is looked up', () => {
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16));
    const resolver = (): JoseKey => {
      throw new Error('the resolver must not be called');
    };
    expect(
      codeOf(() => decryptCompact(jwe, resolver, { keyManagementAlgorithms: ['A256KW'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(
      codeOf(() => decryptCompact(jwe, resolver, { contentEncryptionAlgorithms: ['A256GCM'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => decryptCompact(jwe, resolver, { keyManagementAlgorithms: [] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(
      text(
        decryptCompact(jwe, secret(16), {
          keyManagementAlgorithms: ['A128KW'],
          contentEncryptionAlgorithms: ['A128GCM'],
        }).plaintext,
      ),
    ).toBe('x');
  });

  it('unknown algorithms are not supported, on both sides', () => {
    expect(
      codeOf(() => encryptCompact('x', { alg: 'PBES2-HS256+A256KW', enc: 'A128GCM' }, secret(16))),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(codeOf(() => encryptCompact('x', { alg: 'A128KW', enc: 'A128CCM' }, secret(16)))).toBe(
      'ERR_NOT_SUPPORTED',
    );
    const cek = randomBytes(16);
    expect(
      codeOf(() =>
        decryptCompact(
          craftCompact('{"alg":"ECDH-1PU","enc":"A128GCM"}', cek, { encryptedKey: 'AAAA' }),
          secret(16),
        ),
      ),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(
      codeOf(() => decryptCompact(craftCompact('{"alg":"dir","enc":"A128CCM"}', cek), secret(16))),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(
      codeOf(() => decryptCompact(craftCompact('{"alg":"none","enc":"A128GCM"}', cek), secret(16))),
    ).toBe('ERR_NOT_SUPPORTED');
  });

  it('options of the wrong type are argument errors', () => {
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16));
    expect(
      codeOf(() => decryptCompact(jwe, secret(16), { keyManagementAlgorithms: 'A128KW' as never })),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => decryptCompact(jwe, secret(16), { crit: [1] as never }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => decryptCompact(jwe, secret(16), 'x' as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => decryptCompact(42 as never, secret(16)))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => decryptCompact(jwe, 'key' as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('zip and crit', () => {
  const cek = randomBytes(16);
  const key = new JoseKey(createSecretKey(cek));

  it('a zip other than DEF is not supported, and zip outside the protected header is malformed, on both sides', () => {
    const e = errorOf(() => encryptCompact('x', { alg: 'dir', enc: 'A128GCM', zip: 'GZIP' }, key));
    expect(e.code).toBe('ERR_NOT_SUPPORTED');
    expect(e.message).toMatch(/zip/);
    expect(
      codeOf(() =>
        decryptCompact(craftCompact('{"alg":"dir","enc":"A128GCM","zip":"def"}', cek), key),
      ),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(
      codeOf(() => decryptCompact(craftCompact('{"alg":"dir","enc":"A128GCM","zip":1}', cek), key)),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON(
          'x',
          { protectedHeader: { enc: 'A128GCM' }, unprotectedHeader: { zip: 'DEF' } },
          [{ header: { alg: 'dir' }, key }],
        ),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
          { header: { alg: 'dir', zip: 'DEF' }, key },
        ]),
      ),
    ).toBe('ERR_JWE_INVALID');
  });

  it('crit extensions must be understood by the recipient', () => {
    const jwe = encryptCompact('x', { alg: 'dir', enc: 'A128GCM', crit: ['exp'], exp: 1 }, key);
    const e = errorOf(() => decryptCompact(jwe, key));
    expect([e.code, e.message]).toEqual([
      'ERR_JWE_INVALID',
      '"crit" lists an extension that is not understood',
    ]);
    expect(codeOf(() => decryptCompact(jwe, key, { crit: ['other'] }))).toBe('ERR_JWE_INVALID');
    expect(text(decryptCompact(jwe, key, { crit: ['exp'] }).plaintext)).toBe('x');
  });

  it('crit must be a non-empty list of distinct unregistered names present in the protected header, on both sides', () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['empty', { crit: [] }],
      ['not an array', { crit: 'exp', exp: 1 }],
      ['not strings', { crit: [1] }],
      ['duplicate', { crit: ['exp', 'exp'], exp: 1 }],
      ['registered name', { crit: ['kid'], kid: 'k' }],
      ['JWE registered name', { crit: ['epk'], epk: {} }],
      ['absent parameter', { crit: ['exp'] }],
    ];
    for (const [why, extra] of bad) {
      const header = { alg: 'dir', enc: 'A128GCM', ...extra };
      expect(
        codeOf(() => encryptCompact('x', header, key)),
        why,
      ).toBe('ERR_JWE_INVALID');
      expect(
        codeOf(() =>
          decryptCompact(craftCompact(JSON.stringify(header), cek), key, {
            crit: ['exp', 'kid', 'epk'],
          }),
        ),
        why,
      ).toBe('ERR_JWE_INVALID');
    }
  });

  it('in JSON, crit and the parameters it names must be integrity protected', () => {
    const shared = (
      unprotectedHeader: Record<string, unknown>,
      protectedHeader: Record<string, unknown> = { enc: 'A128GCM' },
    ) => ({ protectedHeader, unprotectedHeader });
    expect(
      codeOf(() =>
        encryptJSON('x', shared({ crit: ['exp'], exp: 1 }), [{ header: { alg: 'dir' }, key }]),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON('x', shared({ exp: 1 }, { enc: 'A128GCM', crit: ['exp'] }), [
          { header: { alg: 'dir' }, key },
        ]),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON('x', shared({}), [{ header: { alg: 'dir', crit: ['exp'], exp: 1 }, key }]),
      ),
    ).toBe('ERR_JWE_INVALID');
    const ok = encryptJSON('x', shared({ cty: 'a' }, { enc: 'A128GCM', crit: ['exp'], exp: 1 }), [
      { header: { alg: 'dir' }, key },
    ]);
    expect(text(decryptJSON(ok, key, { crit: ['exp'] }).plaintext)).toBe('x');
    const moved = {
      ...ok,
      unprotected: { crit: ['exp'], exp: 1 },
      protected: Buffer.from('{"enc":"A128GCM"}').toString('base64url'),
    };
    expect(codeOf(() => decryptJSON(moved, key, { crit: ['exp'] }))).toBe('ERR_JWE_INVALID');
  });
});

describe('encrypt options (test-only CEK and IV)', () => {
  it('reproduce a token exactly, and are checked against enc', () => {
    const header = { alg: 'A128KW', enc: 'A128CBC-HS256' };
    const fixed = { cek: bytes(32, 2), iv: bytes(16, 3) };
    expect(encryptCompact('x', header, secret(16), fixed)).toBe(
      encryptCompact('x', header, secret(16), fixed),
    );
    expect(codeOf(() => encryptCompact('x', header, secret(16), { cek: bytes(16) }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => encryptCompact('x', header, secret(16), { iv: bytes(12) }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16), { iv: bytes(16) }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => encryptCompact('x', header, secret(16), { cek: 'x' as never }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('a CEK option with dir is an error (the key is the CEK)', () => {
    expect(
      codeOf(() =>
        encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, secret(16), { cek: bytes(16) }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        encryptJSON(
          'x',
          { protectedHeader: { alg: 'dir', enc: 'A128GCM' } },
          [{ key: secret(16) }],
          { cek: bytes(16) },
        ),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('without options, every token gets a fresh CEK and IV', () => {
    const a = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16)).split('.');
    const b = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16)).split('.');
    expect(a[1]).not.toBe(b[1]);
    expect(a[2]).not.toBe(b[2]);
  });
});

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('malformed structure is ERR_JWE_INVALID', () => {
  const cek = randomBytes(16);
  const key = new JoseKey(createSecretKey(cek));
  const good = craftCompact('{"alg":"dir","enc":"A128GCM"}', cek);

  it('the crafted token is valid to begin with', () => {
    expect(text(decryptCompact(good, key).plaintext)).toBe('crafted');
  });

  it('part count, base64url, header JSON and required members', () => {
    const p = good.split('.');
    const cases: Record<string, string> = {
      'four parts': p.slice(0, 4).join('.'),
      'six parts': `${good}.`,
      'padding in a part': [p[0], p[1], `${p[2]}=`, p[3], p[4]].join('.'),
      // A 16-octet tag leaves 4 unused bits in its last character; setting one keeps the octets.
      'non-canonical trailing bits': [
        p[0],
        p[1],
        p[2],
        p[3],
        `${p[4]!.slice(0, -1)}${B64[B64.indexOf(p[4]!.slice(-1)) | 1]}`,
      ].join('.'),
      'header not JSON': craftCompact('{"alg":"dir",', cek),
      'header not an object': craftCompact('["dir"]', cek),
      'duplicate header member': craftCompact('{"alg":"dir","enc":"A128GCM","enc":"A128GCM"}', cek),
      'no enc': craftCompact('{"alg":"dir"}', cek),
      'no alg': craftCompact('{"enc":"A128GCM"}', cek),
      'kid not a string': craftCompact('{"alg":"dir","enc":"A128GCM","kid":7}', cek),
      'empty protected header': ['', ...p.slice(1)].join('.'),
    };
    for (const [why, jwe] of Object.entries(cases))
      expect(
        codeOf(() => decryptCompact(jwe, key)),
        why,
      ).toBe('ERR_JWE_INVALID');
  });

  it('public lengths: IV, tag, CBC ciphertext, and the presence of the encrypted key for dir and for key wrapping', () => {
    const header = '{"alg":"dir","enc":"A128GCM"}';
    expect(
      codeOf(() => decryptCompact(craftCompact(header, cek, { iv: randomBytes(16) }), key)),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        decryptCompact(craftCompact(header, cek, { tag: (t) => t.subarray(0, 12) }), key),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() => decryptCompact(craftCompact(header, cek, { encryptedKey: 'AAAA' }), key)),
    ).toBe('ERR_JWE_INVALID');
    const kw = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, key).split('.');
    expect(codeOf(() => decryptCompact([kw[0], '', ...kw.slice(2)].join('.'), key))).toBe(
      'ERR_JWE_INVALID',
    );
    // A wrapped key of the wrong length is a decryption failure like any other (issue 12 s4).
    expect(
      codeOf(() => decryptCompact([kw[0], `${kw[1]}AAAAAAAAAAA`, ...kw.slice(2)].join('.'), key)),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
    const cbcKey = secret(32);
    const cbc = encryptCompact('x', { alg: 'dir', enc: 'A128CBC-HS256' }, cbcKey).split('.');
    const ciphertext = Buffer.from(cbc[3]!, 'base64url');
    for (const c of [
      ciphertext.subarray(1),
      Buffer.concat([ciphertext, bytes(1)]),
      Buffer.alloc(0),
    ]) {
      expect(
        codeOf(() =>
          decryptCompact(
            [cbc[0], cbc[1], cbc[2], c.toString('base64url'), cbc[4]].join('.'),
            cbcKey,
          ),
        ),
      ).toBe('ERR_JWE_INVALID');
    }
    expect(
      codeOf(() =>
        decryptCompact([cbc[0], cbc[1], cbc[2], cbc[3], `${cbc[4]}AAAA`].join('.'), cbcKey),
      ),
    ).toBe('ERR_JWE_INVALID');
  });
});

describe('every decryption failure looks the same', () => {
  it('wrong KEK, wrong RSA key, wrong dir key and bad tags share one code and one message', () => {
    const cases: Array<() => unknown> = [
      () =>
        decryptCompact(
          encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, secret(16, 1)),
          secret(16, 2),
        ),
      () =>
        decryptCompact(
          encryptCompact('x', { alg: 'A256KW', enc: 'A256CBC-HS512' }, secret(32, 1)),
          secret(32, 2),
        ),
      () => decryptCompact(encryptCompact('x', { alg: 'RSA-OAEP', enc: 'A128GCM' }, rsa), otherRsa),
      () =>
        decryptCompact(
          encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }, rsa),
          otherRsa,
        ),
      () =>
        decryptCompact(encryptCompact('x', { alg: 'RSA1_5', enc: 'A128GCM' }, rsa), otherRsa, {
          keyManagementAlgorithms: ['RSA1_5'],
        }),
      () =>
        decryptCompact(
          encryptCompact('x', { alg: 'dir', enc: 'A192GCM' }, secret(24, 1)),
          secret(24, 2),
        ),
      () =>
        decryptCompact(
          encryptCompact('x', { alg: 'dir', enc: 'A192CBC-HS384' }, secret(48, 1)),
          secret(48, 2),
        ),
      () =>
        decryptJSON(
          encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' }, aad: 'a' }, [
            { key: secret(16, 1) },
          ]),
          secret(16, 2),
        ),
    ];
    for (const f of cases) {
      const e = errorOf(f);
      expect([e.code, e.message]).toEqual(['ERR_JWE_DECRYPTION_FAILED', 'JWE decryption failed']);
    }
  });
});
