import { Buffer } from 'node:buffer';
import {
  constants,
  createSecretKey,
  generateKeyPairSync,
  generateKeySync,
  type KeyObject,
  sign as nodeSign,
} from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { type JWSAlgorithm, signCompact, verifyCompact } from '../../src/jws/index.js';
import { b64, codeOf } from './support.js';

// Generated once for the whole file: RSA key generation is slow.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
const rsaPss256 = generateKeyPairSync('rsa-pss', {
  modulusLength: 2048,
  hashAlgorithm: 'sha256',
  mgf1HashAlgorithm: 'sha256',
});
// @types/node types saltLength as a string; node wants the number of bytes.
const rsaPssSalt64 = generateKeyPairSync('rsa-pss', {
  modulusLength: 2048,
  hashAlgorithm: 'sha256',
  saltLength: 64 as unknown as string,
});
const ec = {
  'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  secp256k1: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
};
const ed25519 = generateKeyPairSync('ed25519');
const hmac = (bytes: number): KeyObject => generateKeySync('hmac', { length: bytes * 8 });

const KEYS: Record<JWSAlgorithm, { sign: KeyObject; verify: KeyObject }> = {
  HS256: { sign: hmac(32), verify: hmac(32) },
  HS384: { sign: hmac(48), verify: hmac(48) },
  HS512: { sign: hmac(64), verify: hmac(64) },
  RS256: { sign: rsa.privateKey, verify: rsa.publicKey },
  RS384: { sign: rsa.privateKey, verify: rsa.publicKey },
  RS512: { sign: rsa.privateKey, verify: rsa.publicKey },
  PS256: { sign: rsa.privateKey, verify: rsa.publicKey },
  PS384: { sign: rsa.privateKey, verify: rsa.publicKey },
  PS512: { sign: rsa.privateKey, verify: rsa.publicKey },
  ES256: { sign: ec['P-256'].privateKey, verify: ec['P-256'].publicKey },
  ES384: { sign: ec['P-384'].privateKey, verify: ec['P-384'].publicKey },
  ES512: { sign: ec['P-521'].privateKey, verify: ec['P-521'].publicKey },
  ES256K: { sign: ec.secp256k1.privateKey, verify: ec.secp256k1.publicKey },
  EdDSA: { sign: ed25519.privateKey, verify: ed25519.publicKey },
};
// An HMAC key verifies with itself.
for (const alg of ['HS256', 'HS384', 'HS512'] as const) KEYS[alg].verify = KEYS[alg].sign;

const SIGNATURE_BYTES: Record<JWSAlgorithm, number> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  RS256: 256,
  RS384: 256,
  RS512: 256,
  PS256: 256,
  PS384: 256,
  PS512: 256,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  ES256K: 64,
  EdDSA: 64,
};

const ALGS = Object.keys(KEYS) as JWSAlgorithm[];

function resign(token: string, signature: Uint8Array): string {
  return `${token.slice(0, token.lastIndexOf('.'))}.${b64(signature)}`;
}
const signingInput = (token: string): Buffer => Buffer.from(token.slice(0, token.lastIndexOf('.')));

describe('JWS algorithms (RFC 7518 s3, RFC 8812 s3.2, RFC 8037 s3.1)', () => {
  for (const alg of ALGS) {
    // An empty payload part means detached content (RFC 7515 Appendix F); compact.test.ts covers it.
    it(`${alg}: sign then verify round-trips any non-empty payload, with signatures of ${SIGNATURE_BYTES[alg]} bytes`, () => {
      const { sign, verify } = KEYS[alg];
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ minLength: 1, maxLength: 300 }),
            fc.string({ minLength: 1, maxLength: 100 }),
          ),
          (payload) => {
            const token = signCompact(payload, { alg }, sign);
            expect(Buffer.from(token.split('.')[2] as string, 'base64url').length).toBe(
              SIGNATURE_BYTES[alg],
            );
            const r = verifyCompact(token, verify, { algorithms: [alg] });
            expect(Buffer.from(r.payload).equals(Buffer.from(payload))).toBe(true);
            expect(r.protectedHeader).toEqual({ alg });
          },
        ),
        { numRuns: alg.startsWith('HS') ? 50 : 10 },
      );
    });
  }

  it('a private key verifies with its public half, for every asymmetric algorithm', () => {
    for (const alg of ALGS.filter((a) => !a.startsWith('HS'))) {
      const token = signCompact('x', { alg }, KEYS[alg].sign);
      expect(verifyCompact(token, KEYS[alg].sign, { algorithms: [alg] }).key.type, alg).toBe(
        'private',
      );
    }
  });

  it('HS*: a truncated or extended MAC does not verify (the whole tag is compared)', () => {
    const token = signCompact('x', { alg: 'HS512' }, KEYS.HS512.sign);
    const tag = Buffer.from(token.split('.')[2] as string, 'base64url');
    for (const bad of [
      tag.subarray(0, 32),
      tag.subarray(0, 63),
      Buffer.concat([tag, Buffer.of(0)]),
      Buffer.alloc(0),
    ]) {
      expect(codeOf(() => verifyCompact(resign(token, bad), KEYS.HS512.verify))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    }
  });

  it('PS*: the salt must be exactly as long as the hash, on verify too (RFC 7518 s3.5)', () => {
    const token = signCompact('x', { alg: 'PS256' }, rsa.privateKey);
    const pss = (saltLength: number): Buffer =>
      nodeSign('sha256', signingInput(token), {
        key: rsa.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength,
      });
    expect(verifyCompact(resign(token, pss(32)), rsa.publicKey).payload).toEqual(Buffer.from('x'));
    for (const saltLength of [0, 20, 31, 33, 64]) {
      expect(
        codeOf(() => verifyCompact(resign(token, pss(saltLength)), rsa.publicKey)),
        `salt ${saltLength}`,
      ).toBe('ERR_JWS_SIGNATURE_INVALID');
    }
  });

  it('RS*/PS*: a signature not exactly as long as the modulus does not verify', () => {
    for (const alg of ['RS256', 'PS256'] as const) {
      const token = signCompact('x', { alg }, rsa.privateKey);
      const sig = Buffer.from(token.split('.')[2] as string, 'base64url');
      for (const bad of [Buffer.concat([Buffer.of(0), sig]), sig.subarray(1), Buffer.alloc(0)]) {
        expect(
          codeOf(() => verifyCompact(resign(token, bad), rsa.publicKey)),
          alg,
        ).toBe('ERR_JWS_SIGNATURE_INVALID');
      }
    }
  });

  it('RS* and PS* are not interchangeable on one RSA key', () => {
    const rs = signCompact('x', { alg: 'RS256' }, rsa.privateKey);
    const [, p, s] = rs.split('.');
    const asPs = `${b64('{"alg":"PS256"}')}.${p}.${s}`;
    expect(codeOf(() => verifyCompact(asPs, rsa.publicKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('ES*: only R || S of the exact size verifies; DER and padded forms do not', () => {
    const token = signCompact('x', { alg: 'ES256' }, ec['P-256'].privateKey);
    const der = nodeSign('sha256', signingInput(token), ec['P-256'].privateKey);
    const raw = Buffer.from(token.split('.')[2] as string, 'base64url');
    for (const bad of [
      der,
      Buffer.concat([Buffer.of(0), raw]),
      raw.subarray(1),
      Buffer.alloc(64),
      Buffer.alloc(0),
    ]) {
      expect(codeOf(() => verifyCompact(resign(token, bad), ec['P-256'].publicKey))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    }
  });

  it("node 'rsa-pss' key objects fit PS* only, and only the hash their parameters allow", () => {
    const t = signCompact('x', { alg: 'PS384' }, rsaPss.privateKey);
    expect(verifyCompact(t, rsaPss.publicKey).payload).toEqual(Buffer.from('x'));
    const t256 = signCompact('x', { alg: 'PS256' }, rsaPss256.privateKey);
    expect(verifyCompact(t256, rsaPss256.publicKey, { algorithms: ['PS256'] }).payload).toEqual(
      Buffer.from('x'),
    );
    expect(codeOf(() => signCompact('x', { alg: 'RS256' }, rsaPss.privateKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => signCompact('x', { alg: 'PS384' }, rsaPss256.privateKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => verifyCompact(t, rsaPss256.publicKey))).toBe('ERR_KEY_UNSUITABLE');
    // Its minimum salt (64 bytes) is longer than PS256's 32.
    expect(codeOf(() => signCompact('x', { alg: 'PS256' }, rsaPssSalt64.privateKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    const rs = signCompact('x', { alg: 'RS256' }, rsa.privateKey);
    expect(codeOf(() => verifyCompact(rs, rsaPss.publicKey))).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('key and algorithm misuse is ERR_KEY_UNSUITABLE', () => {
  const hsToken = signCompact('x', { alg: 'HS256' }, KEYS.HS256.sign);
  const rsToken = signCompact('x', { alg: 'RS256' }, rsa.privateKey);
  const esToken = signCompact('x', { alg: 'ES256' }, ec['P-256'].privateKey);
  const cases: Array<[string, () => unknown]> = [
    ['HS256 verified with an RSA public key', () => verifyCompact(hsToken, rsa.publicKey)],
    [
      'HS256 verified with an RSA public key, HS256 allowed',
      () => verifyCompact(hsToken, rsa.publicKey, { algorithms: ['HS256'] }),
    ],
    [
      'HS256 signed with an RSA public key',
      () => signCompact('x', { alg: 'HS256' }, rsa.publicKey),
    ],
    [
      'HS256 signed with an RSA private key',
      () => signCompact('x', { alg: 'HS256' }, rsa.privateKey),
    ],
    ['RS256 verified with an HMAC key', () => verifyCompact(rsToken, KEYS.HS256.sign)],
    [
      'HS256 with a 31-byte secret',
      () => signCompact('x', { alg: 'HS256' }, createSecretKey(Buffer.alloc(31, 1))),
    ],
    ['HS512 with a 32-byte secret', () => signCompact('x', { alg: 'HS512' }, KEYS.HS256.sign)],
    [
      'ES256 signed with a P-384 key',
      () => signCompact('x', { alg: 'ES256' }, ec['P-384'].privateKey),
    ],
    ['ES256 verified with a P-384 key', () => verifyCompact(esToken, ec['P-384'].publicKey)],
    [
      'ES512 verified with a P-256 key',
      () => verifyCompact(esToken.replace(/^[^.]+/, b64('{"alg":"ES512"}')), ec['P-256'].publicKey),
    ],
    ['ES256 with an RSA key', () => signCompact('x', { alg: 'ES256' }, rsa.privateKey)],
    ['RS256 with an EC key', () => signCompact('x', { alg: 'RS256' }, ec['P-256'].privateKey)],
    [
      'RS256 signed with a 1024-bit RSA key',
      () => signCompact('x', { alg: 'RS256' }, rsa1024.privateKey),
    ],
    ['RS256 verified with a 1024-bit RSA key', () => verifyCompact(rsToken, rsa1024.publicKey)],
    ['RS256 signed with a public key', () => signCompact('x', { alg: 'RS256' }, rsa.publicKey)],
    ['PS256 signed with a public key', () => signCompact('x', { alg: 'PS256' }, rsa.publicKey)],
    [
      'ES256 signed with a public key',
      () => signCompact('x', { alg: 'ES256' }, ec['P-256'].publicKey),
    ],
    [
      'a JWK bound to PS512 signing RS256',
      () =>
        signCompact(
          'x',
          { alg: 'RS256' },
          { ...exportJWK(rsa.privateKey, { private: true }), alg: 'PS512' },
        ),
    ],
    [
      'a JWK bound to PS512 verifying RS256',
      () => verifyCompact(rsToken, { ...exportJWK(rsa.publicKey), alg: 'PS512' }),
    ],
    [
      'a JWK bound to PS512 verifying RS256, RS256 allowed',
      () =>
        verifyCompact(
          rsToken,
          { ...exportJWK(rsa.publicKey), alg: 'PS512' },
          { algorithms: ['RS256'] },
        ),
    ],
    [
      'a key with use "enc" signing',
      () => signCompact('x', { alg: 'HS256' }, new JoseKey(KEYS.HS256.sign, { use: 'enc' })),
    ],
    [
      'a key with use "enc" verifying',
      () => verifyCompact(hsToken, new JoseKey(KEYS.HS256.sign, { use: 'enc' })),
    ],
    [
      'key_ops without "sign" signing',
      () => signCompact('x', { alg: 'RS256' }, new JoseKey(rsa.privateKey, { keyOps: ['verify'] })),
    ],
    [
      'key_ops without "verify" verifying',
      () => verifyCompact(hsToken, new JoseKey(KEYS.HS256.sign, { keyOps: ['sign'] })),
    ],
  ];
  for (const [name, run] of cases) it(name, () => expect(codeOf(run)).toBe('ERR_KEY_UNSUITABLE'));

  it('a key bound to an algorithm accepts that algorithm without an allow-list', () => {
    const bound = importJWK({
      ...exportJWK(KEYS.HS256.sign, { private: true }),
      alg: 'HS256',
      use: 'sig',
      key_ops: ['sign', 'verify'],
    });
    expect(verifyCompact(signCompact('x', { alg: 'HS256' }, bound), bound).key).toBe(bound);
  });
});
