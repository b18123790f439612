import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importKey } from '../../src/jwk/import-key.js';
import { verifyCompact } from '../../src/jws/compact.js';
import { codeOf, NO_ERROR } from '../support/errors.js';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const n = (publicKey.export({ format: 'jwk' }) as { n: string }).n;
const withExponent = (hex: string) =>
  createPublicKey({
    key: { kty: 'RSA', n, e: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });

const code = codeOf;

describe('RSA public exponents of keys that do not come from a JWK', () => {
  it('a KeyObject or PEM with a 2^64-or-larger, even or tiny exponent is refused before any verification', () => {
    for (const e of ['010000000000000001', '0100000000000000000001', '010000', '01']) {
      const key = withExponent(e);
      expect(
        code(() => importKey(key)),
        e,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(
        code(() => importKey(key.export({ format: 'pem', type: 'spki' }) as string)),
        e,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(
        code(() => verifyCompact('eyJhbGciOiJSUzI1NiJ9.e30.AA', key)),
        e,
      ).toBe('ERR_KEY_UNSUITABLE');
    }
  });

  it('the usual exponents are accepted', () => {
    for (const e of ['010001', '03', 'ffffffffffffffff'])
      expect(
        code(() => importKey(withExponent(e))),
        e,
      ).toBe(NO_ERROR);
  });
});
