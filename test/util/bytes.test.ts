import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestBytes, uint64be } from '../../src/util/bytes.js';

// The reference: node's own 64-bit writer, given the number as a BigInt.
function reference(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(n));
  return out;
}

describe('uint64be (RFC 7518 s5.2.2.1 AL)', () => {
  it('writes the 64-bit big-endian form of the edges of each 32-bit half', () => {
    for (const n of [0, 1, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_0001, Number.MAX_SAFE_INTEGER]) {
      expect(uint64be(n).equals(reference(n)), String(n)).toBe(true);
    }
    // RFC 7518 Appendix B.1: AL for a 51-octet AAD.
    expect(uint64be(408).toString('hex')).toBe('0000000000000198');
  });

  it('agrees with a BigInt writer on any safe non-negative integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(uint64be(n).equals(reference(n))).toBe(true);
      }),
    );
  });
});

describe('digestBytes', () => {
  it('gives the same octets as digest() for hashes and HMACs of every size', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('sha1', 'sha256', 'sha384', 'sha512'),
        (data, alg) => {
          expect(
            digestBytes(createHash(alg).update(data)).equals(createHash(alg).update(data).digest()),
          ).toBe(true);
          expect(
            digestBytes(createHmac(alg, 'k').update(data)).equals(
              createHmac(alg, 'k').update(data).digest(),
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
