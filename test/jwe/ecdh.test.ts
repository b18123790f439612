import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
  type FlattenedJWE,
  type GeneralJWE,
} from '../../src/jwe/index.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { codeOf, errorOf, text } from './support.js';

const pair = (type: 'ec' | 'x25519' | 'x448' | 'ed25519', namedCurve?: string): JoseKey =>
  new JoseKey(
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: namedCurve! }).privateKey
      : generateKeyPairSync(type as 'x25519').privateKey,
  );
const p256 = pair('ec', 'P-256');
const p384 = pair('ec', 'P-384');
const p521 = pair('ec', 'P-521');
const x25519 = pair('x25519');
const x448 = pair('x448');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const headerOf = (jwe: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
// A compact token with the header swapped: the AAD no longer matches, but every check on the
// header runs before decryption, and those are what these tests look at.
const withHeader = (jwe: string, header: Record<string, unknown>): string =>
  [b64(Buffer.from(JSON.stringify(header))), ...jwe.split('.').slice(1)].join('.');

describe('ECDH-ES on every curve', () => {
  it('P-256, P-384, P-521, X25519 and X448 keys each agree, direct and with key wrap', () => {
    for (const key of [p256, p384, p521, x25519, x448]) {
      for (const alg of ['ECDH-ES', 'ECDH-ES+A192KW']) {
        const jwe = encryptCompact('agreed', { alg, enc: 'A256GCM' }, key.toPublic());
        const epk = headerOf(jwe).epk as Record<string, string>;
        expect([epk.kty, epk.crv]).toEqual([key.kty, key.crv]);
        expect(text(decryptCompact(jwe, key).plaintext)).toBe('agreed');
      }
    }
  });

  it('the epk is a public JWK with only kty, crv, x (and y for EC), fresh for every token', () => {
    const a = headerOf(encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, p384)).epk as Record<
      string,
      string
    >;
    const b = headerOf(encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, p384)).epk as Record<
      string,
      string
    >;
    expect(Object.keys(a)).toEqual(['kty', 'crv', 'x', 'y']);
    expect(Buffer.from(a.x!, 'base64url').length).toBe(48);
    expect(a.x).not.toBe(b.x);
    expect(
      Object.keys(
        headerOf(encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, x448)).epk as object,
      ),
    ).toEqual(['kty', 'crv', 'x']);
  });

  it('apu and apv enter the derivation: changing them in an unprotected header is a decryption failure', () => {
    const jwe = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      {
        header: {
          alg: 'ECDH-ES+A128KW',
          apu: b64(Buffer.from('Alice')),
          apv: b64(Buffer.from('Bob')),
        },
        key: p256,
      },
    ]) as FlattenedJWE;
    expect(text(decryptJSON(jwe, p256).plaintext)).toBe('x');
    for (const change of [{ apu: b64(Buffer.from('Alicf')) }, { apv: '' }]) {
      expect(
        codeOf(() => decryptJSON({ ...jwe, header: { ...jwe.header, ...change } }, p256)),
      ).toBe('ERR_JWE_DECRYPTION_FAILED');
    }
    const direct = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'ECDH-ES', apv: 'AA' }, key: p256 },
    ]) as FlattenedJWE;
    expect(
      codeOf(() => decryptJSON({ ...direct, header: { ...direct.header, apv: 'AQ' } }, p256)),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
  });
});

describe('the ephemeral public key is checked before the private key is used (invalid-curve attacks)', () => {
  const jwe = encryptCompact('x', { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, p256);
  const header = headerOf(jwe);
  const epk = header.epk as Record<string, string>;
  const flip = (s: string): string => {
    const b = Buffer.from(s, 'base64url');
    b[b.length - 1]! ^= 1;
    return b64(b);
  };

  it('a point not on its curve is ERR_JWE_INVALID, in compact and JSON tokens', () => {
    const offCurve = [
      { ...epk, y: flip(epk.y!) },
      { ...epk, x: flip(epk.x!) },
      { ...epk, x: b64(Buffer.alloc(32)), y: b64(Buffer.alloc(32)) },
      { ...epk, x: b64(Buffer.alloc(32, 0xff)), y: b64(Buffer.alloc(32, 0xff)) },
    ];
    for (const bad of offCurve) {
      const e = errorOf(() => decryptCompact(withHeader(jwe, { ...header, epk: bad }), p256));
      expect([e.code, e.message]).toEqual(['ERR_JWE_INVALID', '"epk" is not a point on its curve']);
    }
    const flat = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'ECDH-ES+A128KW' }, key: p256 },
    ]) as FlattenedJWE;
    const good = flat.header!.epk as Record<string, string>;
    expect(
      codeOf(() =>
        decryptJSON(
          { ...flat, header: { ...flat.header, epk: { ...good, y: flip(good.y!) } } },
          p256,
        ),
      ),
    ).toBe('ERR_JWE_INVALID');
  });

  it('an epk on another curve than the key is ERR_KEY_UNSUITABLE: the key does not fit the token', () => {
    const other = headerOf(
      encryptCompact('x', { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, p384),
    ).epk;
    const e = errorOf(() => decryptCompact(withHeader(jwe, { ...header, epk: other }), p256));
    expect(e.code).toBe('ERR_KEY_UNSUITABLE');
    expect(e.message).toMatch(/curve/);
    expect(
      codeOf(() =>
        decryptCompact(
          withHeader(jwe, {
            ...header,
            epk: headerOf(encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, x25519)).epk,
          }),
          p256,
        ),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
  });

  it('X25519 and X448 points of small order cannot be used for agreement: ERR_JWE_INVALID', () => {
    for (const [key, size] of [
      [x25519, 32],
      [x448, 56],
    ] as const) {
      const token = encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, key);
      const h = headerOf(token);
      const one = Buffer.alloc(size);
      one[0] = 1;
      for (const x of [Buffer.alloc(size), one]) {
        expect(
          codeOf(() =>
            decryptCompact(
              withHeader(token, { ...h, epk: { kty: 'OKP', crv: key.crv, x: b64(x) } }),
              key,
            ),
          ),
        ).toBe('ERR_JWE_INVALID');
      }
    }
  });

  it('a malformed epk is ERR_JWE_INVALID, an unknown curve ERR_NOT_SUPPORTED', () => {
    const cases: Array<[string, unknown]> = [
      ['missing', undefined],
      ['not an object', 'epk'],
      ['an array', [epk]],
      ['no crv', { ...epk, crv: undefined }],
      ['crv not a string', { ...epk, crv: 256 }],
      ['kty of another family', { ...epk, kty: 'OKP' }],
      ['no kty', { ...epk, kty: undefined }],
      ['a private member', { ...epk, d: b64(Buffer.alloc(32, 1)) }],
      ['no y', { ...epk, y: undefined }],
      ['x too short', { ...epk, x: epk.x!.slice(0, -2) }],
      ['y too long', { ...epk, y: `${epk.y!}AA` }],
      ['x not base64url', { ...epk, x: `${epk.x!.slice(0, -1)}=` }],
    ];
    for (const [why, bad] of cases) {
      expect(
        codeOf(() => decryptCompact(withHeader(jwe, { ...header, epk: bad }), p256)),
        why,
      ).toBe('ERR_JWE_INVALID');
    }
    expect(
      codeOf(() =>
        decryptCompact(withHeader(jwe, { ...header, epk: { ...epk, crv: 'secp256k1' } }), p256),
      ),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(
      codeOf(() =>
        decryptCompact(withHeader(jwe, { ...header, epk: { ...epk, crv: 'P-192' } }), p256),
      ),
    ).toBe('ERR_NOT_SUPPORTED');
  });

  it('a malformed epk is checked before the key is looked up', () => {
    const resolver = (): JoseKey => {
      throw new Error('the resolver must not be called');
    };
    expect(
      codeOf(() =>
        decryptCompact(withHeader(jwe, { ...header, epk: { ...epk, x: 'AA' } }), resolver),
      ),
    ).toBe('ERR_JWE_INVALID');
  });
});

describe('ECDH-ES keys and options', () => {
  it('the recipient key must be EC on P-256/384/521 or X25519/X448, private to decrypt', () => {
    const ed = pair('ed25519');
    const k1 = new JoseKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey);
    for (const key of [ed, k1, new JoseKey(createSecretKey(Buffer.alloc(32)))]) {
      expect(codeOf(() => encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, key))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
    }
    const jwe = encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, p256);
    expect(codeOf(() => decryptCompact(jwe, p256.toPublic()))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, ed))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('binding: use "enc", key_ops deriveKey/deriveBits or the wrap operations, and alg', () => {
    const jwk = exportJWK(p256, { private: true });
    const bound = (extra: Record<string, unknown>) => importJWK({ ...jwk, ...extra });
    const jwe = encryptCompact(
      'x',
      { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' },
      bound({ key_ops: ['deriveKey'] }),
    );
    expect(text(decryptCompact(jwe, bound({ key_ops: ['deriveBits'] })).plaintext)).toBe('x');
    expect(text(decryptCompact(jwe, bound({ use: 'enc', alg: 'ECDH-ES+A128KW' })).plaintext)).toBe(
      'x',
    );
    expect(codeOf(() => decryptCompact(jwe, bound({ use: 'sig' })))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => decryptCompact(jwe, bound({ key_ops: ['sign'] })))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => decryptCompact(jwe, bound({ alg: 'ECDH-ES' })))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('options.ephemeralKey must be a private key on the recipient curve (ERR_INVALID_ARGUMENT)', () => {
    const h = { alg: 'ECDH-ES', enc: 'A128GCM' };
    const own = exportJWK(pair('ec', 'P-256'), { private: true });
    expect(
      text(decryptCompact(encryptCompact('x', h, p256, { ephemeralKey: own }), p256).plaintext),
    ).toBe('x');
    for (const bad of [
      42,
      'key',
      { kty: 'EC' },
      { ...own, d: 'AA' },
      p384,
      pair('ec', 'P-256').toPublic(),
      x25519,
    ]) {
      expect(
        codeOf(() => encryptCompact('x', h, p256, { ephemeralKey: bad as never })),
        JSON.stringify(bad),
      ).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(
      codeOf(() =>
        encryptCompact(
          'x',
          { alg: 'A128KW', enc: 'A128GCM' },
          new JoseKey(createSecretKey(Buffer.alloc(16))),
          { ephemeralKey: own },
        ),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('the ephemeral key option reproduces the token; an epk stated in the header must be its public part', () => {
    const eph = exportJWK(pair('ec', 'P-256'), { private: true });
    const h = { alg: 'ECDH-ES', enc: 'A128GCM' };
    const fixed = { ephemeralKey: eph, iv: Buffer.alloc(12, 7) };
    const jwe = encryptCompact('x', h, p256, fixed);
    expect(encryptCompact('x', h, p256, fixed)).toBe(jwe);
    const { d: _secret, ...publicPart } = eph;
    expect(headerOf(jwe).epk).toEqual(publicPart);
    // Stated first, the epk keeps its place in the header.
    const stated = encryptCompact(
      'x',
      { alg: 'ECDH-ES', epk: { kty: 'EC', crv: 'P-256', x: eph.x, y: eph.y }, enc: 'A128GCM' },
      p256,
      fixed,
    );
    expect(Object.keys(headerOf(stated))).toEqual(['alg', 'epk', 'enc']);
    expect(codeOf(() => encryptCompact('x', { ...h, epk: publicPart }, p256))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(
      codeOf(() =>
        encryptCompact(
          'x',
          {
            ...h,
            epk: { ...publicPart, x: p256.toPublic().keyObject.export({ format: 'jwk' }).x },
          },
          p256,
          fixed,
        ),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('ECDH-ES (direct) takes no CEK option, has an empty encrypted key, and has no other recipients', () => {
    const h = { alg: 'ECDH-ES', enc: 'A128GCM' };
    expect(codeOf(() => encryptCompact('x', h, p256, { cek: Buffer.alloc(16) }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    const jwe = encryptCompact('x', h, p256).split('.');
    expect(jwe[1]).toBe('');
    expect(codeOf(() => decryptCompact([jwe[0], 'AAAA', ...jwe.slice(2)].join('.'), p256))).toBe(
      'ERR_JWE_INVALID',
    );
    const shared = { protectedHeader: { enc: 'A128GCM' } };
    expect(
      codeOf(() =>
        encryptJSON('x', shared, [
          { header: { alg: 'ECDH-ES' }, key: p256 },
          { header: { alg: 'ECDH-ES+A128KW' }, key: p384 },
        ]),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    const two = encryptJSON('x', shared, [
      { header: { alg: 'ECDH-ES+A128KW' }, key: p256 },
      { header: { alg: 'ECDH-ES+A128KW' }, key: p384 },
    ]) as GeneralJWE;
    const { encrypted_key: _dropped, ...direct } = two.recipients[0]!;
    expect(
      codeOf(() =>
        decryptJSON(
          {
            ...two,
            recipients: [
              { ...direct, header: { ...direct.header, alg: 'ECDH-ES' } },
              two.recipients[1]!,
            ],
          },
          p256,
        ),
      ),
    ).toBe('ERR_JWE_INVALID');
  });

  it('general JSON with ECDH-ES recipients on several curves: each key finds its own recipient, the others are skipped as unsuitable', () => {
    const keys = [p256, p384, x25519];
    const jwe = encryptJSON(
      'to three curves',
      { protectedHeader: { enc: 'A128CBC-HS256' } },
      keys.map((key) => ({ header: { alg: 'ECDH-ES+A256KW' }, key: key.toPublic() })),
    ) as GeneralJWE;
    for (const [i, key] of keys.entries()) {
      const r = decryptJSON(jwe, key);
      expect(text(r.plaintext)).toBe('to three curves');
      expect(r.header).toEqual(jwe.recipients[i]!.header);
    }
    expect(codeOf(() => decryptJSON(jwe, p521))).toBe('ERR_KEY_NOT_FOUND');
  });
});
