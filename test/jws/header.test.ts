import { describe, expect, it } from 'vitest';
import {
  type JWSHeaderParameters,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { b64, codeOf, hs256Token, SECRET, SECRET_KEY, text } from './support.js';

const verifyHeader = (header: object, crit?: string[]): string =>
  codeOf(() =>
    verifyCompact(
      hs256Token(JSON.stringify(header), 'p', SECRET),
      SECRET_KEY,
      crit === undefined ? {} : { crit },
    ),
  );
const signHeader = (header: JWSHeaderParameters): string =>
  codeOf(() => signCompact('p', header, SECRET_KEY));

describe('crit (RFC 7515 s4.1.11)', () => {
  it('accepts an extension listed in crit, present in the header and understood by the caller', () => {
    const token = hs256Token('{"alg":"HS256","crit":["exp","x-v"],"exp":1,"x-v":"2"}', 'p', SECRET);
    const r = verifyCompact(token, SECRET_KEY, { crit: ['x-v', 'exp', 'other'] });
    expect(text(r.payload)).toBe('p');
    expect(r.protectedHeader.crit).toEqual(['exp', 'x-v']);
  });

  it('rejects an extension the caller does not understand', () => {
    expect(verifyHeader({ alg: 'HS256', crit: ['exp'], exp: 1 })).toBe('ERR_JWS_INVALID');
    expect(verifyHeader({ alg: 'HS256', crit: ['exp'], exp: 1 }, ['nbf'])).toBe('ERR_JWS_INVALID');
    expect(verifyHeader({ alg: 'HS256', crit: ['exp', 'nbf'], exp: 1, nbf: 1 }, ['exp'])).toBe(
      'ERR_JWS_INVALID',
    );
  });

  const malformed: Array<[string, object]> = [
    ['an empty list', { alg: 'HS256', crit: [] }],
    ['a string', { alg: 'HS256', crit: 'exp', exp: 1 }],
    ['an object', { alg: 'HS256', crit: { exp: true }, exp: 1 }],
    ['null', { alg: 'HS256', crit: null }],
    ['a non-string name', { alg: 'HS256', crit: [1] }],
    ['a name twice', { alg: 'HS256', crit: ['exp', 'exp'], exp: 1 }],
    ['a name absent from the header', { alg: 'HS256', crit: ['exp'] }],
    ...[
      'alg',
      'jku',
      'jwk',
      'kid',
      'x5u',
      'x5c',
      'x5t',
      'x5t#S256',
      'typ',
      'cty',
      'crit',
      'enc',
      'zip',
    ].map((name): [string, object] => [
      `the registered name "${name}"`,
      { alg: 'HS256', kid: 'k', typ: 'JWT', cty: 'x', enc: 'A128GCM', zip: 'DEF', crit: [name] },
    ]),
  ];
  for (const [what, header] of malformed) {
    it(`rejects crit with ${what}, on verify (even if "understood") and on sign`, () => {
      const names = (header as { crit?: unknown }).crit;
      const understood = Array.isArray(names)
        ? names.filter((n): n is string => typeof n === 'string')
        : [];
      expect(verifyHeader(header, understood)).toBe('ERR_JWS_INVALID');
      expect(signHeader(header as JWSHeaderParameters)).toBe('ERR_JWS_INVALID');
    });
  }

  it('signs a well-formed crit, and the token verifies only for a caller who understands it', () => {
    const token = signCompact('p', { alg: 'HS256', crit: ['exp'], exp: 5 }, SECRET_KEY);
    expect(verifyCompact(token, SECRET_KEY, { crit: ['exp'] }).protectedHeader).toEqual({
      alg: 'HS256',
      crit: ['exp'],
      exp: 5,
    });
    expect(codeOf(() => verifyCompact(token, SECRET_KEY))).toBe('ERR_JWS_INVALID');
  });

  it('JSON: crit must be protected, and its names must be in the protected header', () => {
    const prot = b64('{"alg":"HS256","crit":["exp"]}');
    const jws = (header: JWSHeaderParameters) => ({
      payload: b64('p'),
      protected: prot,
      header,
      signature: b64('s'),
    });
    expect(codeOf(() => verifyJSON(jws({ exp: 1 }), SECRET_KEY, { crit: ['exp'] }))).toBe(
      'ERR_JWS_INVALID',
    );
    const unprotectedCrit = {
      payload: b64('p'),
      protected: b64('{"alg":"HS256","exp":1}'),
      header: { crit: ['exp'] },
      signature: b64('s'),
    };
    expect(codeOf(() => verifyJSON(unprotectedCrit, SECRET_KEY, { crit: ['exp'] }))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(
      codeOf(() =>
        signJSON('p', [
          {
            protectedHeader: { alg: 'HS256', exp: 1 },
            unprotectedHeader: { crit: ['exp'] },
            key: SECRET_KEY,
          },
        ]),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() =>
        signJSON('p', [
          {
            protectedHeader: { alg: 'HS256', crit: ['exp'] },
            unprotectedHeader: { exp: 1 },
            key: SECRET_KEY,
          },
        ]),
      ),
    ).toBe('ERR_JWS_INVALID');
  });
});

describe('b64 (RFC 7797 s3, s6) in headers; unencoded.test.ts covers the payloads', () => {
  const compact = (header: object) =>
    codeOf(() =>
      verifyCompact(
        `${hs256Token(JSON.stringify(header), 'p', SECRET).replace(/\.[^.]*\./, '..')}`,
        SECRET_KEY,
        { detachedPayload: 'p' },
      ),
    );

  it('a b64 that is not a boolean, not protected or not listed in crit is ERR_JWS_INVALID, signing or verifying', () => {
    for (const header of [
      { alg: 'HS256', b64: false },
      { alg: 'HS256', b64: true },
      { alg: 'HS256', b64: 'false', crit: ['b64'] },
      { alg: 'HS256', b64: 0, crit: ['b64'] },
      { alg: 'HS256', b64: null, crit: ['b64'] },
      { alg: 'HS256', b64: false, crit: ['exp'], exp: 1 },
    ]) {
      expect(verifyHeader(header, ['b64', 'exp']), JSON.stringify(header)).toBe('ERR_JWS_INVALID');
      expect(compact(header), JSON.stringify(header)).toBe('ERR_JWS_INVALID');
      expect(signHeader(header as JWSHeaderParameters), JSON.stringify(header)).toBe(
        'ERR_JWS_INVALID',
      );
      expect(
        codeOf(() =>
          signJSON('p', [{ protectedHeader: header as JWSHeaderParameters, key: SECRET_KEY }]),
        ),
      ).toBe('ERR_JWS_INVALID');
    }
    const unprotected = {
      payload: b64('p'),
      protected: b64('{"alg":"HS256"}'),
      header: { b64: false },
      signature: b64('s'),
    };
    expect(codeOf(() => verifyJSON(unprotected, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    const listedButUnprotected = {
      payload: 'p',
      protected: b64('{"alg":"HS256","crit":["b64"]}'),
      header: { b64: false },
      signature: b64('s'),
    };
    expect(
      codeOf(() => verifyJSON(listedButUnprotected, SECRET_KEY, { detachedPayload: 'p' })),
    ).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() =>
        signJSON('p', [
          {
            protectedHeader: { alg: 'HS256', crit: ['b64'] },
            unprotectedHeader: { b64: false },
            key: SECRET_KEY,
          },
        ]),
      ),
    ).toBe('ERR_JWS_INVALID');
  });

  it('b64 listed in crit but absent from the protected header is ERR_JWS_INVALID', () => {
    expect(verifyHeader({ alg: 'HS256', crit: ['b64'] })).toBe('ERR_JWS_INVALID');
    expect(signHeader({ alg: 'HS256', crit: ['b64'] })).toBe('ERR_JWS_INVALID');
  });

  it('the verifier need not list b64 in options.crit: jose-core processes it', () => {
    const token = hs256Token('{"alg":"HS256","b64":true,"crit":["b64"]}', 'p', SECRET);
    expect(text(verifyCompact(token, SECRET_KEY).payload)).toBe('p');
    expect(text(verifyCompact(token, SECRET_KEY, { crit: ['exp'] }).payload)).toBe('p');
    // Listing b64 does not make any other extension understood.
    expect(verifyHeader({ alg: 'HS256', b64: true, crit: ['b64', 'exp'], exp: 1 }, ['b64'])).toBe(
      'ERR_JWS_INVALID',
    );
  });
});
