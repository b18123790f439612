import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/index.js';
import { JoseKey } from '../../src/jwk/key.js';
import { HEADER_CACHE_SIZE as JWE_HEADER_CACHE_SIZE } from '../../src/util/cache.js';
import { codeOf, craftCompact, text, unb64 } from './support.js';

// The compact header caches must be invisible: every call sees exactly what an uncached call would.
const kek = new JoseKey(createSecretKey(Buffer.alloc(16, 7)));
const cek16 = Buffer.alloc(16, 9);
const dir16 = new JoseKey(createSecretKey(cek16));
const headerOf = (jwe: string): unknown =>
  JSON.parse(unb64(jwe.split('.')[0] as string).toString('utf8'));

describe('compact JWE header caches', () => {
  it('a header object changed between two encryptions is serialized as it is now', () => {
    const header: Record<string, unknown> = { alg: 'A128KW', enc: 'A128CBC-HS256' };
    const first = encryptCompact('a', header, kek);
    header.enc = 'A256GCM';
    header.kid = 'k1';
    const second = encryptCompact('b', header, kek);
    expect(headerOf(first)).toEqual({ alg: 'A128KW', enc: 'A128CBC-HS256' });
    expect(headerOf(second)).toEqual({ alg: 'A128KW', enc: 'A256GCM', kid: 'k1' });
    expect(second.split('.')[4]).toHaveLength(22);
    expect(
      text(decryptCompact(second, kek, { contentEncryptionAlgorithms: ['A256GCM'] }).plaintext),
    ).toBe('b');
  });

  it('a header that was accepted is refused once it changes into a bad one, and a refused one stays refused', () => {
    const header: Record<string, unknown> = { alg: 'A128KW', enc: 'A128GCM' };
    encryptCompact('x', header, kek);
    header.zip = 'LZW';
    expect(codeOf(() => encryptCompact('x', header, kek))).toBe('ERR_NOT_SUPPORTED');
    expect(codeOf(() => encryptCompact('x', header, kek))).toBe('ERR_NOT_SUPPORTED');
    header.zip = 'DEF';
    header.kid = 7;
    expect(codeOf(() => encryptCompact('x', header, kek))).toBe('ERR_JWE_INVALID');
    delete header.kid;
    expect(text(decryptCompact(encryptCompact('x', header, kek), kek).plaintext)).toBe('x');
  });

  it('a header whose toJSON returns nothing is an argument error (RFC 7516 s4 needs an object)', () => {
    expect(codeOf(() => encryptCompact('x', { toJSON: () => undefined } as never, kek))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => encryptCompact('x', { toJSON: () => 'text' } as never, kek))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('a header with the members of the last one, but in another order or behind toJSON, is serialized as it is', () => {
    const kid = 'order';
    expect(headerOf(encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM', kid }, kek))).toEqual({
      alg: 'A128KW',
      enc: 'A128GCM',
      kid,
    });
    const reordered = encryptCompact('x', { kid, enc: 'A128GCM', alg: 'A128KW' }, kek);
    expect(unb64(reordered.split('.')[0] as string).toString('utf8')).toBe(
      '{"kid":"order","enc":"A128GCM","alg":"A128KW"}',
    );
    const same = { alg: 'A128KW', enc: 'A128GCM', kid };
    encryptCompact('x', same, kek);
    const withToJson = { ...same, toJSON: () => ({ alg: 'A128KW', enc: 'A256GCM', kid }) };
    Object.defineProperty(withToJson, 'toJSON', { enumerable: false });
    expect(headerOf(encryptCompact('x', withToJson, kek))).toEqual({
      alg: 'A128KW',
      enc: 'A256GCM',
      kid,
    });
    // A String object with a string's index members serializes as that string, not as an object.
    expect(headerOf(encryptCompact('x', { 0: 's', alg: 'A128KW', enc: 'A128GCM' }, kek))).toEqual({
      0: 's',
      alg: 'A128KW',
      enc: 'A128GCM',
    });
    const boxed = Object.assign(new String('s'), { alg: 'A128KW', enc: 'A128GCM' });
    expect(codeOf(() => encryptCompact('x', boxed as never, kek))).toBe('ERR_INVALID_ARGUMENT');
    encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(
      headerOf(
        encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM', kid: undefined } as never, kek),
      ),
    ).toEqual({ alg: 'A128KW', enc: 'A128GCM' });
    expect(
      headerOf(encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM', 'x-n': Number.NaN }, kek)),
    ).toEqual({ alg: 'A128KW', enc: 'A128GCM', 'x-n': null });
  });

  it('every decryption hands out a header object of its own', () => {
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM', kid: 'k' }, kek);
    const a = decryptCompact(jwe, kek);
    a.protectedHeader.kid = 'changed';
    a.protectedHeader.alg = 'dir';
    const b = decryptCompact(jwe, kek);
    expect(b.protectedHeader).not.toBe(a.protectedHeader);
    expect(b.protectedHeader).toEqual({ alg: 'A128KW', enc: 'A128GCM', kid: 'k' });
  });

  it('a resolver that changes the header it is given changes nothing for the next token', () => {
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM', kid: 'k' }, kek);
    const seen: unknown[] = [];
    const resolver = (h: Record<string, unknown>) => {
      seen.push({ ...h });
      h.kid = 'other';
      return kek;
    };
    decryptCompact(jwe, resolver);
    decryptCompact(jwe, resolver);
    expect(seen).toEqual([
      { alg: 'A128KW', enc: 'A128GCM', kid: 'k' },
      { alg: 'A128KW', enc: 'A128GCM', kid: 'k' },
    ]);
  });

  it('a "crit" header is judged against each call\'s understood extensions (RFC 7516 s4.1.13)', () => {
    const jwe = craftCompact('{"alg":"dir","enc":"A128GCM","crit":["ext"],"ext":1}', cek16);
    expect(text(decryptCompact(jwe, dir16, { crit: ['ext'] }).plaintext)).toBe('crafted');
    expect(codeOf(() => decryptCompact(jwe, dir16))).toBe('ERR_JWE_INVALID');
    expect(text(decryptCompact(jwe, dir16, { crit: ['ext'] }).plaintext)).toBe('crafted');
  });

  it('a header with an object member is handed out whole and never shared between calls', () => {
    const jwe = craftCompact('{"alg":"dir","enc":"A128GCM","x-meta":{"a":1}}', cek16);
    const first = decryptCompact(jwe, dir16).protectedHeader as { 'x-meta': { a: number } };
    first['x-meta'].a = 2;
    expect(decryptCompact(jwe, dir16).protectedHeader).toEqual({
      alg: 'dir',
      enc: 'A128GCM',
      'x-meta': { a: 1 },
    });
  });

  it('more distinct headers than the caches hold all encrypt and decrypt correctly, twice over', () => {
    const tokens: string[] = [];
    for (let i = 0; i < JWE_HEADER_CACHE_SIZE * 2 + 5; i++)
      tokens.push(encryptCompact(`p${i}`, { alg: 'A128KW', enc: 'A128GCM', kid: `k${i}` }, kek));
    for (let round = 0; round < 2; round++) {
      tokens.forEach((jwe, i) => {
        const r = decryptCompact(jwe, kek);
        expect(text(r.plaintext)).toBe(`p${i}`);
        expect(r.protectedHeader.kid).toBe(`k${i}`);
      });
    }
  });

  it('a token whose header was cached is still refused when another part is tampered with', () => {
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    decryptCompact(jwe, kek);
    const parts = jwe.split('.');
    const tag = parts[4] as string;
    parts[4] = (tag[0] === 'A' ? 'B' : 'A') + tag.slice(1);
    expect(codeOf(() => decryptCompact(parts.join('.'), kek))).toBe('ERR_JWE_DECRYPTION_FAILED');
  });
});
