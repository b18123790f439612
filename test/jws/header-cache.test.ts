import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { type JWSHeaderParameters, signCompact, verifyCompact } from '../../src/jws/index.js';
import { HEADER_CACHE_SIZE } from '../../src/util/cache.js';
import { codeOf, hs256Token, SECRET, SECRET_KEY } from './support.js';

const headerOf = (token: string): unknown =>
  JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString());

// Remembering headers must never change an answer: these tests repeat each call so the second
// one is served from the caches, and check it against what the first call (or the RFC) says.
describe('remembered headers', () => {
  it('a header object changed between two signatures is signed as it is now', () => {
    const header: JWSHeaderParameters = { alg: 'HS256', kid: 'a' };
    const first = signCompact('p', header, SECRET_KEY);
    header.kid = 'b';
    const second = signCompact('p', header, SECRET_KEY);
    expect(headerOf(first)).toEqual({ alg: 'HS256', kid: 'a' });
    expect(headerOf(second)).toEqual({ alg: 'HS256', kid: 'b' });
    header.alg = 'none';
    expect(codeOf(() => signCompact('p', header, SECRET_KEY))).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it('each verification returns its own header object, which the caller may change freely', () => {
    const token = signCompact('p', { alg: 'HS256', typ: 'JWT' }, SECRET_KEY);
    const a = verifyCompact(token, SECRET_KEY).protectedHeader;
    a.alg = 'none';
    a.extra = 1;
    const b = verifyCompact(token, SECRET_KEY).protectedHeader;
    expect(b).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
    expect(b).not.toBe(a);
  });

  it('a header with nested members comes back whole and unshared every time', () => {
    const header = { alg: 'HS256', 'x-list': [1, { a: 'b' }] };
    const token = signCompact('p', header, SECRET_KEY);
    const first = verifyCompact(token, SECRET_KEY).protectedHeader;
    (first['x-list'] as unknown[]).push('changed');
    expect(verifyCompact(token, SECRET_KEY).protectedHeader).toStrictEqual(header);
  });

  it("crit is judged against each call's own understood list", () => {
    const token = hs256Token('{"alg":"HS256","crit":["exp"],"exp":1}', 'p', SECRET);
    expect(codeOf(() => verifyCompact(token, SECRET_KEY, { crit: ['exp'] }))).toBe('no error');
    expect(codeOf(() => verifyCompact(token, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyCompact(token, SECRET_KEY, { crit: ['exp'] }))).toBe('no error');
  });

  it('a refused header stays refused, and the allow-list applies to a remembered header', () => {
    const bad = hs256Token('{"alg":"HS256","kid":1}', 'p', SECRET);
    expect(codeOf(() => verifyCompact(bad, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyCompact(bad, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    const token = signCompact('p', { alg: 'HS256' }, SECRET_KEY);
    expect(codeOf(() => verifyCompact(token, SECRET_KEY, { algorithms: ['HS256'] }))).toBe(
      'no error',
    );
    expect(codeOf(() => verifyCompact(token, SECRET_KEY, { algorithms: ['HS384'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
  });

  it('many more distinct headers than the cache holds still sign and verify correctly', () => {
    const tokens = Array.from({ length: HEADER_CACHE_SIZE * 3 }, (_, i) =>
      signCompact(`p${i}`, { alg: 'HS256', kid: `k${i}` }, SECRET_KEY),
    );
    for (const [i, token] of tokens.entries()) {
      const { protectedHeader, payload } = verifyCompact(token, SECRET_KEY);
      expect(protectedHeader.kid).toBe(`k${i}`);
      expect(Buffer.from(payload).toString()).toBe(`p${i}`);
    }
  });
});
