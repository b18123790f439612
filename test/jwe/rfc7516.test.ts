import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { A128CBC_HS256 } from '../../src/jwe/content/cbc-hmac.js';
import { A256GCM } from '../../src/jwe/content/gcm.js';
import {
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
  type GeneralJWE,
} from '../../src/jwe/index.js';
import { A128KW } from '../../src/jwe/keys/aes-kw.js';
import { RSA_OAEP } from '../../src/jwe/keys/rsa-oaep.js';
import { RSA1_5 } from '../../src/jwe/keys/rsa1_5.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { publishedVector, publishedVectors } from '../support/vectors.js';
import { hex, text, unb64 } from './support.js';

const file = publishedVectors('rfc7516-appendix-a.json', ['enc']);
const byId = (id: string) => file.find((v) => v.id === id)!;
const a1 = byId('RFC7516-A.1');
const a2 = byId('RFC7516-A.2');
const a3 = byId('RFC7516-A.3');
const a4 = byId('RFC7516-A.4');
const a5 = byId('RFC7516-A.5');
const rsaOaepKey = importJWK(a1.key!);
const rsa15Key = importJWK(a2.key!);
const kwKey = importJWK(a3.key!);
const parts = (compact: string): string[] => compact.split('.');

describe('RFC 7516 Appendix A (JWE examples)', () => {
  it('has A.1 to A.5 and B', () => {
    expect(file.map((v) => v.id)).toEqual([
      'RFC7516-A.1',
      'RFC7516-A.2',
      'RFC7516-A.3',
      'RFC7516-A.4',
      'RFC7516-A.5',
      'RFC7516-B',
    ]);
  });

  it('RFC 7516 A.1 (RSA-OAEP, A256GCM): the encrypted key decrypts to the published CEK', () => {
    expect(
      RSA_OAEP.unwrap(rsaOaepKey, unb64(a1.encrypted_key_b64u!), 32, {}).toString('base64url'),
    ).toBe(a1.cek_b64u);
  });

  it('RFC 7516 A.1 (RSA-OAEP, A256GCM): the compact JWE decrypts to the published plaintext', () => {
    const { plaintext, protectedHeader } = decryptCompact(a1.compact!, a1.key!);
    expect(text(plaintext)).toBe(a1.plaintext_utf8);
    expect(protectedHeader).toEqual(JSON.parse(a1.protected_header_utf8!));
  });

  it('RFC 7516 A.1 (RSA-OAEP, A256GCM): re-encrypting with the published CEK and IV gives the same header, IV, ciphertext and tag', () => {
    const ours = encryptCompact(
      a1.plaintext_utf8!,
      { alg: 'RSA-OAEP', enc: 'A256GCM' },
      rsaOaepKey.toPublic(),
      {
        cek: unb64(a1.cek_b64u!),
        iv: unb64(a1.iv_b64u!),
      },
    );
    const [h, ek, iv, c, t] = parts(ours);
    const published = parts(a1.compact!);
    expect([h, iv, c, t]).toEqual([published[0], published[2], published[3], published[4]]);
    expect(ek).not.toBe(published[1]);
    expect(text(decryptCompact(ours, rsaOaepKey).plaintext)).toBe(a1.plaintext_utf8);
  });

  it('RFC 7516 A.1: the content layer alone reproduces ciphertext and tag from CEK, IV and AAD', () => {
    const { ciphertext, tag } = A256GCM.encrypt(
      unb64(a1.cek_b64u!),
      unb64(a1.iv_b64u!),
      Buffer.from(a1.plaintext_utf8!),
      Buffer.from(a1.aad_ascii!, 'ascii'),
    );
    expect(ciphertext.toString('base64url')).toBe(a1.ciphertext_b64u);
    expect(tag.toString('base64url')).toBe(a1.tag_b64u);
  });

  it('RFC 7516 A.2 (RSA1_5, A128CBC-HS256): the encrypted key decrypts to the published CEK', () => {
    expect(
      RSA1_5.unwrap(rsa15Key, unb64(a2.encrypted_key_b64u!), 32, {}).toString('base64url'),
    ).toBe(a2.cek_b64u);
  });

  it('RFC 7516 A.2 (RSA1_5, A128CBC-HS256): the compact JWE decrypts when RSA1_5 is allowed by name', () => {
    const { plaintext } = decryptCompact(a2.compact!, rsa15Key, {
      keyManagementAlgorithms: ['RSA1_5'],
    });
    expect(text(plaintext)).toBe(a2.plaintext_utf8);
  });

  it('RFC 7516 A.2 (RSA1_5, A128CBC-HS256): re-encrypting with the published CEK and IV gives the same header, IV, ciphertext and tag', () => {
    const ours = encryptCompact(
      a2.plaintext_utf8!,
      { alg: 'RSA1_5', enc: 'A128CBC-HS256' },
      rsa15Key,
      {
        cek: unb64(a2.cek_b64u!),
        iv: unb64(a2.iv_b64u!),
      },
    );
    const [h, , iv, c, t] = parts(ours);
    const published = parts(a2.compact!);
    expect([h, iv, c, t]).toEqual([published[0], published[2], published[3], published[4]]);
    expect(
      text(decryptCompact(ours, rsa15Key, { keyManagementAlgorithms: ['RSA1_5'] }).plaintext),
    ).toBe(a2.plaintext_utf8);
  });

  it('RFC 7516 A.3 (A128KW, A128CBC-HS256): the key wrap output is the published encrypted key', () => {
    expect(A128KW.wrap(kwKey, unb64(a3.cek_b64u!), {}, {}).encryptedKey.toString('base64url')).toBe(
      a3.encrypted_key_b64u,
    );
  });

  it('RFC 7516 A.3 (A128KW, A128CBC-HS256): re-encrypting with the published CEK and IV gives the published compact JWE byte for byte', () => {
    const ours = encryptCompact(
      a3.plaintext_utf8!,
      { alg: 'A128KW', enc: 'A128CBC-HS256' },
      a3.key!,
      {
        cek: unb64(a3.cek_b64u!),
        iv: unb64(a3.iv_b64u!),
      },
    );
    expect(ours).toBe(a3.compact);
  });

  it('RFC 7516 A.3 (A128KW, A128CBC-HS256): the compact JWE decrypts to the published plaintext', () => {
    expect(text(decryptCompact(a3.compact!, kwKey).plaintext)).toBe(a3.plaintext_utf8);
  });

  it('RFC 7516 A.4 (general JSON, RSA1_5 and A128KW recipients): each recipient key decrypts it', () => {
    const viaKw = decryptJSON(a4.json!, kwKey);
    expect(text(viaKw.plaintext)).toBe(a4.plaintext_utf8);
    expect(viaKw.header).toEqual(a4.recipients![1]!.header);
    expect(viaKw.unprotectedHeader).toEqual(a4.unprotected);
    expect(viaKw.protectedHeader).toEqual({ enc: 'A128CBC-HS256' });
    expect(viaKw.additionalAuthenticatedData).toBeUndefined();
    const viaRsa = decryptJSON(JSON.stringify(a4.json), rsa15Key, {
      keyManagementAlgorithms: ['RSA1_5'],
    });
    expect(text(viaRsa.plaintext)).toBe(a4.plaintext_utf8);
    expect(viaRsa.header).toEqual(a4.recipients![0]!.header);
  });

  it('RFC 7516 A.4 (general JSON): re-encrypting with the published CEK and IV gives the published JSON except the randomized RSA1_5 encrypted key', () => {
    const ours = encryptJSON(
      a4.plaintext_utf8!,
      {
        protectedHeader: { enc: 'A128CBC-HS256' },
        unprotectedHeader: { jku: 'https://server.example.com/keys.jwks' },
      },
      [
        { header: { alg: 'RSA1_5', kid: '2011-04-29' }, key: rsa15Key.toPublic() },
        { header: { alg: 'A128KW', kid: '7' }, key: kwKey },
      ],
      { cek: unb64(a4.cek_b64u!), iv: unb64(a4.iv_b64u!) },
    ) as GeneralJWE;
    const rsaKey = ours.recipients[0]!.encrypted_key;
    const published = structuredClone(a4.json!) as GeneralJWE;
    published.recipients[0]!.encrypted_key = rsaKey!;
    expect(ours).toEqual(published);
    expect(
      text(decryptJSON(ours, rsa15Key, { keyManagementAlgorithms: ['RSA1_5'] }).plaintext),
    ).toBe(a4.plaintext_utf8);
  });

  it('RFC 7516 A.5 (flattened JSON, A128KW): it decrypts, and re-encrypting gives the published JSON byte for byte', () => {
    expect(text(decryptJSON(a5.json!, kwKey).plaintext)).toBe(a5.plaintext_utf8);
    const ours = encryptJSON(
      a5.plaintext_utf8!,
      {
        protectedHeader: { enc: 'A128CBC-HS256' },
        unprotectedHeader: { jku: 'https://server.example.com/keys.jwks' },
      },
      [{ header: { alg: 'A128KW', kid: '7' }, key: kwKey }],
      { cek: unb64(a4.cek_b64u!), iv: unb64(a4.iv_b64u!) },
    );
    expect(ours).toEqual(a5.json);
  });
});

describe('RFC 7516 Appendix B (AES_128_CBC_HMAC_SHA_256 computation)', () => {
  const b = publishedVector('rfc7516-appendix-a.json', 'RFC7516-B', [
    'cek_hex',
    'mac_key_hex',
    'enc_key_hex',
    'hmac_output_hex',
    'tag_hex',
    'al_hex',
    'aad_hex',
    'iv_hex',
    'plaintext_hex',
    'ciphertext_hex',
  ]);
  it('RFC 7516 B: the CEK halves are MAC_KEY and ENC_KEY, and AL is the AAD bit length', () => {
    expect(b.cek_hex).toBe(b.mac_key_hex! + b.enc_key_hex!);
    expect(b.hmac_output_hex!.startsWith(b.tag_hex!)).toBe(true);
    expect(BigInt(`0x${b.al_hex}`)).toBe(BigInt(b.aad_hex!.length * 4));
  });

  it('RFC 7516 B: A128CBC-HS256 gives the published ciphertext and tag, and decrypts them back', () => {
    const [cek, iv, plaintext, aad] = [
      hex(b.cek_hex!),
      hex(b.iv_hex!),
      hex(b.plaintext_hex!),
      hex(b.aad_hex!),
    ];
    const { ciphertext, tag } = A128CBC_HS256.encrypt(cek, iv, plaintext, aad);
    expect(ciphertext.toString('hex')).toBe(b.ciphertext_hex);
    expect(tag.toString('hex')).toBe(b.tag_hex);
    expect(A128CBC_HS256.decrypt(cek, iv, ciphertext, tag, aad).toString('hex')).toBe(
      b.plaintext_hex,
    );
  });
});
