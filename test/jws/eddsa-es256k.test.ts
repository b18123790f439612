import { Buffer } from 'node:buffer';
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { signCompact, signJSON, verifyCompact, verifyJSON } from '../../src/jws/index.js';
import { b64, codeOf } from './support.js';

const ed25519 = generateKeyPairSync('ed25519');
const ed448 = generateKeyPairSync('ed448');
const x25519 = generateKeyPairSync('x25519');
const x448 = generateKeyPairSync('x448');
const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const parts = (token: string): [string, string, Buffer] => {
  const [h, p, s] = token.split('.') as [string, string, string];
  return [`${h}.${p}`, p, Buffer.from(s, 'base64url')];
};
const withSignature = (token: string, signature: Uint8Array): string =>
  `${token.slice(0, token.lastIndexOf('.'))}.${b64(signature)}`;
const payloads = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }),
  fc.string({ minLength: 1, maxLength: 80 }),
);

describe('EdDSA (RFC 8037 s3.1) with Ed25519 and Ed448', () => {
  for (const [crv, pair, bytes] of [
    ['Ed25519', ed25519, 64],
    ['Ed448', ed448, 114],
  ] as const) {
    it(`${crv}: round trip of any payload, compact and JSON, signatures of ${bytes} octets that node verifies`, () => {
      fc.assert(
        fc.property(payloads, (payload) => {
          const token = signCompact(payload, { alg: 'EdDSA' }, pair.privateKey);
          const [input, , signature] = parts(token);
          expect(signature.length).toBe(bytes);
          expect(nodeVerify(null, Buffer.from(input), pair.publicKey, signature)).toBe(true);
          expect(
            Buffer.from(
              verifyCompact(token, pair.publicKey, { algorithms: ['EdDSA'] }).payload,
            ).equals(Buffer.from(payload)),
          ).toBe(true);
          const json = signJSON(payload, [
            { protectedHeader: { alg: 'EdDSA' }, key: pair.privateKey },
          ]);
          expect(
            Buffer.from(verifyJSON(json, pair.publicKey, { algorithms: ['EdDSA'] }).payload).equals(
              Buffer.from(payload),
            ),
          ).toBe(true);
        }),
        { numRuns: 25 },
      );
    });

    it(`${crv}: a signature node made verifies; Ed25519ph/Ed448ph-style or altered ones do not`, () => {
      const token = signCompact('x', { alg: 'EdDSA' }, pair.privateKey);
      const [input, , mine] = parts(token);
      const theirs = nodeSign(null, Buffer.from(input), pair.privateKey);
      expect(verifyCompact(withSignature(token, theirs), pair.publicKey).payload).toEqual(
        Buffer.from('x'),
      );
      // EdDSA is deterministic (RFC 8032 s5.1.6): node and jose-core give the same octets.
      expect(mine.equals(theirs)).toBe(true);
      const flipped = Buffer.from(mine);
      flipped[0] = (flipped[0] as number) ^ 1;
      for (const bad of [
        flipped,
        mine.subarray(1),
        Buffer.concat([mine, Buffer.of(0)]),
        Buffer.alloc(bytes),
        Buffer.alloc(0),
      ]) {
        expect(codeOf(() => verifyCompact(withSignature(token, bad), pair.publicKey))).toBe(
          'ERR_JWS_SIGNATURE_INVALID',
        );
      }
    });

    it(`${crv}: a changed signing input or signature octet never verifies`, () => {
      const token = signCompact('payload', { alg: 'EdDSA', kid: 'k' }, pair.privateKey);
      const [, , signature] = parts(token);
      fc.assert(
        fc.property(fc.nat({ max: bytes - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
          const bad = Buffer.from(signature);
          bad[at] = (bad[at] as number) ^ mask;
          expect(codeOf(() => verifyCompact(withSignature(token, bad), pair.publicKey))).toBe(
            'ERR_JWS_SIGNATURE_INVALID',
          );
        }),
        { numRuns: 40 },
      );
      const otherPayload = token.replace(/\.[^.]+\./, `.${b64('payloae')}.`);
      expect(codeOf(() => verifyCompact(otherPayload, pair.publicKey))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });
  }

  it('an Ed448 signature does not verify under an Ed25519 key, nor the reverse', () => {
    const t448 = signCompact('x', { alg: 'EdDSA' }, ed448.privateKey);
    const t25519 = signCompact('x', { alg: 'EdDSA' }, ed25519.privateKey);
    expect(codeOf(() => verifyCompact(t448, ed25519.publicKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(codeOf(() => verifyCompact(t25519, ed448.publicKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('generateKey(EdDSA) keys and their exported JWKs sign and verify', () => {
    for (const crv of ['Ed25519', 'Ed448']) {
      const key = generateKey('EdDSA', { crv });
      const token = signCompact('x', { alg: 'EdDSA' }, key);
      expect(verifyCompact(token, exportJWK(key)).key.crv).toBe(crv);
      expect(verifyCompact(token, key.toPublic(), { algorithms: ['EdDSA'] }).payload).toEqual(
        Buffer.from('x'),
      );
    }
  });
});

describe('ES256K (RFC 8812 s3.2): ECDSA on secp256k1 with SHA-256', () => {
  it("round trip of any payload; node verifies the R || S signature, and jose-core verifies node's", () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        const token = signCompact(payload, { alg: 'ES256K' }, k1.privateKey);
        const [input, , signature] = parts(token);
        expect(signature.length).toBe(64);
        expect(
          nodeVerify(
            'sha256',
            Buffer.from(input),
            { key: k1.publicKey, dsaEncoding: 'ieee-p1363' },
            signature,
          ),
        ).toBe(true);
        const theirs = nodeSign('sha256', Buffer.from(input), {
          key: k1.privateKey,
          dsaEncoding: 'ieee-p1363',
        });
        expect(
          Buffer.from(
            verifyCompact(withSignature(token, theirs), k1.publicKey, { algorithms: ['ES256K'] })
              .payload,
          ).equals(Buffer.from(payload)),
        ).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('only R || S of 64 octets verifies: DER, padded, truncated and altered signatures do not', () => {
    const token = signCompact('x', { alg: 'ES256K' }, k1.privateKey);
    const [input, , raw] = parts(token);
    const der = nodeSign('sha256', Buffer.from(input), k1.privateKey);
    const flipped = Buffer.from(raw);
    flipped[40] = (flipped[40] as number) ^ 0x80;
    for (const bad of [
      der,
      Buffer.concat([Buffer.of(0), raw]),
      raw.subarray(1),
      flipped,
      Buffer.alloc(64),
      Buffer.alloc(0),
    ]) {
      expect(codeOf(() => verifyCompact(withSignature(token, bad), k1.publicKey))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    }
  });

  it("an ES256K token relabelled ES256 is refused with its own key: the curve is the algorithm's", () => {
    const token = signCompact('x', { alg: 'ES256K' }, k1.privateKey);
    const asEs256 = token.replace(/^[^.]+/, b64('{"alg":"ES256"}'));
    expect(codeOf(() => verifyCompact(asEs256, k1.publicKey))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('generateKey(ES256K) keys sign what their exported public JWK verifies', () => {
    const key = generateKey('ES256K');
    const token = signCompact('x', { alg: 'ES256K' }, key);
    expect(verifyCompact(token, exportJWK(key), { algorithms: ['ES256K'] }).key.crv).toBe(
      'secp256k1',
    );
  });
});

describe('keys of the wrong type or curve for EdDSA and ES256K are ERR_KEY_UNSUITABLE', () => {
  const edToken = signCompact('x', { alg: 'EdDSA' }, ed25519.privateKey);
  const k1Token = signCompact('x', { alg: 'ES256K' }, k1.privateKey);
  const esToken = signCompact('x', { alg: 'ES256' }, p256.privateKey);
  const cases: Array<[string, () => unknown]> = [
    [
      'EdDSA signed with an X25519 key',
      () => signCompact('x', { alg: 'EdDSA' }, x25519.privateKey),
    ],
    ['EdDSA signed with an X448 key', () => signCompact('x', { alg: 'EdDSA' }, x448.privateKey)],
    ['EdDSA verified with an X25519 key', () => verifyCompact(edToken, x25519.publicKey)],
    [
      'EdDSA verified with an X25519 JWK, EdDSA allowed',
      () => verifyCompact(edToken, exportJWK(x25519.publicKey), { algorithms: ['EdDSA'] }),
    ],
    [
      'EdDSA signed with an Ed25519 public key',
      () => signCompact('x', { alg: 'EdDSA' }, ed25519.publicKey),
    ],
    ['EdDSA signed with a P-256 key', () => signCompact('x', { alg: 'EdDSA' }, p256.privateKey)],
    ['EdDSA verified with a P-256 key', () => verifyCompact(edToken, p256.publicKey)],
    [
      'ES256 signed with an Ed25519 key',
      () => signCompact('x', { alg: 'ES256' }, ed25519.privateKey),
    ],
    [
      'ES256 verified with an Ed25519 JWK',
      () => verifyCompact(esToken, exportJWK(ed25519.publicKey)),
    ],
    [
      'HS256 signed with an Ed25519 key',
      () => signCompact('x', { alg: 'HS256' }, ed25519.privateKey),
    ],
    ['ES256K signed with a P-256 key', () => signCompact('x', { alg: 'ES256K' }, p256.privateKey)],
    ['ES256K verified with a P-256 key', () => verifyCompact(k1Token, p256.publicKey)],
    ['ES256 signed with a secp256k1 key', () => signCompact('x', { alg: 'ES256' }, k1.privateKey)],
    ['ES256 verified with a secp256k1 key', () => verifyCompact(esToken, k1.publicKey)],
    [
      'ES256K signed with an Ed25519 key',
      () => signCompact('x', { alg: 'ES256K' }, ed25519.privateKey),
    ],
    [
      'a JWK bound to EdDSA signing ES256K',
      () =>
        signCompact(
          'x',
          { alg: 'ES256K' },
          { ...exportJWK(k1.privateKey, { private: true }), alg: 'EdDSA' },
        ),
    ],
    [
      'an Ed25519 JWK bound to ES256 verifying EdDSA',
      () => verifyCompact(edToken, { ...exportJWK(ed25519.publicKey), alg: 'ES256' }),
    ],
    [
      'an Ed25519 JWK with use "enc" verifying EdDSA',
      () => verifyCompact(edToken, { ...exportJWK(ed25519.publicKey), use: 'enc' }),
    ],
  ];
  for (const [name, run] of cases) it(name, () => expect(codeOf(run)).toBe('ERR_KEY_UNSUITABLE'));

  it('an allow-list without EdDSA or ES256K refuses their tokens before any key check', () => {
    expect(codeOf(() => verifyCompact(edToken, ed25519.publicKey, { algorithms: ['ES256'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(codeOf(() => verifyCompact(k1Token, k1.publicKey, { algorithms: ['ES256'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
  });
});
