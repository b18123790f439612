import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import { type JWSHeaderParameters, signCompact, verifyCompact } from '../../src/jws/index.js';
import { JoseError } from '../../src/util/errors.js';
import { b64, codeOf, hs256Token, SECRET, SECRET_KEY, text } from './support.js';

// Generated once for the whole file: RSA key generation is slow.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const SIGNERS = [
  { alg: 'HS256', sign: SECRET_KEY, verify: SECRET_KEY },
  { alg: 'RS256', sign: rsa.privateKey, verify: rsa.publicKey },
  { alg: 'PS256', sign: rsa.privateKey, verify: rsa.publicKey },
  { alg: 'ES256', sign: ec.privateKey, verify: ec.publicKey },
] as const;
const hmacJwk = exportJWK(SECRET_KEY, { private: true });

describe('compact serialization (RFC 7515 s7.1)', () => {
  it('an empty payload signs, and verifies as the empty payload or as empty detached content (RFC 7515 s7.1)', () => {
    const token = signCompact('', { alg: 'HS256' }, hmacJwk);
    expect(token.split('.')[1]).toBe('');
    expect(verifyCompact(token, hmacJwk, { detachedPayload: '' }).payload.length).toBe(0);
    expect(
      verifyCompact(token, hmacJwk, { detachedPayload: new Uint8Array(0) }).payload.length,
    ).toBe(0);
    // Without detached content the empty part is the empty payload (issue 12 s2).
    expect(verifyCompact(token, hmacJwk).payload.length).toBe(0);
  });

  it('the protected header is emitted as JSON.stringify writes it', () => {
    const header = { alg: 'HS256', typ: 'JWT', kid: 'k', 'x-n': [1, { a: null }] };
    const token = signCompact('p', header, hmacJwk);
    expect(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).toBe(
      JSON.stringify(header),
    );
    expect(verifyCompact(token, hmacJwk).protectedHeader).toStrictEqual(header);
  });

  it('rejects tokens that do not have exactly three canonical base64url parts', () => {
    const good = hs256Token('{"alg":"HS256"}', 'hi', SECRET);
    const [h, p, s] = good.split('.') as [string, string, string];
    const bad = [
      '',
      '.',
      '..',
      '...',
      `${h}.${p}`,
      `${h}.${p}.${s}.`,
      `${h}.${p}.${s}.x.y`,
      `.${p}.${s}`,
      `${h}=.${p}.${s}`,
      `${h}.${p}=.${s}`,
      `${h}.${p}.${s}=`,
      ` ${good}`,
      `${good}\n`,
      `${h}.${p}+.${s}`,
      `${h}.${p}.${s.slice(0, -1)}!`,
      // "aGl" decodes to the same bytes as "aGk" ("hi") through node, but its unused bits are not zero.
      `${h}.aGl.${s}`,
    ];
    expect(p).toBe('aGk');
    for (const t of bad)
      expect(
        codeOf(() => verifyCompact(t, SECRET_KEY)),
        JSON.stringify(t),
      ).toBe('ERR_JWS_INVALID');
    for (const notString of [undefined, null, 42, {}, Buffer.from(good)]) {
      expect(codeOf(() => verifyCompact(notString as unknown as string, SECRET_KEY))).toBe(
        'ERR_JWS_INVALID',
      );
    }
  });

  it('rejects a header that is not a UTF-8 JSON object with a string "alg"', () => {
    for (const header of [
      '',
      'null',
      '[]',
      '"HS256"',
      '{"alg":"HS256"',
      '{"alg":"HS256"} x',
      '{}',
      '{"alg":null}',
      '{"alg":256}',
      '{"alg":["HS256"]}',
    ]) {
      expect(
        codeOf(() => verifyCompact(hs256Token(header, 'p', SECRET), SECRET_KEY)),
        header,
      ).toBe('ERR_JWS_INVALID');
    }
    const notUtf8 = `${b64(Buffer.of(0x7b, 0xff, 0x7d))}.${b64('p')}.${b64('s')}`;
    expect(codeOf(() => verifyCompact(notUtf8, SECRET_KEY))).toBe('ERR_JWS_INVALID');
  });

  it('rejects duplicate header member names, even with a valid MAC', () => {
    for (const header of [
      '{"alg":"HS256","alg":"HS256"}',
      '{"alg":"none","alg":"HS256"}',
      '{"alg":"HS256","kid":"a","kid":"b"}',
      '{"alg":"HS256","x":{"y":1,"y":2}}',
    ]) {
      expect(
        codeOf(() =>
          verifyCompact(hs256Token(header, 'p', SECRET), SECRET_KEY, { algorithms: ['HS256'] }),
        ),
        header,
      ).toBe('ERR_JWS_INVALID');
    }
    expect(
      text(verifyCompact(hs256Token('{"alg":"HS256","kid":"a"}', 'p', SECRET), SECRET_KEY).payload),
    ).toBe('p');
  });

  it('rejects registered header parameters of the wrong type', () => {
    for (const header of [
      '{"alg":"HS256","kid":1}',
      '{"alg":"HS256","typ":null}',
      '{"alg":"HS256","x5c":"MIIB"}',
      '{"alg":"HS256","x5c":[1]}',
      '{"alg":"HS256","jwk":"k"}',
      '{"alg":"HS256","cty":{}}',
    ]) {
      expect(
        codeOf(() => verifyCompact(hs256Token(header, 'p', SECRET), SECRET_KEY)),
        header,
      ).toBe('ERR_JWS_INVALID');
    }
    expect(
      codeOf(() => signCompact('p', { alg: 'HS256', kid: 7 as unknown as string }, SECRET_KEY)),
    ).toBe('ERR_JWS_INVALID');
  });

  it('signCompact needs an object header with a string "alg", and a key', () => {
    expect(codeOf(() => signCompact('p', {}, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => signCompact('p', { kid: 'no alg' }, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() =>
        signCompact('p', { alg: undefined } as unknown as JWSHeaderParameters, SECRET_KEY),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => signCompact('p', null as unknown as JWSHeaderParameters, SECRET_KEY))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => signCompact('p', { alg: 'HS256', n: 1n }, SECRET_KEY))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => signCompact(42 as unknown as string, { alg: 'HS256' }, SECRET_KEY))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => signCompact('p', { alg: 'HS256' }, 'secret' as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => signCompact('p', { alg: 'Ed25519' }, SECRET_KEY))).toBe(
      'ERR_NOT_SUPPORTED',
    );
    expect(codeOf(() => signCompact('p', { alg: 'EdDSA' }, SECRET_KEY))).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('algorithm allow-list', () => {
  const token = signCompact('p', { alg: 'HS256' }, SECRET_KEY);

  it('accepts an allowed algorithm and refuses others with ERR_ALG_NOT_ALLOWED', () => {
    expect(text(verifyCompact(token, SECRET_KEY, { algorithms: ['RS256', 'HS256'] }).payload)).toBe(
      'p',
    );
    for (const algorithms of [[], ['HS384'], ['hs256'], ['RS256', 'ES256']]) {
      expect(
        codeOf(() => verifyCompact(token, SECRET_KEY, { algorithms: algorithms as never })),
        algorithms.join(),
      ).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  it('without a list, an RSA key accepts RS* and PS* alike but nothing else', () => {
    for (const alg of ['RS256', 'PS512'])
      expect(
        text(verifyCompact(signCompact('p', { alg }, rsa.privateKey), rsa.publicKey).payload),
      ).toBe('p');
    expect(
      codeOf(() =>
        verifyCompact(signCompact('p', { alg: 'PS256' }, rsa.privateKey), rsa.publicKey, {
          algorithms: ['RS256'],
        }),
      ),
    ).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it('refuses unknown algorithms with ERR_ALG_NOT_ALLOWED, even when listed', () => {
    for (const alg of [
      'HS1024',
      'Ed25519',
      'ES256k',
      'ES256KK',
      '',
      'HS256 ',
      'constructor',
      '__proto__',
    ]) {
      expect(
        codeOf(() =>
          verifyCompact(hs256Token(JSON.stringify({ alg }), 'p', SECRET), SECRET_KEY, {
            algorithms: [alg as never],
          }),
        ),
        alg,
      ).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  it('never accepts nor produces "none", in any spelling', () => {
    for (const alg of ['none', 'NONE', 'None', 'nOnE']) {
      const header = b64(JSON.stringify({ alg }));
      for (const t of [
        `${header}.${b64('p')}.`,
        `${header}.${b64('p')}.${b64('sig')}`,
        hs256Token(JSON.stringify({ alg }), 'p', SECRET),
      ]) {
        expect(
          codeOf(() => verifyCompact(t, SECRET_KEY)),
          alg,
        ).toBe('ERR_ALG_NOT_ALLOWED');
        expect(
          codeOf(() => verifyCompact(t, SECRET_KEY, { algorithms: [alg as never, 'HS256'] })),
          alg,
        ).toBe('ERR_ALG_NOT_ALLOWED');
      }
      expect(
        codeOf(() => signCompact('p', { alg }, SECRET_KEY)),
        alg,
      ).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  it('rejects options of the wrong type with ERR_INVALID_ARGUMENT', () => {
    for (const options of [
      null,
      'HS256',
      { algorithms: 'HS256' },
      { algorithms: [1] },
      { crit: 'exp' },
    ]) {
      expect(codeOf(() => verifyCompact(token, SECRET_KEY, options as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    }
  });
});

describe('verification keys', () => {
  it('never uses a key embedded in the header (jwk, jku, x5u, x5c)', () => {
    const header = {
      alg: 'ES256',
      jwk: exportJWK(attacker.publicKey),
      jku: 'https://attacker.example/jwks',
      x5u: 'https://attacker.example/c',
      x5c: ['MIIB'],
    };
    const forged = signCompact('p', header, attacker.privateKey);
    expect(codeOf(() => verifyCompact(forged, ec.publicKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(
      codeOf(() => verifyCompact(forged, createLocalKeySet({ keys: [exportJWK(ec.publicKey)] }))),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('gives a resolver the protected header and uses the key it returns (JoseKey, KeyObject or JWK)', () => {
    const token = signCompact('p', { alg: 'ES256', kid: 'ec-1' }, ec.privateKey);
    const seen: JWSHeaderParameters[] = [];
    for (const key of [ec.publicKey, exportJWK(ec.publicKey)]) {
      const r = verifyCompact(token, (h) => (seen.push(h), key), { algorithms: ['ES256'] });
      expect(r.key.kty).toBe('EC');
    }
    expect(seen).toEqual([
      { alg: 'ES256', kid: 'ec-1' },
      { alg: 'ES256', kid: 'ec-1' },
    ]);
    const set = createLocalKeySet({
      keys: [
        { ...exportJWK(ec.publicKey), kid: 'ec-1' },
        { ...exportJWK(attacker.publicKey), kid: 'other' },
      ],
    });
    expect(verifyCompact(token, set).key.kid).toBe('ec-1');
  });

  it("passes a resolver's own errors through, and rejects what is not a key", () => {
    const token = signCompact('p', { alg: 'ES256' }, ec.privateKey);
    class Custom extends Error {}
    expect(() =>
      verifyCompact(token, () => {
        throw new Custom('nope');
      }),
    ).toThrow(Custom);
    expect(codeOf(() => verifyCompact(token, () => 'not a key' as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => verifyCompact(token, null as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('tamper detection and random input (fast-check)', () => {
  const ACCEPTED = ['ERR_JWS_SIGNATURE_INVALID', 'ERR_JWS_INVALID', 'ERR_ALG_NOT_ALLOWED'];

  it('any single-character change to a token makes it fail', () => {
    for (const s of SIGNERS) {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 64 }),
          fc.nat(),
          fc.integer({ min: 0, max: 255 }),
          (payload, at, byte) => {
            const token = signCompact(payload, { alg: s.alg, kid: 'k' }, s.sign);
            const i = at % token.length;
            const c = String.fromCharCode(byte);
            fc.pre(token[i] !== c);
            const changed = token.slice(0, i) + c + token.slice(i + 1);
            // The allow-list pins the algorithm; a change that renames it is refused as not allowed.
            expect(
              codeOf(() => verifyCompact(changed, s.verify, { algorithms: [s.alg] })),
            ).toSatisfy((code: string) => ACCEPTED.includes(code));
          },
        ),
        { numRuns: s.alg === 'HS256' ? 200 : 40 },
      );
    }
  });

  it('random strings only ever give a JoseError', () => {
    const tokenish = fc.string({
      unit: fc.constantFrom(...'eyJhbGciOiJIUzI1NiJ9._-AQ=+/ {}"'.split('')),
      maxLength: 80,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), tokenish), (s) => {
        expect(() => verifyCompact(s, SECRET_KEY)).toThrow(JoseError);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated tokens give a JoseError unless the mutation left the token unchanged', () => {
    const token = signCompact('payload', { alg: 'HS256', typ: 'JWT' }, SECRET_KEY);
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 3 }),
      ins: fc.string({ maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let t = token;
        for (const e of edits) {
          const i = e.at % (t.length + 1);
          t = t.slice(0, i) + e.ins + t.slice(i + e.del);
        }
        let result: ReturnType<typeof verifyCompact> | undefined;
        try {
          result = verifyCompact(t, SECRET_KEY);
        } catch (e) {
          expect(e).toBeInstanceOf(JoseError);
        }
        if (result !== undefined) expect(t).toBe(token);
      }),
      { numRuns: 300 },
    );
  });
});
