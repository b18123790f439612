import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64u, b64uDecode, isB64u } from '../../src/util/base64url.js';

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = b64u(bytes);
        expect(isB64u(s)).toBe(true);
        expect(Buffer.from(b64uDecode(s, 'ERR_JWS_INVALID', 'x')).equals(Buffer.from(bytes))).toBe(
          true,
        );
      }),
    );
  });

  it('accepts exactly the canonical encodings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'AQgw_-=+/ .'.split('')), maxLength: 12 }),
        (s) => {
          const canonical = Buffer.from(s, 'base64url').toString('base64url') === s;
          expect(isB64u(s)).toBe(canonical);
        },
      ),
    );
  });

  it('b64uDecode accepts exactly what isB64u accepts, and decodes it as node does', () => {
    // Characters node's decoder mishandles: padding, the base64 alphabet, spaces, and characters
    // above U+00FF whose low octet is a base64url character.
    const units = [...'AQgw09_-=+/ .$', '\u0141', '\u012b', '\u0130', '\u00e9', '\u0000', '\ud800'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 16 }), (s) => {
        let decoded: Buffer | undefined;
        try {
          decoded = b64uDecode(s, 'ERR_JWS_INVALID', 'x');
        } catch {
          decoded = undefined;
        }
        expect(decoded !== undefined).toBe(isB64u(s));
        if (decoded !== undefined) expect(decoded.equals(Buffer.from(s, 'base64url'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('b64uDecode refuses every UTF-16 code unit outside the alphabet, wherever it stands', () => {
    const alphabet = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
    const base = b64u('{"iss":"https://issuer.example"}');
    const accepted: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      const ch = String.fromCharCode(unit);
      if (alphabet.has(ch)) continue;
      for (const at of [0, 7, base.length]) {
        for (const s of [
          base.slice(0, at) + ch + base.slice(at),
          base.slice(0, at) + ch + ch + base.slice(at),
        ]) {
          try {
            b64uDecode(s, 'ERR_JWS_INVALID', 'x');
            accepted.push(unit.toString(16));
          } catch {
            // refused, as it must be
          }
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects padding, foreign characters, impossible lengths and non-zero trailing bits', () => {
    for (const bad of ['QQ==', 'QQ=', 'a+b/', 'ab c', 'A', 'QR', 'QUF', 'ab\n'])
      expect(isB64u(bad), bad).toBe(false);
    for (const bad of [
      'QQ==',
      'QQ=',
      'a+b/',
      'ab c',
      'A',
      'QR',
      'QUF',
      'ab\n',
      'Q\u0141',
      '\u0141UFB',
    ]) {
      expect(() => b64uDecode(bad, 'ERR_JWS_INVALID', 'x'), bad).toThrow(
        /x is not valid base64url/,
      );
    }
    for (const good of ['', 'QQ', 'QUE', 'QUFB']) expect(isB64u(good), good).toBe(true);
    expect(() => b64uDecode('QR', 'ERR_JWS_INVALID', 'sig')).toThrow(/sig is not valid base64url/);
    expect(() => b64uDecode(42, 'ERR_JWS_INVALID', 'sig')).toThrow(/sig/);
  });
});
