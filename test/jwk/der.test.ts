import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DER_SHAPES, sequenceTags } from '../../src/jwk/der.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/ /g, ''), 'hex');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

describe('sequenceTags', () => {
  it('lists the element tags of one SEQUENCE, short and long length forms', () => {
    expect(sequenceTags(hex('30 06 02 01 01 04 01 00'))).toEqual([0x02, 0x04]);
    expect(sequenceTags(hex('30 00'))).toEqual([]);
    expect(sequenceTags(hex('30 81 03 02 01 05'))).toEqual([0x02]);
    expect(
      sequenceTags(Buffer.concat([hex('30 82 01 03 04 82 00 ff'), Buffer.alloc(255)])),
    ).toEqual([0x04]);
  });

  it('refuses anything but exactly one well-formed SEQUENCE', () => {
    for (const bad of [
      '',
      '30',
      '31 00',
      '02 01 00',
      '30 00 00',
      '30 03 02 01',
      '30 04 02 01 01',
      '30 80 00 00',
      '30 85 00 00 00 00 00',
      '30 02 1f 00',
      '30 03 02 05 00',
    ]) {
      expect(sequenceTags(hex(bad)), bad).toBeUndefined();
    }
  });

  it('tells the key structures apart', () => {
    const shapes = (der: Buffer): string[] => {
      const tags = sequenceTags(der) as number[];
      return Object.entries(DER_SHAPES)
        .filter(([, is]) => is(tags))
        .map(([name]) => name);
    };
    expect(shapes(privateKey.export({ format: 'der', type: 'pkcs8' }))).toEqual(['pkcs8']);
    expect(shapes(privateKey.export({ format: 'der', type: 'sec1' }))).toEqual(['sec1']);
    expect(shapes(publicKey.export({ format: 'der', type: 'spki' }))).toEqual(['spki']);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const tags = sequenceTags(b);
        expect(tags === undefined || Array.isArray(tags)).toBe(true);
      }),
    );
  });
});
