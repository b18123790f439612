import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyWrapVector } from '../../src/conformance/types.js';
import { A128KW, A192KW, A256KW } from '../../src/jwe/keys/aes-kw.js';
import { JoseKey } from '../../src/jwk/key.js';
import { vectorsOf } from '../support/vectors.js';
import { codeOf } from './support.js';

const KW = { A128KW, A192KW, A256KW } as Record<string, typeof A128KW>;
// Read through the one typed loader: no transcription field is needed here.
const file = {
  vectors: vectorsOf('rfc3394-aes-key-wrap.json').filter(
    (v): v is KeyWrapVector => v.kind === 'key-wrap',
  ),
};
const bytes = (b64u: string): Buffer => Buffer.from(b64u, 'base64url');

describe('RFC 3394 Section 4 (AES Key Wrap test vectors)', () => {
  it('has all six vectors', () => {
    expect(file.vectors.map((v) => v.id)).toEqual([
      'RFC3394-4.1',
      'RFC3394-4.2',
      'RFC3394-4.3',
      'RFC3394-4.4',
      'RFC3394-4.5',
      'RFC3394-4.6',
    ]);
  });

  for (const v of file.vectors) {
    const source = `${v.rfc}, ${v.section}`;
    const alg = v.inputs.alg;
    const kw = KW[alg]!;
    const kek = new JoseKey(createSecretKey(bytes(v.keys[v.inputs.kek]!.k as string)));
    const keyData = bytes(v.inputs.keyDataB64u);

    it(`${source}: ${alg} wraps the key data to the published ciphertext`, () => {
      expect(kw.wrap(kek, keyData, {}, {}).encryptedKey.toString('base64url')).toBe(
        v.expected.wrappedB64u,
      );
    });

    it(`${source}: ${alg} unwraps the published ciphertext to the key data`, () => {
      expect(
        kw.unwrap(kek, bytes(v.expected.wrappedB64u), keyData.length, {}).toString('base64url'),
      ).toBe(v.inputs.keyDataB64u);
    });

    it(`${source}: the integrity check refuses every single-bit change`, () => {
      const ciphertext = bytes(v.expected.wrappedB64u);
      for (let bit = 0; bit < ciphertext.length * 8; bit += 7) {
        const bad = Buffer.from(ciphertext);
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(codeOf(() => kw.unwrap(kek, bad, keyData.length, {}))).toBe(
          'ERR_JWE_DECRYPTION_FAILED',
        );
      }
    });

    it(`${source}: a wrapped key of the wrong length is the one decryption failure`, () => {
      const ciphertext = bytes(v.expected.wrappedB64u);
      expect(codeOf(() => kw.unwrap(kek, ciphertext.subarray(8), keyData.length, {}))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      expect(codeOf(() => kw.unwrap(kek, ciphertext, keyData.length + 8, {}))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
    });
  }
});
