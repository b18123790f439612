import { Buffer } from 'node:buffer';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptCompact, decryptJSON, encryptCompact, encryptJSON } from '../../src/jwe/index.js';
import { RSA1_5, unpadCek } from '../../src/jwe/keys/rsa1_5.js';
import { JoseKey } from '../../src/jwk/key.js';
import { errorOf } from './support.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = new JoseKey(privateKey);
const K = 256;
const ALLOW = { keyManagementAlgorithms: ['RSA1_5'] } as const;

// Raw RSA on an encoded block we build ourselves, to make ciphertexts a sender never would.
const rawEncrypt = (em: Uint8Array): string =>
  publicEncrypt({ key: key.publicKeyObject(), padding: constants.RSA_NO_PADDING }, em).toString(
    'base64url',
  );

function block(message: Uint8Array, tweak?: (em: Buffer) => void): Buffer {
  const em = Buffer.alloc(K, 0x5a);
  em[0] = 0x00;
  em[1] = 0x02;
  em[K - message.length - 1] = 0x00;
  Buffer.from(message).copy(em, K - message.length);
  tweak?.(em);
  return em;
}

const withKey = (token: string, encryptedKey: string): string => {
  const p = token.split('.');
  p[1] = encryptedKey;
  return p.join('.');
};

describe('RSA1_5 failures are indistinguishable (RFC 7516 s11.5)', () => {
  const token = encryptCompact('attack at dawn', { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, key);
  const cek = Buffer.alloc(32, 9);

  it('the crafted blocks are what they claim: a well-formed block with a right-length CEK decrypts', () => {
    // Same content under a known CEK, with the encrypted key replaced by our own raw block.
    const known = encryptCompact('attack at dawn', { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, key, {
      cek,
    });
    const rebuilt = withKey(known, rawEncrypt(block(cek)));
    expect(Buffer.from(decryptCompact(rebuilt, key, ALLOW).plaintext).toString()).toBe(
      'attack at dawn',
    );
  });

  it('broken padding, a wrong-length CEK in valid padding, and a bad tag raise the identical error', () => {
    const tagged = token.split('.');
    tagged[4] = Buffer.from(Buffer.from(tagged[4]!, 'base64url').map((b) => b ^ 1)).toString(
      'base64url',
    );
    const cases = {
      'block type 01': withKey(token, rawEncrypt(block(cek, (em) => (em[1] = 0x01)))),
      'zero inside the padding string': withKey(
        token,
        rawEncrypt(block(cek, (em) => (em[5] = 0x00))),
      ),
      'no separator': withKey(token, rawEncrypt(block(cek, (em) => (em[K - 33] = 0x01)))),
      'padding string shorter than 8 octets': withKey(
        token,
        rawEncrypt(block(Buffer.alloc(K - 10, 7))),
      ),
      'wrong-length CEK inside valid padding (16 octets)': withKey(
        token,
        publicEncrypt(
          { key: key.publicKeyObject(), padding: constants.RSA_PKCS1_PADDING },
          Buffer.alloc(16, 3),
        ).toString('base64url'),
      ),
      'wrong-length CEK inside valid padding (64 octets)': withKey(
        token,
        rawEncrypt(block(Buffer.alloc(64, 4))),
      ),
      'a valid block holding a wrong CEK': withKey(token, rawEncrypt(block(Buffer.alloc(32, 1)))),
      'a ciphertext not below the modulus': withKey(
        token,
        Buffer.alloc(K, 0xff).toString('base64url'),
      ),
      'bad tag': tagged.join('.'),
    };
    const errors = Object.entries(cases).map(([name, jwe]) => {
      const e = errorOf(() => decryptCompact(jwe, key, ALLOW));
      return { name, code: e.code, message: e.message };
    });
    for (const e of errors) {
      expect({ name: e.name, code: e.code, message: e.message }).toEqual({
        name: e.name,
        code: 'ERR_JWE_DECRYPTION_FAILED',
        message: 'JWE decryption failed',
      });
    }
  });

  it('the same holds for the JSON serialization', () => {
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'RSA1_5', enc: 'A256GCM' } }, [{ key }]);
    const bad = {
      ...jwe,
      encrypted_key: rawEncrypt(block(Buffer.alloc(32, 1), (em) => (em[1] = 0x01))),
    };
    const e = errorOf(() => decryptJSON(bad, key, ALLOW));
    expect([e.code, e.message]).toEqual(['ERR_JWE_DECRYPTION_FAILED', 'JWE decryption failed']);
  });

  it('a bad block yields a fresh random CEK of the right length, a good one its CEK', () => {
    const bad = Buffer.from(rawEncrypt(block(cek, (em) => (em[1] = 0x03))), 'base64url');
    const first = RSA1_5.unwrap(key, bad, 32, {});
    const second = RSA1_5.unwrap(key, bad, 32, {});
    expect(first.length).toBe(32);
    expect(first.equals(second)).toBe(false);
    const good = Buffer.from(rawEncrypt(block(cek)), 'base64url');
    expect(RSA1_5.unwrap(key, good, 32, {}).equals(cek)).toBe(true);
  });

  it('an encrypted key that is not as long as the modulus fails as a bad tag does (issue 12 s4)', () => {
    const p = token.split('.');
    p[1] = Buffer.from(p[1]!, 'base64url').subarray(1).toString('base64url');
    expect(errorOf(() => decryptCompact(p.join('.'), key, ALLOW)).code).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
  });
});

// A plain reading of RFC 8017 s7.2.2 step 3, with early returns: the reference for unpadCek.
function reference(em: Uint8Array, cekBytes: number): Uint8Array | undefined {
  if (em[0] !== 0x00 || em[1] !== 0x02) return undefined;
  const separator = em.indexOf(0x00, 2);
  if (separator < 0 || separator - 2 < 8) return undefined;
  const message = em.subarray(separator + 1);
  return message.length === cekBytes ? message : undefined;
}

describe('unpadCek (constant-time EME-PKCS1-v1_5 decoding)', () => {
  it('agrees with a plain RFC 8017 decoder on valid and damaged blocks', () => {
    const nonZero = fc.integer({ min: 1, max: 255 });
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32, 48, 64),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.array(nonZero, { minLength: K, maxLength: K }),
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(0, 1, 2, 9, 10, K - 17, K - 25, K - 33, K - 49, K - 65),
              fc.nat({ max: K - 1 }),
            ),
            fc.nat({ max: 255 }),
          ),
          { maxLength: 3 },
        ),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (cekBytes, cekPool, padding, damage, fallbackPool) => {
          const em = block(cekPool.subarray(0, cekBytes), (b) => {
            for (let i = 2; i < K - cekBytes - 1; i++) b[i] = padding[i]!;
            for (const [at, value] of damage) b[at] = value;
          });
          const fallback = fallbackPool.subarray(0, cekBytes);
          const expected = reference(em, cekBytes) ?? fallback;
          expect(Buffer.from(unpadCek(em, cekBytes, fallback)).equals(Buffer.from(expected))).toBe(
            true,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
