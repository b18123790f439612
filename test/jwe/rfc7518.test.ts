import { describe, expect, it } from 'vitest';
import { A128CBC_HS256, A192CBC_HS384, A256CBC_HS512 } from '../../src/jwe/content/cbc-hmac.js';
import { publishedVectors } from '../support/vectors.js';
import { codeOf, hex } from './support.js';

const CBC = {
  'RFC7518-B.1': A128CBC_HS256,
  'RFC7518-B.2': A192CBC_HS384,
  'RFC7518-B.3': A256CBC_HS512,
} as Record<string, typeof A128CBC_HS256>;
const file = publishedVectors('rfc7518-appendix-b.json', [
  'K_hex',
  'MAC_KEY_hex',
  'ENC_KEY_hex',
  'P_hex',
  'IV_hex',
  'A_hex',
  'AL_hex',
  'E_hex',
  'M_hex',
  'T_hex',
]);

describe('RFC 7518 Appendix B (AES_CBC_HMAC_SHA2 test cases)', () => {
  it('has B.1 to B.3', () => {
    expect(file.map((v) => v.id)).toEqual(['RFC7518-B.1', 'RFC7518-B.2', 'RFC7518-B.3']);
  });

  for (const v of file) {
    const ce = CBC[v.id]!;
    it(`${v.source}: ${ce.enc} splits K into MAC_KEY || ENC_KEY and uses a tag of half the HMAC`, () => {
      expect(v.K_hex).toBe(v.MAC_KEY_hex + v.ENC_KEY_hex);
      expect(ce.keyBytes).toBe(v.K_hex.length / 2);
      expect(ce.tagBytes).toBe(v.T_hex.length / 2);
      expect(v.M_hex.startsWith(v.T_hex)).toBe(true);
      expect(BigInt(`0x${v.AL_hex}`)).toBe(BigInt(v.A_hex.length * 4));
    });

    it(`${v.source}: ${ce.enc} encrypts P to the published E and T`, () => {
      const { ciphertext, tag } = ce.encrypt(
        hex(v.K_hex),
        hex(v.IV_hex),
        hex(v.P_hex),
        hex(v.A_hex),
      );
      expect(ciphertext.toString('hex')).toBe(v.E_hex);
      expect(tag.toString('hex')).toBe(v.T_hex);
    });

    it(`${v.source}: ${ce.enc} decrypts E to P, and refuses a changed tag, AAD, IV or ciphertext`, () => {
      const [k, iv, e, t, a] = [
        hex(v.K_hex),
        hex(v.IV_hex),
        hex(v.E_hex),
        hex(v.T_hex),
        hex(v.A_hex),
      ];
      expect(ce.decrypt(k, iv, e, t, a).toString('hex')).toBe(v.P_hex);
      const flip = (b: Buffer, i: number): Buffer => {
        const c = Buffer.from(b);
        c[i]! ^= 0x80;
        return c;
      };
      expect(codeOf(() => ce.decrypt(k, iv, e, flip(t, t.length - 1), a))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      expect(codeOf(() => ce.decrypt(k, iv, e, t, flip(a, 0)))).toBe('ERR_JWE_DECRYPTION_FAILED');
      expect(codeOf(() => ce.decrypt(k, flip(iv, 3), e, t, a))).toBe('ERR_JWE_DECRYPTION_FAILED');
      expect(codeOf(() => ce.decrypt(k, iv, flip(e, e.length - 1), t, a))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      // A shorter AAD changes AL as well as the MAC input.
      expect(codeOf(() => ce.decrypt(k, iv, e, t, a.subarray(1)))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
    });
  }
});
