import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, decryptJSON, encryptCompact } from '../../src/jwe/index.js';
import { PBES2_HS256_A128KW } from '../../src/jwe/keys/pbes2.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import type { JWK } from '../../src/jwk/types.js';
import { publishedVectors } from '../support/vectors.js';
import { codeOf, hex, text, unb64 } from './support.js';

const file = publishedVectors('rfc7517-appendix-c.json', [
  'alg',
  'enc',
  'password_utf8',
  'plaintext_utf8',
  'plaintext_jwk',
  'protected_header_utf8',
  'protected_b64u',
  'p2s_b64u',
  'p2c',
  'cek_hex',
  'encrypted_key_b64u',
  'iv_b64u',
  'ciphertext_b64u',
  'tag_b64u',
  'compact',
]);
const v = file[0]!;
const allow = { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] } as const;

describe('RFC 7517 Appendix C (a JWK encrypted with PBES2-HS256+A128KW and A128CBC-HS256)', () => {
  it('has C', () => {
    expect(file.map((x) => x.id)).toEqual(['RFC7517-C']);
  });

  it('RFC 7517 C: the password decrypts the compact JWE to the published RSA JWK', () => {
    const { plaintext, protectedHeader } = decryptCompact(v.compact, v.password_utf8, allow);
    expect(text(plaintext)).toBe(v.plaintext_utf8);
    expect(protectedHeader.cty).toBe('jwk+json');
    expect(importJWK(JSON.parse(text(plaintext)) as JWK).kid).toBe(v.plaintext_jwk.kid);
  });

  it('RFC 7517 C: the password may also be bytes or a secret key, in compact and flattened JSON', () => {
    const [protectedPart, encryptedKey, iv, ciphertext, tag] = v.compact.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const flat = { protected: protectedPart, encrypted_key: encryptedKey, iv, ciphertext, tag };
    expect(text(decryptCompact(v.compact, Buffer.from(v.password_utf8), allow).plaintext)).toBe(
      v.plaintext_utf8,
    );
    expect(
      text(
        decryptJSON(flat, new JoseKey(createSecretKey(Buffer.from(v.password_utf8))), allow)
          .plaintext,
      ),
    ).toBe(v.plaintext_utf8);
    expect(text(decryptJSON(flat, () => v.password_utf8, allow).plaintext)).toBe(v.plaintext_utf8);
  });

  it('RFC 7517 C: PBKDF2 over the published salt and count gives the key that wraps the CEK to the published encrypted key', () => {
    const password = new JoseKey(createSecretKey(Buffer.from(v.password_utf8)));
    const r = PBES2_HS256_A128KW.wrap(
      password,
      hex(v.cek_hex),
      { p2c: v.p2c },
      { p2s: unb64(v.p2s_b64u) },
    );
    expect(r.encryptedKey.toString('base64url')).toBe(v.encrypted_key_b64u);
    expect(r.params).toEqual({ p2s: v.p2s_b64u, p2c: v.p2c });
  });

  it('RFC 7517 C: re-encrypting with the published CEK, IV and salt gives the published compact JWE byte for byte', () => {
    const header = JSON.parse(v.protected_header_utf8) as Record<string, unknown>;
    expect(
      encryptCompact(v.plaintext_utf8, header, v.password_utf8, {
        cek: hex(v.cek_hex),
        iv: unb64(v.iv_b64u),
        p2s: unb64(v.p2s_b64u),
      }),
    ).toBe(v.compact);
  });

  it('RFC 7517 C: a wrong password is a decryption failure, and without the allow-list PBES2 is refused', () => {
    expect(
      codeOf(() =>
        decryptCompact(v.compact, 'Thus from my lips, by yours, my sin is purged!', allow),
      ),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
    expect(codeOf(() => decryptCompact(v.compact, v.password_utf8))).toBe('ERR_ALG_NOT_ALLOWED');
  });
});
