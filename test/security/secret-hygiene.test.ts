import { Buffer } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { importKey } from '../../src/jwk/import-key.js';

// Secret temporaries are zeroed once used (noble's habit): the CEK, derived KEKs, the ECDH
// shared secret, PBKDF2 output and the raw RSA block. node:crypto is wrapped so the test sees
// the very buffers the library handed to it or got from it, and looks at them afterwards.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    createCipheriv: vi.fn(actual.createCipheriv),
    createDecipheriv: vi.fn(actual.createDecipheriv),
    privateDecrypt: vi.fn(actual.privateDecrypt),
    diffieHellman: vi.fn(actual.diffieHellman),
    pbkdf2Sync: vi.fn(actual.pbkdf2Sync),
  };
});
const { createSecretKey, generateKeyPairSync } = nodeCrypto;
const spies = {
  cipher: vi.mocked(nodeCrypto.createCipheriv),
  decipher: vi.mocked(nodeCrypto.createDecipheriv),
  privateDecrypt: vi.mocked(nodeCrypto.privateDecrypt),
  diffieHellman: vi.mocked(nodeCrypto.diffieHellman),
  pbkdf2Sync: vi.mocked(nodeCrypto.pbkdf2Sync),
};

beforeEach(() => {
  for (const spy of Object.values(spies)) spy.mockClear();
});

const zeroed = (b: Uint8Array): boolean => b.length > 0 && b.every((x) => x === 0);

// The raw key octets given to AES ciphers (content encryption and key wrap); KeyObjects are the
// caller's keys and are not ours to wipe.
function rawCipherKeys(): { cipher: string; key: Buffer }[] {
  return [...spies.cipher.mock.calls, ...spies.decipher.mock.calls]
    .filter((c) => Buffer.isBuffer(c[1]))
    .map((c) => ({ cipher: c[0] as string, key: c[1] as Buffer }));
}

// Everything the primitives returned that is secret: raw RSA output, Z, PBKDF2 output.
function secretResults(): Buffer[] {
  return [spies.privateDecrypt, spies.diffieHellman, spies.pbkdf2Sync].flatMap((s) =>
    s.mock.results.filter((r) => r.type === 'return').map((r) => r.value as Buffer),
  );
}

const rsa = importKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const ec = importKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const x25519 = importKey(generateKeyPairSync('x25519').privateKey);
const kek = importKey(Buffer.alloc(16, 1));

const CASES = [
  { alg: 'A128KW', key: kek, allow: undefined },
  { alg: 'A128GCMKW', key: kek, allow: undefined },
  { alg: 'RSA-OAEP', key: rsa, allow: undefined },
  { alg: 'RSA1_5', key: rsa, allow: ['RSA1_5'] },
  { alg: 'ECDH-ES', key: ec, allow: undefined },
  { alg: 'ECDH-ES+A128KW', key: x25519, allow: undefined },
  { alg: 'PBES2-HS256+A128KW', key: 'correct horse', allow: ['PBES2-HS256+A128KW'] },
] as const;

describe('secret temporaries are zeroed once used', () => {
  for (const enc of ['A128GCM', 'A128CBC-HS256'] as const) {
    for (const { alg, key, allow } of CASES) {
      it(`${alg} with ${enc}: the CEK and KEK after encrypting; those, Z, PBKDF2 and raw RSA output after decrypting`, () => {
        const header = alg.startsWith('PBES2') ? { alg, enc, p2c: 1000 } : { alg, enc };
        const token = encryptCompact('secret message', header, key);
        const sent = rawCipherKeys();
        expect(sent.length).toBeGreaterThan(0);
        for (const { cipher, key: k } of sent)
          expect(zeroed(k), `${cipher} key after encrypting`).toBe(true);
        expect(secretResults().every(zeroed)).toBe(true);

        for (const spy of Object.values(spies)) spy.mockClear();
        const { plaintext } = decryptCompact(
          token,
          key,
          allow === undefined ? {} : { keyManagementAlgorithms: [...allow] },
        );
        expect(Buffer.from(plaintext).toString()).toBe('secret message');
        const received = rawCipherKeys();
        expect(received.length).toBeGreaterThan(0);
        for (const { cipher, key: k } of received)
          expect(zeroed(k), `${cipher} key after decrypting`).toBe(true);
        const results = secretResults();
        if (alg.startsWith('RSA') || alg.startsWith('ECDH') || alg.startsWith('PBES2'))
          expect(results.length).toBeGreaterThan(0);
        for (const r of results)
          expect(zeroed(r), `${alg}: primitive output after decrypting`).toBe(true);
      });
    }
  }

  it('a failed decryption (wrong key) still zeroes the CEK it recovered', () => {
    const token = encryptCompact('m', { alg: 'RSA1_5', enc: 'A128GCM' }, rsa);
    const other = importKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    spies.decipher.mockClear();
    spies.privateDecrypt.mockClear();
    expect(() => decryptCompact(token, other, { keyManagementAlgorithms: ['RSA1_5'] })).toThrow();
    for (const { key: k } of rawCipherKeys()) expect(zeroed(k)).toBe(true);
    for (const r of secretResults()) expect(zeroed(r)).toBe(true);
  });
});

describe('buffers someone else holds are never zeroed', () => {
  it("the caller's test-only CEK stays as given, and so does the plaintext", () => {
    const cek = Buffer.alloc(16, 9);
    const plaintext = Buffer.from('kept');
    const token = encryptCompact(plaintext, { alg: 'A128KW', enc: 'A128GCM' }, kek, { cek });
    expect(cek.equals(Buffer.alloc(16, 9))).toBe(true);
    expect(plaintext.toString()).toBe('kept');
    encryptJSON(plaintext, { protectedHeader: { alg: 'A128KW', enc: 'A128GCM' } }, [{ key: kek }], {
      cek,
    });
    expect(cek.equals(Buffer.alloc(16, 9))).toBe(true);
    expect(Buffer.from(decryptCompact(token, kek).plaintext).toString()).toBe('kept');
  });

  it("a dir key's octets (the CEK itself, held for the key's life) survive every use", () => {
    const octets = Buffer.alloc(16, 7);
    const dir = importKey(createSecretKey(octets));
    const tokens = [1, 2, 3].map((i) =>
      encryptCompact(`m${i}`, { alg: 'dir', enc: 'A128GCM' }, dir),
    );
    const json = encryptJSON('j', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [
      { key: dir },
    ]);
    for (const [i, token] of tokens.entries()) {
      expect(Buffer.from(decryptCompact(token, dir).plaintext).toString()).toBe(`m${i + 1}`);
    }
    expect(Buffer.from(decryptJSON(json, dir).plaintext).toString()).toBe('j');
    expect(octets.equals(Buffer.alloc(16, 7))).toBe(true);
  });

  it('a plaintext handed out stays intact while later tokens are decrypted', () => {
    const first = decryptCompact(
      encryptCompact('first', { alg: 'ECDH-ES', enc: 'A128CBC-HS256' }, ec),
      ec,
    ).plaintext;
    for (let i = 0; i < 5; i++)
      decryptCompact(encryptCompact(`n${i}`, { alg: 'ECDH-ES', enc: 'A128CBC-HS256' }, ec), ec);
    expect(Buffer.from(first).toString()).toBe('first');
  });
});
