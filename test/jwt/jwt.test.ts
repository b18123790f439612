import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encryptCompact } from '../../src/jwe/index.js';
import { importKey } from '../../src/jwk/import-key.js';
import { signCompact } from '../../src/jws/index.js';
import { decodeJWT } from '../../src/jwt/decode.js';
import { decryptJWT, encryptJWT, signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { codeOf } from '../support/errors.js';

const hmac = importKey(randomBytes(32));
const kek = importKey(randomBytes(16));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = Math.floor(Date.now() / 1000);

const code = codeOf;

describe('signJWT / verifyJWT', () => {
  it('round-trips any claim set and checks exp', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (extra) => {
        const claims = { ...extra, exp: now + 60 };
        const token = signJWT(claims, { alg: 'HS256', typ: 'JWT' }, hmac);
        expect(verifyJWT(token, hmac, { algorithms: ['HS256'] }).claims).toEqual(
          JSON.parse(JSON.stringify(claims)),
        );
      }),
      { numRuns: 50 },
    );
    const expired = signJWT({ exp: now - 1 }, { alg: 'HS256' }, hmac);
    expect(code(() => verifyJWT(expired, hmac))).toBe('ERR_JWT_EXPIRED');
  });

  it('refuses claims that are not a JSON object, on both sides', () => {
    for (const bad of [[], 'x', 1, null])
      expect(code(() => signJWT(bad as never, { alg: 'HS256' }, hmac))).toBe('ERR_JWT_INVALID');
    for (const payload of ['[1]', 'not json', '{"a":1,"a":2}', '"s"']) {
      expect(
        code(() => verifyJWT(signCompact(payload, { alg: 'HS256' }, hmac), hmac)),
        payload,
      ).toBe('ERR_JWT_INVALID');
    }
    // An empty payload is a payload (issue 12 s2), but no JSON object: never a JWT.
    expect(code(() => verifyJWT(signCompact('', { alg: 'HS256' }, hmac), hmac))).toBe(
      'ERR_JWT_INVALID',
    );
    expect(
      code(() =>
        verifyJWT(signCompact('{}', { alg: 'HS256' }, hmac), hmac, {
          detachedPayload: '{}',
        } as never),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    const unencoded = signCompact('{}', { alg: 'HS256', b64: false, crit: ['b64'] }, hmac);
    // A compact b64-false JWS carries no payload; read as the empty payload, its signature fails.
    expect(code(() => verifyJWT(unencoded, hmac))).toBe('ERR_JWS_SIGNATURE_INVALID');
    const notUtf8 = signCompact(Uint8Array.of(0x7b, 0xff, 0x7d), { alg: 'HS256' }, hmac);
    expect(code(() => verifyJWT(notUtf8, hmac))).toBe('ERR_JWT_INVALID');
  });

  it('refuses a JWE given to verifyJWT', () => {
    const jwe = encryptJWT({ a: 1 }, { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(code(() => verifyJWT(jwe, hmac))).toBe('ERR_JWT_INVALID');
  });
});

describe('encryptJWT / decryptJWT', () => {
  it('returns the key that decrypted the token, as verifyJWT returns the key that verified it', () => {
    const token = encryptJWT({ a: 1 }, { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(decryptJWT(token, kek).key).toBe(kek);
    const picked = decryptJWT(token, () => kek).key;
    expect(picked).toBe(kek);
    const nested = encryptJWT(
      signJWT({ a: 1 }, { alg: 'HS256' }, hmac),
      { alg: 'dir', enc: 'A128GCM' },
      kek,
    );
    expect(decryptJWT(nested, kek, { verificationKey: hmac, algorithms: ['HS256'] }).key).toBe(kek);
  });

  it('currentDate is a Date or a clock function, in verifyJWT and decryptJWT alike', () => {
    const expiresAt = 2_000_000_000;
    const signed = signJWT({ exp: expiresAt }, { alg: 'HS256' }, hmac);
    const sealed = encryptJWT({ exp: expiresAt }, { alg: 'A128KW', enc: 'A128GCM' }, kek);
    const before = new Date((expiresAt - 1) * 1000);
    const after = new Date((expiresAt + 1) * 1000);
    let reads = 0;
    const clock = (): Date => {
      reads++;
      return after;
    };
    expect(verifyJWT(signed, hmac, { currentDate: before }).claims.exp).toBe(expiresAt);
    expect(decryptJWT(sealed, kek, { currentDate: () => before }).claims.exp).toBe(expiresAt);
    expect(code(() => verifyJWT(signed, hmac, { currentDate: clock }))).toBe('ERR_JWT_EXPIRED');
    expect(code(() => decryptJWT(sealed, kek, { currentDate: clock }))).toBe('ERR_JWT_EXPIRED');
    expect(reads).toBe(2);
    expect(
      code(() => verifyJWT(signed, hmac, { currentDate: () => 'soon' as unknown as Date })),
    ).toBe('ERR_INVALID_ARGUMENT');
  });

  it('encrypts claims and decrypts them with claim checks', () => {
    const token = encryptJWT(
      { iss: 'me', exp: now + 60 },
      { alg: 'A128KW', enc: 'A128CBC-HS256' },
      kek,
    );
    expect(decryptJWT(token, kek, { issuer: 'me' }).claims.iss).toBe('me');
    expect(code(() => decryptJWT(token, kek, { issuer: 'you' }))).toBe('ERR_JWT_CLAIM_INVALID');
  });

  it('nests a signed JWT with cty JWT (RFC 7519 s5.2) and verifies the inner token', () => {
    const inner = signJWT({ sub: 'alice' }, { alg: 'RS256' }, rsa.privateKey);
    const token = encryptJWT(inner, { alg: 'A128KW', enc: 'A256GCM' }, kek);
    expect(decodeJWT(token).header).toEqual({ alg: 'A128KW', enc: 'A256GCM', cty: 'JWT' });
    const r = decryptJWT(token, kek, {
      verificationKey: rsa.publicKey,
      algorithms: ['RS256'],
      subject: 'alice',
    });
    expect(r.claims).toEqual({ sub: 'alice' });
    expect(r.jwsHeader).toEqual({ alg: 'RS256' });
    expect(
      code(() => decryptJWT(token, kek, { verificationKey: rsa.publicKey, algorithms: ['PS256'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(
      code(() => decryptJWT(token, kek, { verificationKey: rsa.publicKey, subject: 'bob' })),
    ).toBe('ERR_JWT_CLAIM_INVALID');
  });

  it('a nested token needs a verification key, and a verification key needs a nested token', () => {
    const nested = encryptJWT(
      signJWT({ a: 1 }, { alg: 'HS256' }, hmac),
      { alg: 'dir', enc: 'A128GCM' },
      kek,
    );
    expect(code(() => decryptJWT(nested, kek))).toBe('ERR_JWT_INVALID');
    const plain = encryptJWT({ a: 1 }, { alg: 'dir', enc: 'A128GCM' }, kek);
    expect(code(() => decryptJWT(plain, kek, { verificationKey: hmac }))).toBe('ERR_JWT_INVALID');
  });

  it('cty JWT is recognised case-insensitively, and a tampered inner signature fails', () => {
    const inner = signJWT({ a: 1 }, { alg: 'HS256' }, hmac);
    const forged = `${inner.slice(0, inner.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    const token = encryptCompact(forged, { alg: 'dir', enc: 'A128GCM', cty: 'jwt' }, kek);
    expect(code(() => decryptJWT(token, kek, { verificationKey: hmac }))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });

  it('only a compact JWS can be nested', () => {
    expect(code(() => encryptJWT('a.b', { alg: 'dir', enc: 'A128GCM' }, kek))).toBe(
      'ERR_JWT_INVALID',
    );
    for (const notJws of ['a.b.c.d', 'a.b.c.d.e', 'a.b.c.d.e.f.g', '.'.repeat(100_000)]) {
      expect(code(() => encryptJWT(notJws, { alg: 'dir', enc: 'A128GCM' }, kek))).toBe(
        'ERR_JWT_INVALID',
      );
    }
  });
});

describe('decodeJWT', () => {
  it('reads header and claims without verifying; JWE claims stay encrypted', () => {
    const token = signJWT({ sub: 'x' }, { alg: 'HS256', kid: 'k' }, hmac);
    expect(decodeJWT(token)).toEqual({
      kind: 'JWS',
      header: { alg: 'HS256', kid: 'k' },
      claims: { sub: 'x' },
    });
    const jwe = encryptJWT({ sub: 'x' }, { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(decodeJWT(jwe)).toEqual({ kind: 'JWE', header: { alg: 'A128KW', enc: 'A128GCM' } });
  });

  it('any string gives a result or a JoseError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(code(() => decodeJWT(s))).toMatch(/^(ok|ERR_JWT_INVALID)$/);
      }),
    );
    expect(code(() => decodeJWT(5 as never))).toBe('ERR_JWT_INVALID');
  });
});

describe('JWTs under a password (PBES2)', () => {
  it('encryptJWT and decryptJWT take a password for PBES2, which decryption must name', () => {
    const token = encryptJWT(
      { sub: 'alice' },
      { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' },
      'correct horse battery staple',
    );
    expect(
      decryptJWT(token, 'correct horse battery staple', {
        keyManagementAlgorithms: ['PBES2-HS256+A128KW'],
      }).claims.sub,
    ).toBe('alice');
    expect(code(() => decryptJWT(token, 'correct horse battery staple'))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(
      code(() =>
        decryptJWT(token, 'wrong password', { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }),
      ),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
  });
});
