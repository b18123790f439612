import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JoseKey } from '../../src/jwk/key.js';
import { A128KW, A192KW, A256KW } from '../../src/jwe/keys/aes-kw.js';
import { codeOf, hex, loadVectors } from './support.js';

interface Vector {
  id: string;
  source: string;
  jwa_alg: string;
  kek_hex: string;
  key_data_hex: string;
  ciphertext_hex: string;
}

const KW = { A128KW, A192KW, A256KW } as Record<string, typeof A128KW>;
const file = loadVectors<Vector>('rfc3394-aes-key-wrap.json');

describe('RFC 3394 Section 4 (AES Key Wrap test vectors)', () => {
  it('has all six vectors', () => {
    expect(file.vectors.map((v) => v.id)).toEqual(['RFC3394-4.1', 'RFC3394-4.2', 'RFC3394-4.3', 'RFC3394-4.4', 'RFC3394-4.5', 'RFC3394-4.6']);
  });

  for (const v of file.vectors) {
    const kw = KW[v.jwa_alg]!;
    const kek = new JoseKey(createSecretKey(hex(v.kek_hex)));
    const keyData = hex(v.key_data_hex);

    it(`${v.source}: ${v.jwa_alg} wraps the key data to the published ciphertext`, () => {
      expect(kw.wrap(kek, keyData, {}, {}).encryptedKey.toString('hex')).toBe(v.ciphertext_hex);
    });

    it(`${v.source}: ${v.jwa_alg} unwraps the published ciphertext to the key data`, () => {
      expect(kw.unwrap(kek, hex(v.ciphertext_hex), keyData.length, {}).toString('hex')).toBe(v.key_data_hex);
    });

    it(`${v.source}: the integrity check refuses every single-bit change`, () => {
      const ciphertext = hex(v.ciphertext_hex);
      for (let bit = 0; bit < ciphertext.length * 8; bit += 7) {
        const bad = Buffer.from(ciphertext);
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(codeOf(() => kw.unwrap(kek, bad, keyData.length, {}))).toBe('ERR_JWE_DECRYPTION_FAILED');
      }
    });

    it(`${v.source}: a wrapped key of the wrong length is the one decryption failure`, () => {
      const ciphertext = hex(v.ciphertext_hex);
      expect(codeOf(() => kw.unwrap(kek, ciphertext.subarray(8), keyData.length, {}))).toBe('ERR_JWE_DECRYPTION_FAILED');
      expect(codeOf(() => kw.unwrap(kek, ciphertext, keyData.length + 8, {}))).toBe('ERR_JWE_DECRYPTION_FAILED');
    });
  }
});
