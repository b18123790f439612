import { Buffer } from 'node:buffer';
import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../../src/index.js';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { JoseKey } from '../../src/jwk/key.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { decodeJWT } from '../../src/jwt/decode.js';
import { decryptJWT, encryptJWT, signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { MAX_JSON_DEPTH } from '../../src/util/json.js';
import { MAX_KEY_ATTEMPTS } from '../../src/util/limits.js';
import { b64, codeOf, errorOf, macToken, text } from './support.js';

// Attack class "resources": input shaped to cost time or memory. Each is refused by a bound
// that is checked before the expensive work, and each bound is proven at its edge.
const secret = randomBytes(32);
const hmac = new JoseKey(createSecretKey(secret));
const cek = new JoseKey(createSecretKey(randomBytes(32)));
const kek = new JoseKey(createSecretKey(randomBytes(16)));

/** A resolver that records whether it was asked: proof that a token was refused before any key was looked up. */
function watching<K>(key: K): { resolver: () => K; asked: () => boolean } {
  let asked = false;
  return { resolver: () => ((asked = true), key), asked: () => asked };
}

// Every entry point that reads a token, with the code it refuses an oversized one with.
const ENTRY_POINTS: Array<
  [string, string, (token: string, key: unknown, options?: object) => unknown]
> = [
  ['verifyCompact', 'ERR_JWS_INVALID', (t, k, o) => verifyCompact(t, k as never, o)],
  ['verifyJSON (text)', 'ERR_JWS_INVALID', (t, k, o) => verifyJSON(t, k as never, o)],
  ['decryptCompact', 'ERR_JWE_INVALID', (t, k, o) => decryptCompact(t, k as never, o)],
  ['decryptJSON (text)', 'ERR_JWE_INVALID', (t, k, o) => decryptJSON(t, k as never, o)],
  ['verifyJWT', 'ERR_JWT_INVALID', (t, k, o) => verifyJWT(t, k as never, o)],
  ['decryptJWT', 'ERR_JWT_INVALID', (t, k, o) => decryptJWT(t, k as never, o)],
  ['decodeJWT', 'ERR_JWT_INVALID', (t, _k, o) => decodeJWT(t, o)],
];

describe('maxTokenLength: oversized tokens are refused with one comparison, before any decoding (fixed)', () => {
  it('the default is 256 KiB, exported as DEFAULT_MAX_TOKEN_LENGTH', () => {
    expect(DEFAULT_MAX_TOKEN_LENGTH).toBe(256 * 1024);
  });

  for (const [name, code, call] of ENTRY_POINTS) {
    it(`${name}: one character over the limit is refused (${code}) without asking for a key; at the limit the token is read`, () => {
      const w = watching(hmac);
      // Garbage, so that anything but the length check would fail differently.
      const over = errorOf(() => call('~'.repeat(DEFAULT_MAX_TOKEN_LENGTH + 1), w.resolver));
      expect([over.code, over.message]).toEqual([
        code,
        `the token is longer than the limit of ${DEFAULT_MAX_TOKEN_LENGTH} characters`,
      ]);
      expect(w.asked()).toBe(false);
      const atLimit = errorOf(() => call('~'.repeat(DEFAULT_MAX_TOKEN_LENGTH), w.resolver));
      expect(atLimit.message).not.toMatch(/longer than the limit/);
      // Tens of megabytes cost no more than a few characters.
      expect(codeOf(() => call('.'.repeat(32 * 1024 * 1024), w.resolver))).toBe(code);
      expect(errorOf(() => call('a.b.c', w.resolver, { maxTokenLength: 4 })).message).toMatch(
        /longer than the limit of 4/,
      );
    });

    it(`${name}: a maxTokenLength that is not a positive integer is an argument error`, () => {
      for (const maxTokenLength of [
        0,
        -1,
        1.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        '1000',
        null,
      ]) {
        expect(codeOf(() => call('a.b.c', hmac, { maxTokenLength }))).toBe('ERR_INVALID_ARGUMENT');
      }
    });
  }

  it('a valid token passes at exactly its own length and is refused one character below, for every token kind', () => {
    const jws = signJWT({ sub: 'a' }, { alg: 'HS256' }, hmac);
    const jwe = encryptJWT({ sub: 'a' }, { alg: 'dir', enc: 'A256GCM' }, cek);
    const cases: Array<[string, (max: number) => unknown]> = [
      [jws, (max) => verifyCompact(jws, hmac, { maxTokenLength: max })],
      [jws, (max) => verifyJWT(jws, hmac, { maxTokenLength: max })],
      [jws, (max) => decodeJWT(jws, { maxTokenLength: max })],
      [jwe, (max) => decryptCompact(jwe, cek, { maxTokenLength: max })],
      [jwe, (max) => decryptJWT(jwe, cek, { maxTokenLength: max })],
    ];
    for (const [token, call] of cases) {
      expect(call(token.length)).toBeDefined();
      expect(errorOf(() => call(token.length - 1)).message).toMatch(/longer than the limit/);
    }
  });

  it('a JSON serialization given as an object counts its string members and those of its signatures or recipients', () => {
    const jws = signJSON('x'.repeat(1000), [
      { protectedHeader: { alg: 'HS256' }, key: hmac },
      { protectedHeader: { alg: 'HS256' }, key: hmac },
    ]);
    const jwsLength = [
      jws.payload,
      ...('signatures' in jws
        ? jws.signatures.flatMap((s) => [s.protected ?? '', s.signature])
        : []),
    ].join('').length;
    expect(verifyJSON(jws, hmac, { maxTokenLength: jwsLength }).signatureIndex).toBe(0);
    expect(codeOf(() => verifyJSON(jws, hmac, { maxTokenLength: jwsLength - 1 }))).toBe(
      'ERR_JWS_INVALID',
    );
    const jwe = encryptJSON('y'.repeat(1000), { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'A128KW' }, key: kek },
      { header: { alg: 'A128KW' }, key: kek },
    ]);
    const jweLength = [
      jwe.protected,
      jwe.iv,
      jwe.ciphertext,
      jwe.tag,
      ...('recipients' in jwe ? jwe.recipients.map((r) => r.encrypted_key ?? '') : []),
    ].join('').length;
    expect(text(decryptJSON(jwe, kek, { maxTokenLength: jweLength }).plaintext)).toBe(
      'y'.repeat(1000),
    );
    expect(codeOf(() => decryptJSON(jwe, kek, { maxTokenLength: jweLength - 1 }))).toBe(
      'ERR_JWE_INVALID',
    );
  });

  it('a caller expecting larger tokens raises the limit explicitly', () => {
    const big = signCompact('z'.repeat(300_000), { alg: 'HS256' }, hmac);
    expect(codeOf(() => verifyCompact(big, hmac))).toBe('ERR_JWS_INVALID');
    expect(verifyCompact(big, hmac, { maxTokenLength: 1_000_000 }).payload.length).toBe(300_000);
  });

  it('a nested JWT whose inner JWS (inflated from zip) is over the limit is refused as such', () => {
    const inner = signJWT({ pad: 'p'.repeat(150_000) }, { alg: 'HS256' }, hmac);
    const nested = encryptCompact(
      inner,
      { alg: 'dir', enc: 'A256GCM', cty: 'JWT', zip: 'DEF' },
      cek,
    );
    expect(nested.length).toBeLessThan(20_000);
    expect(decryptJWT(nested, cek, { verificationKey: hmac }).claims.pad).toHaveLength(150_000);
    expect(
      errorOf(() => decryptJWT(nested, cek, { verificationKey: hmac, maxTokenLength: 100_000 }))
        .code,
    ).toBe('ERR_JWT_INVALID');
  });
});

describe('deeply nested JSON is refused at a fixed depth, without recursion limits being hit', () => {
  const nest = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it(`headers and claims may nest ${MAX_JSON_DEPTH} containers (the top-level object included), not one more`, () => {
    expect(
      verifyCompact(macToken(`{"alg":"HS256","x":${nest(MAX_JSON_DEPTH - 1)}}`, '{}', secret), hmac)
        .protectedHeader.x,
    ).toBeDefined();
    expect(
      codeOf(() =>
        verifyCompact(macToken(`{"alg":"HS256","x":${nest(MAX_JSON_DEPTH)}}`, '{}', secret), hmac),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(
      verifyJWT(macToken('{"alg":"HS256"}', `{"x":${nest(MAX_JSON_DEPTH - 1)}}`, secret), hmac)
        .claims.x,
    ).toBeDefined();
    expect(
      codeOf(() =>
        verifyJWT(macToken('{"alg":"HS256"}', `{"x":${nest(MAX_JSON_DEPTH)}}`, secret), hmac),
      ),
    ).toBe('ERR_JWT_INVALID');
    const objects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    expect(
      verifyJWT(macToken('{"alg":"HS256"}', objects(MAX_JSON_DEPTH), secret), hmac).claims.a,
    ).toBeDefined();
    expect(
      codeOf(() =>
        verifyJWT(macToken('{"alg":"HS256"}', objects(MAX_JSON_DEPTH + 1), secret), hmac),
      ),
    ).toBe('ERR_JWT_INVALID');
  });

  it('100,000 levels (as deep as the default length allows) give a JoseError, not a stack overflow', () => {
    const deep = `{"alg":"HS256","x":${nest(100_000)}}`;
    expect(codeOf(() => verifyCompact(macToken(deep, '{}', secret), hmac))).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() => verifyJWT(macToken('{"alg":"HS256"}', `{"x":${nest(100_000)}}`, secret), hmac)),
    ).toBe('ERR_JWT_INVALID');
    expect(codeOf(() => verifyJSON(`{"payload":"","signatures":${nest(100_000)}}`, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => decryptJSON(`{"iv":${nest(100_000)}}`, cek))).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        decryptCompact(
          `${b64(deep.replace('HS256', 'dir'))}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA`,
          cek,
        ),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decodeJWT(`${b64(deep)}.e30.`))).toBe('ERR_JWT_INVALID');
  });
});

describe('huge numbers', () => {
  it('a number beyond a double (as JSON text of any length) is refused, never read as Infinity', () => {
    for (const n of ['1e400', '-1e400', `9${'9'.repeat(100_000)}`, `1${'0'.repeat(309)}`]) {
      expect(
        codeOf(() => verifyCompact(macToken(`{"alg":"HS256","n":${n}}`, '{}', secret), hmac)),
        n.slice(0, 10),
      ).toBe('ERR_JWS_INVALID');
      expect(
        codeOf(() => verifyJWT(macToken('{"alg":"HS256"}', `{"exp":${n}}`, secret), hmac)),
        n.slice(0, 10),
      ).toBe('ERR_JWT_INVALID');
    }
  });

  it('a PBES2 count that is huge or not a safe integer is refused before any key derivation', () => {
    const w = watching('password');
    for (const p2c of ['1e300', '9007199254740993', '1000001', '0', '1.5']) {
      const header = b64(
        `{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAAAAAAAAA","p2c":${p2c}}`,
      );
      const token = `${header}.${b64(randomBytes(24))}.${b64(randomBytes(12))}.AA.${b64(randomBytes(16))}`;
      expect(
        codeOf(() =>
          decryptCompact(token, w.resolver, { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }),
        ),
        p2c,
      ).toBe('ERR_JWE_INVALID');
    }
    expect(w.asked()).toBe(false);
  });
});

describe('many signatures or recipients', () => {
  it('a JWS with 17 signatures is refused before any is verified; 16 are accepted (RFC 7515 s7.2.1, our bound)', () => {
    const one = signJSON('x', [{ protectedHeader: { alg: 'HS256' }, key: hmac }]);
    const entry = {
      protected: 'protected' in one ? one.protected : '',
      signature: 'signature' in one ? one.signature : '',
    };
    const w = watching(hmac);
    expect(
      codeOf(() =>
        verifyJSON(
          { payload: one.payload as string, signatures: Array(17).fill(entry) },
          w.resolver,
        ),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(w.asked()).toBe(false);
    const sixteen = Array.from({ length: 16 }, (_, i) => ({ ...entry, header: { kid: `k${i}` } }));
    expect(
      verifyJSON(
        { payload: one.payload as string, signatures: sixteen },
        new JoseKey(hmac.keyObject, { kid: 'k3' }),
      ).signatureIndex,
    ).toBe(3);
    expect(
      codeOf(() => signJSON('x', Array(17).fill({ protectedHeader: { alg: 'HS256' }, key: hmac }))),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('with 16 signatures the key is looked up at most 16 times, and more than MAX_KEY_ATTEMPTS that fit it are refused unverified', () => {
    let asked = 0;
    const bad = { protected: b64('{"alg":"HS256"}'), signature: b64(randomBytes(32)) };
    expect(
      codeOf(() =>
        verifyJSON({ payload: 'eA', signatures: Array(16).fill(bad) }, () => (asked++, hmac)),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(asked).toBe(16);
    expect(
      codeOf(() =>
        verifyJSON({ payload: 'eA', signatures: Array(MAX_KEY_ATTEMPTS).fill(bad) }, hmac),
      ),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('a JWE with 17 recipients is refused before any key is looked up; 16 are accepted', () => {
    const recipients = Array.from({ length: 16 }, (_, i) => ({
      header: { alg: 'A128KW', kid: `k${i}` },
      key: kek,
    }));
    const jwe = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, recipients);
    expect(text(decryptJSON(jwe, new JoseKey(kek.keyObject, { kid: 'k9' })).plaintext)).toBe('x');
    const w = watching(kek);
    const seventeen = {
      ...jwe,
      recipients: [
        ...('recipients' in jwe ? jwe.recipients : []),
        { header: { alg: 'A128KW' }, encrypted_key: b64(randomBytes(24)) },
      ],
    };
    expect(codeOf(() => decryptJSON(seventeen, w.resolver))).toBe('ERR_JWE_INVALID');
    expect(w.asked()).toBe(false);
    expect(
      codeOf(() =>
        encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [...recipients, recipients[0]!]),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('compressed plaintexts', () => {
  it('a zip bomb inflates no further than maxDecompressedSize (default 250,000 octets), and only after its tag checked out', () => {
    const bomb = encryptCompact(
      Buffer.alloc(10_000_000),
      { alg: 'dir', enc: 'A256GCM', zip: 'DEF' },
      cek,
    );
    expect(bomb.length).toBeLessThan(20_000);
    expect(codeOf(() => decryptCompact(bomb, cek))).toBe('ERR_JWE_INVALID');
    expect(decryptCompact(bomb, cek, { maxDecompressedSize: 10_000_000 }).plaintext.length).toBe(
      10_000_000,
    );
    const parts = bomb.split('.');
    parts[4] = b64(randomBytes(16));
    expect(codeOf(() => decryptCompact(parts.join('.'), cek))).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it('"zip" in a JWS header is not acted on: the verified payload is the signed octets, never inflated', () => {
    const token = macToken('{"alg":"HS256","zip":"DEF"}', 'not deflate data', secret);
    expect(text(verifyCompact(token, hmac).payload)).toBe('not deflate data');
  });
});
