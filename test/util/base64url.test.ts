import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { b64u, b64uDecode, isB64u } from '../../src/util/base64url.js';

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = b64u(bytes);
        expect(isB64u(s)).toBe(true);
        expect(Buffer.from(b64uDecode(s, 'ERR_JWS_INVALID', 'x')).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('accepts exactly the canonical encodings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw_-=+/ .'.split('')), maxLength: 12 }), (s) => {
        const canonical = Buffer.from(s, 'base64url').toString('base64url') === s;
        expect(isB64u(s)).toBe(canonical);
      }),
    );
  });

  it('rejects padding, foreign characters, impossible lengths and non-zero trailing bits', () => {
    for (const bad of ['QQ==', 'QQ=', 'a+b/', 'ab c', 'A', 'QR', 'QUF', 'ab\n']) expect(isB64u(bad), bad).toBe(false);
    for (const good of ['', 'QQ', 'QUE', 'QUFB']) expect(isB64u(good), good).toBe(true);
    expect(() => b64uDecode('QR', 'ERR_JWS_INVALID', 'sig')).toThrow(/sig is not valid base64url/);
    expect(() => b64uDecode(42, 'ERR_JWS_INVALID', 'sig')).toThrow(/sig/);
  });
});
