import { Buffer } from 'node:buffer';
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { A128CBC_HS256 } from '../../src/jwe/content/cbc-hmac.js';
import {
  decryptCompact,
  decryptJSON,
  type EncryptOptions,
  encryptCompact,
  encryptJSON,
  type GeneralJWE,
} from '../../src/jwe/index.js';
import { ECDH_ES } from '../../src/jwe/keys/ecdh-es.js';
import { A256GCMKW } from '../../src/jwe/keys/gcm-kw.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import { publishedVector, publishedVectors } from '../support/vectors.js';
import { codeOf, text, unb64 } from './support.js';

const SEALED = [
  'alg',
  'enc',
  'deterministic',
  'plaintext_utf8',
  'iv_b64u',
  'protected_header',
  'protected_b64u',
  'ciphertext_b64u',
  'tag_b64u',
  'json',
] as const;
const file = publishedVectors('rfc7520-jwe-more.json', SEALED);
type Vector = (typeof file)[number];
const byId = (id: string): Vector => file.find((v) => v.id === id)!;
const section = (v: Vector): string => v.source.replace('RFC 7520, Section ', '');
// A vector names its algorithms as strings; the library checks them at run time.
const allow = (v: Pick<Vector, 'alg' | 'enc'>) => ({
  keyManagementAlgorithms: [v.alg] as never,
  contentEncryptionAlgorithms: [v.enc] as never,
});
// The published inputs of the deterministic parts: CEK, IV, ephemeral key, key wrap IV, salt.
const fixed = (v: Vector): EncryptOptions => {
  const o: EncryptOptions = { iv: unb64(v.iv_b64u) };
  if (v.cek_b64u !== undefined) o.cek = unb64(v.cek_b64u);
  if (v.ephemeral_key !== undefined) o.ephemeralKey = v.ephemeral_key;
  if (v.key_wrap_iv_b64u !== undefined) o.keyWrapIv = unb64(v.key_wrap_iv_b64u);
  if (v.p2s_b64u !== undefined) o.p2s = unb64(v.p2s_b64u);
  return o;
};
// The key to decrypt with, and the one to encrypt with (the public half for ECDH-ES).
const decryptionKey = (v: Vector) => v.password_utf8 ?? v.key!;
const encryptionKey = (v: Vector) =>
  v.password_utf8 !== undefined
    ? v.password_utf8
    : v.alg.startsWith('ECDH')
      ? importJWK(v.key!).toPublic()
      : v.key!;

describe('RFC 7520 Section 5: PBES2, ECDH-ES, AES-GCM key wrap and compression', () => {
  it('has 5.3, 5.4, 5.5, 5.7, 5.9 and the other two recipients of 5.13', () => {
    expect(file.map((v) => v.id)).toEqual([
      'RFC7520-5.3',
      'RFC7520-5.4',
      'RFC7520-5.5',
      'RFC7520-5.7',
      'RFC7520-5.9/zip',
      'RFC7520-5.13/1',
      'RFC7520-5.13/2',
    ]);
  });

  for (const id of [
    'RFC7520-5.3',
    'RFC7520-5.4',
    'RFC7520-5.5',
    'RFC7520-5.7',
    'RFC7520-5.9/zip',
  ]) {
    const v = byId(id);
    const label = `RFC 7520 ${section(v)} (${v.alg}, ${v.enc}${id.endsWith('zip') ? ', zip DEF' : ''})`;

    it(`${label}: the compact, general and flattened forms decrypt to the published plaintext`, () => {
      const compact = decryptCompact(v.compact!, decryptionKey(v), allow(v));
      expect(text(compact.plaintext)).toBe(v.plaintext_utf8);
      expect(compact.protectedHeader).toEqual(v.protected_header);
      expect(text(decryptJSON(v.json, decryptionKey(v), allow(v)).plaintext)).toBe(
        v.plaintext_utf8,
      );
      expect(text(decryptJSON(v.json_flattened!, decryptionKey(v), allow(v)).plaintext)).toBe(
        v.plaintext_utf8,
      );
    });
  }

  for (const id of ['RFC7520-5.3', 'RFC7520-5.4', 'RFC7520-5.5', 'RFC7520-5.7']) {
    const v = byId(id);
    it(`RFC 7520 ${section(v)} (${v.alg}, ${v.enc}): re-encrypting with the published inputs gives the published compact and flattened JSON byte for byte`, () => {
      expect(v.deterministic).toBe(true);
      expect(encryptCompact(v.plaintext_utf8, v.protected_header, encryptionKey(v), fixed(v))).toBe(
        v.compact,
      );
      expect(
        encryptJSON(
          v.plaintext_utf8,
          { protectedHeader: v.protected_header },
          [{ key: encryptionKey(v) }],
          fixed(v),
        ),
      ).toEqual(v.json_flattened);
    });
  }

  it('RFC 7520 5.3 (PBES2-HS512+A256KW): the password works as a string and as bytes, and only when PBES2 is allowed by name', () => {
    const v = byId('RFC7520-5.3');
    expect(
      text(decryptCompact(v.compact!, Buffer.from(v.password_utf8!, 'utf8'), allow(v)).plaintext),
    ).toBe(v.plaintext_utf8);
    expect(codeOf(() => decryptCompact(v.compact!, v.password_utf8!))).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => decryptCompact(v.compact!, `${v.password_utf8!}x`, allow(v)))).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
  });

  it('RFC 7520 5.4 (ECDH-ES+A128KW, P-384): a JWK Set resolver picks the key by the curve of the epk', () => {
    const v = byId('RFC7520-5.4');
    const p256 = byId('RFC7520-5.5').key!;
    const resolver = createLocalKeySet({ keys: [{ ...p256, kid: v.key!.kid! }, v.key!] });
    expect(text(decryptCompact(v.compact!, resolver).plaintext)).toBe(v.plaintext_utf8);
  });

  it('RFC 7520 5.5 (ECDH-ES, P-256): the recipient agrees on the published CEK', () => {
    const v = byId('RFC7520-5.5');
    expect(
      ECDH_ES.cek(importJWK(v.key!), A128CBC_HS256, v.protected_header).toString('base64url'),
    ).toBe(v.agreed_cek_b64u);
  });

  it('RFC 7520 5.7 (A256GCMKW): the key wrap gives the published encrypted key and tag', () => {
    const v = byId('RFC7520-5.7');
    const r = A256GCMKW.wrap(
      importJWK(v.key!),
      unb64(v.cek_b64u!),
      {},
      { keyWrapIv: unb64(v.key_wrap_iv_b64u!) },
    );
    expect([r.encryptedKey.toString('base64url'), r.params]).toEqual([
      v.encrypted_key_b64u,
      { iv: v.key_wrap_iv_b64u, tag: v.key_wrap_tag_b64u },
    ]);
    expect(
      A256GCMKW.unwrap(
        importJWK(v.key!),
        unb64(v.encrypted_key_b64u!),
        32,
        v.protected_header,
      ).toString('base64url'),
    ).toBe(v.cek_b64u);
  });

  it('RFC 7520 5.9 (zip DEF): re-encrypting with the published CEK and IV keeps header, encrypted key and IV; our DEFLATE output differs, and decrypts', () => {
    const v = byId('RFC7520-5.9/zip');
    expect(v.deterministic).toBe(false);
    const ours = encryptCompact(v.plaintext_utf8, v.protected_header, v.key!, fixed(v));
    const [h, k, iv] = ours.split('.');
    expect([h, k, iv]).toEqual(v.compact!.split('.').slice(0, 3));
    expect(text(decryptCompact(ours, v.key!).plaintext)).toBe(v.plaintext_utf8);
  });

  it('RFC 7520 5.9 (zip DEF): the plaintext is returned inflated, and a lower maxDecompressedSize refuses it', () => {
    const v = byId('RFC7520-5.9/zip');
    const size = Buffer.byteLength(v.plaintext_utf8);
    expect(decryptCompact(v.compact!, v.key!, { maxDecompressedSize: size }).plaintext.length).toBe(
      size,
    );
    expect(
      codeOf(() => decryptCompact(v.compact!, v.key!, { maxDecompressedSize: size - 1 })),
    ).toBe('ERR_JWE_INVALID');
  });
});

describe('RFC 7520 5.13 (three recipients: RSA1_5, ECDH-ES+A256KW, A256GCMKW)', () => {
  const rsa = publishedVector('rfc7520-jwe.json', 'RFC7520-5.13', SEALED);
  const r1 = byId('RFC7520-5.13/1');
  const r2 = byId('RFC7520-5.13/2');

  it('RFC 7520 5.13: each of the three recipient keys decrypts the general JSON, with its own header', () => {
    for (const v of [rsa, r1, r2]) {
      const r = decryptJSON(r1.json, v.key!, allow(v));
      expect(text(r.plaintext)).toBe(r1.plaintext_utf8);
      expect(r.header).toEqual(v.header);
      expect(r.unprotectedHeader).toEqual({ cty: 'text/plain' });
    }
    // Without allow-lists the two recipients that need no opting in are found by their keys alone.
    expect(text(decryptJSON(r1.json, r1.key!).plaintext)).toBe(r1.plaintext_utf8);
    expect(text(decryptJSON(r1.json, r2.key!).plaintext)).toBe(r1.plaintext_utf8);
  });

  it('RFC 7520 5.13: re-encrypting with the published CEK, IV, ephemeral key and key wrap IV gives the published JSON but the randomized RSA1_5 encrypted key', () => {
    const ours = encryptJSON(
      r1.plaintext_utf8,
      { protectedHeader: r1.protected_header, unprotectedHeader: r1.unprotected! },
      [
        { header: rsa.header!, key: importJWK(rsa.key!).toPublic() },
        { header: r1.header!, key: importJWK(r1.key!).toPublic() },
        { header: r2.header!, key: r2.key! },
      ],
      { ...fixed(r1), keyWrapIv: unb64(r2.key_wrap_iv_b64u!) },
    ) as GeneralJWE;
    const published = structuredClone(r1.json);
    published.recipients[0]!.encrypted_key = ours.recipients[0]!.encrypted_key!;
    expect(ours).toEqual(published);
    expect(text(decryptJSON(ours, rsa.key!, allow(rsa)).plaintext)).toBe(r1.plaintext_utf8);
  });
});

describe('JOSE Cookbook curve25519/ecdh-es.json (ECDH-ES with X25519, RFC 8037 s3.2)', () => {
  const v = publishedVector('cookbook-x25519-ecdh-es.json', 'Cookbook-X25519-ECDH-ES', [
    'alg',
    'enc',
    'key',
    'json',
  ]);
  // importJWK does not read OKP keys yet; node imports the JWK directly.
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', x: v.key.x!, d: v.key.d! },
    format: 'jwk',
  });

  it('Cookbook X25519 ECDH-ES (A128GCM): the compact, general and flattened forms decrypt to the published plaintext', () => {
    const compact = decryptCompact(v.compact!, key, allow(v));
    expect(text(compact.plaintext)).toBe(v.plaintext_utf8);
    expect(compact.protectedHeader).toEqual(v.protected_header);
    expect(text(decryptJSON(v.json, key, allow(v)).plaintext)).toBe(v.plaintext_utf8);
    expect(text(decryptJSON(v.json_flattened!, key, allow(v)).plaintext)).toBe(v.plaintext_utf8);
  });
});
