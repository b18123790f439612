import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/index.js';
import { generateKey } from '../../src/jwk/generate.js';
import { codeOf, text } from './support.js';

const ALGS = [
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'A128GCMKW',
  'A192GCMKW',
  'A256GCMKW',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
] as const;

describe('generateKey for the added key management algorithms', () => {
  for (const alg of ALGS) {
    it(`${alg}: the generated key is bound to it and encrypts (through its public half) and decrypts`, () => {
      const key = generateKey(alg, { kid: alg });
      expect([key.alg, key.kid]).toEqual([alg, alg]);
      const recipient = key.type === 'secret' ? key : key.toPublic();
      const jwe = encryptCompact('generated', { alg, enc: 'A128GCM' }, recipient);
      expect(text(decryptCompact(jwe, key).plaintext)).toBe('generated');
    });
  }

  it('ECDH-ES keys are on P-256, and a key bound to one ECDH-ES variant refuses the others', () => {
    const key = generateKey('ECDH-ES+A128KW');
    expect([key.kty, key.crv]).toEqual(['EC', 'P-256']);
    expect(
      codeOf(() => encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, key.toPublic())),
    ).toBe('ERR_KEY_UNSUITABLE');
  });

  it('PBES2 has no generated key: its key is a password', () => {
    // @ts-expect-error the type refuses it too: PBES2 is not a GenerateKeyAlgorithm
    expect(codeOf(() => generateKey('PBES2-HS256+A128KW'))).toBe('ERR_NOT_SUPPORTED');
  });
});
