import { createHash, generateKeySync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { code } from './helpers.js';

describe('thumbprint (RFC 7638) input checks', () => {
  it('refuses a kty that is missing, unknown or an Object.prototype member name (ERR_JWK_INVALID)', () => {
    for (const kty of [
      undefined,
      5,
      'rsa',
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
    ]) {
      expect(
        code(() =>
          thumbprint({
            kty,
            n: 'AQAB',
            e: 'AQAB',
            x: 'AA',
            y: 'AA',
            crv: 'P-256',
            k: 'AA',
          } as unknown as JWK),
        ),
        String(kty),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('refuses a missing or non-string required member (RFC 7638 s3.2)', () => {
    expect(code(() => thumbprint({ kty: 'RSA', n: 'AQAB' }))).toBe('ERR_JWK_INVALID');
    expect(
      code(() => thumbprint({ kty: 'EC', crv: 'P-256', x: 'AA', y: 5 } as unknown as JWK)),
    ).toBe('ERR_JWK_INVALID');
    expect(code(() => thumbprint({ kty: 'oct' }))).toBe('ERR_JWK_INVALID');
    expect(code(() => thumbprint('{"kty":"oct","k":"AA"}' as unknown as JWK))).toBe(
      'ERR_JWK_INVALID',
    );
  });

  it('refuses hashes other than SHA-2 (ERR_INVALID_ARGUMENT)', () => {
    for (const h of ['md5', 'sha1', 'SHA-256', 'toString'])
      expect(
        code(() => thumbprint({ kty: 'oct', k: 'AA' }, h as 'sha256')),
        h,
      ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('covers a secret KeyObject through its k', () => {
    const secret = generateKeySync('hmac', { length: 128 });
    const k = secret.export().toString('base64url');
    expect(thumbprint(secret)).toBe(
      createHash('sha256').update(`{"k":"${k}","kty":"oct"}`).digest('base64url'),
    );
  });
});
