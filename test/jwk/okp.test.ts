import { Buffer } from 'node:buffer';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  sign,
  verify,
} from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { requireEc, requireOkp } from '../../src/jwk/fit.js';
import { generateKey } from '../../src/jwk/generate.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JWKSet } from '../../src/jwk/keyset.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { JoseError } from '../../src/util/errors.js';
import { publishedVectors } from '../support/vectors.js';
import { code, sorted, without } from './helpers.js';

const rfc8037 = publishedVectors('rfc8037-appendix-a.json');
const byId = (id: string) => rfc8037.find((v) => v.id === id) as (typeof rfc8037)[number];
const A1 = byId('RFC8037-A.1').jwk as JWK;
const A2 = byId('RFC8037-A.2').jwk as JWK;
const A4 = byId('RFC8037-A.4') as unknown as {
  signing_input_ascii: string;
  signature_b64u: string;
};
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

// RFC 8037 s2: x (and d) are exactly this many octets on each curve.
const SIZES = { Ed25519: 32, Ed448: 57, X25519: 32, X448: 56 } as const;
type Crv = keyof typeof SIZES;
const CURVES = Object.keys(SIZES) as Crv[];
const TYPE: Record<Crv, 'ed25519' | 'ed448' | 'x25519' | 'x448'> = {
  Ed25519: 'ed25519',
  Ed448: 'ed448',
  X25519: 'x25519',
  X448: 'x448',
};
// Made by node:crypto, not by the code under test.
const pairs = Object.fromEntries(
  CURVES.map((crv) => {
    const { privateKey } = generateKeyPairSync(TYPE[crv] as 'ed25519');
    return [crv, privateKey.export({ format: 'jwk' }) as JWK];
  }),
) as Record<Crv, JWK>;

describe('RFC 8037 Appendix A: the Ed25519 example key', () => {
  it('RFC 8037 A.1: the private key imports, and its x is the public key of its d', () => {
    const key = importJWK(A1);
    expect([key.type, key.kty, key.crv]).toEqual(['private', 'OKP', 'Ed25519']);
    expect(createPublicKey(key.keyObject).export({ format: 'jwk' }).x).toBe(A1.x);
  });

  it('RFC 8037 A.2: the public key imports and exports as printed; A.1 exports to A.2 without private: true', () => {
    const pub = importJWK(A2);
    expect(pub.type).toBe('public');
    expect(sorted(exportJWK(pub))).toEqual(sorted(A2));
    expect(sorted(exportJWK(importJWK(A1)))).toEqual(sorted(A2));
    expect(sorted(exportJWK(importJWK(A1), { private: true }))).toEqual(sorted(A1));
  });

  it('RFC 8037 A.3: the thumbprint of the public and of the private key is the published one', () => {
    const v = byId('RFC8037-A.3');
    expect(
      createHash('sha256')
        .update(v.canonical_json_utf8 as string)
        .digest('hex'),
    ).toBe(v.sha256_hex);
    for (const k of [A1, A2, importJWK(A1), importJWK(A2).keyObject])
      expect(thumbprint(k)).toBe(v.thumbprint_b64u);
  });
});

describe('OKP JWK import and export (RFC 8037 s2) on every curve', () => {
  for (const crv of CURVES) {
    it(`${crv}: private and public JWKs round-trip; the public half is the same key node derives`, () => {
      const jwk = pairs[crv];
      const priv = importJWK(jwk);
      expect([priv.type, priv.kty, priv.crv]).toEqual(['private', 'OKP', crv]);
      expect(sorted(exportJWK(priv, { private: true }))).toEqual(sorted(jwk));
      const pub = importJWK(without(jwk, 'd'));
      expect(pub.keyObject.equals(createPublicKey(priv.keyObject))).toBe(true);
      expect(sorted(exportJWK(pub))).toEqual(sorted(without(jwk, 'd')));
    });

    it(`${crv}: x or d of any other length is ERR_JWK_INVALID`, () => {
      const jwk = pairs[crv];
      for (const n of [0, 1, SIZES[crv] - 1, SIZES[crv] + 1, 64]) {
        if (n === SIZES[crv]) continue;
        expect(
          code(() => importJWK({ ...without(jwk, 'd'), x: b64u(Buffer.alloc(n, 9)) })),
          `x of ${n}`,
        ).toBe('ERR_JWK_INVALID');
        expect(
          code(() => importJWK({ ...jwk, d: b64u(Buffer.alloc(n, 9)) })),
          `d of ${n}`,
        ).toBe('ERR_JWK_INVALID');
      }
    });

    it(`${crv}: a d that is not the private key of x is ERR_JWK_INVALID`, () => {
      const other = generateKeyPairSync(TYPE[crv] as 'ed25519').privateKey.export({
        format: 'jwk',
      }) as { x: string; d: string };
      expect(code(() => importJWK({ ...pairs[crv], d: other.d }))).toBe('ERR_JWK_INVALID');
      expect(code(() => importJWK({ ...pairs[crv], x: other.x }))).toBe('ERR_JWK_INVALID');
    });
  }

  it('refuses a missing or non-string crv and x, and non-canonical base64url', () => {
    for (const bad of [
      without(A2, 'crv'),
      { ...A2, crv: 25519 },
      without(A2, 'x'),
      { ...A2, x: 5 },
      { ...A2, x: `${A2.x}=` },
      { ...A1, d: `${A1.d}=` },
      { ...A2, x: (A2.x as string).replace(/^./, '+') },
    ]) {
      expect(
        code(() => importJWK(bad as JWK)),
        JSON.stringify(bad),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('an unknown crv is ERR_NOT_SUPPORTED, EC curve names and prototype names included', () => {
    for (const crv of [
      'Ed25519ph',
      'ed25519',
      'P-256',
      'secp256k1',
      'X25519 ',
      'toString',
      '__proto__',
      'constructor',
    ]) {
      expect(
        code(() => importJWK({ ...A2, crv })),
        crv,
      ).toBe('ERR_NOT_SUPPORTED');
    }
  });

  it('random bytes as x and d give a key or a JoseError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURVES),
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.option(fc.uint8Array({ minLength: 55, maxLength: 58 })),
        (crv, x, d) => {
          const jwk: JWK = { kty: 'OKP', crv, x: b64u(x), ...(d === null ? {} : { d: b64u(d) }) };
          try {
            const key = importJWK(jwk);
            expect([key.crv, x.length, d?.length ?? SIZES[crv]]).toEqual([
              crv,
              SIZES[crv],
              SIZES[crv],
            ]);
          } catch (e) {
            expect(e).toBeInstanceOf(JoseError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an OKP key fits only its own curve: Ed25519 is not EC, X25519 is not Ed25519', () => {
    const ed = importJWK(A1);
    expect(code(() => requireEc(ed, 'ES256', 'P-256', true))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => requireOkp(importJWK(pairs.X25519), 'EdDSA', 'Ed25519', true))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(() => requireOkp(ed, 'EdDSA', 'Ed25519', true)).not.toThrow();
  });

  it('a key made from an imported private JWK signs what node verifies with the published public key (RFC 8037 A.4 input)', () => {
    const input = Buffer.from(A4.signing_input_ascii, 'ascii');
    const signature = sign(null, input, importJWK(A1).keyObject);
    expect(b64u(signature)).toBe(A4.signature_b64u);
    expect(
      verify(null, input, createPublicKey({ key: A2 as JsonWebKey, format: 'jwk' }), signature),
    ).toBe(true);
  });
});

describe('generateKey for EdDSA, ES256K and ECDH-ES curves', () => {
  it('EdDSA gives an Ed25519 key by default and Ed448 with crv; both bound to EdDSA', () => {
    expect([generateKey('EdDSA').crv, generateKey('EdDSA').alg]).toEqual(['Ed25519', 'EdDSA']);
    const k = generateKey('EdDSA', { crv: 'Ed448', kid: 'e' });
    expect([k.type, k.kty, k.crv, k.alg, k.kid]).toEqual(['private', 'OKP', 'Ed448', 'EdDSA', 'e']);
  });

  it('ES256K gives a secp256k1 key (RFC 8812 s3.2)', () => {
    const k = generateKey('ES256K');
    expect([k.type, k.kty, k.crv, k.alg]).toEqual(['private', 'EC', 'secp256k1', 'ES256K']);
  });

  it('ECDH-ES takes crv for P-384, P-521, X25519 and X448; P-256 without it', () => {
    expect(generateKey('ECDH-ES').crv).toBe('P-256');
    for (const crv of ['P-384', 'P-521', 'X25519', 'X448'])
      expect(generateKey('ECDH-ES+A128KW', { crv }).crv).toBe(crv);
  });

  it('refuses a crv the algorithm does not work on, and any crv for a fixed key shape (ERR_INVALID_ARGUMENT)', () => {
    for (const crv of ['X25519', 'P-256', 'ed25519', '', 'toString', 5])
      expect(
        code(() => generateKey('EdDSA', { crv: crv as string })),
        String(crv),
      ).toBe('ERR_INVALID_ARGUMENT');
    expect(code(() => generateKey('ECDH-ES', { crv: 'Ed25519' }))).toBe('ERR_INVALID_ARGUMENT');
    for (const alg of ['HS256', 'ES256', 'ES256K', 'RSA-OAEP'])
      expect(
        code(() => generateKey(alg as never, { crv: 'P-256' })),
        alg,
      ).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('JWKSet selection for EdDSA and ES256K', () => {
  const x25519 = { ...without(pairs.X25519, 'd'), kid: 'x' };
  const ed448 = { ...without(pairs.Ed448, 'd'), kid: 'ed448' };
  const k1 = {
    ...(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({
      format: 'jwk',
    }) as JWK),
    kid: 'k1',
  };
  const p256 = {
    ...(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    }) as JWK),
    kid: 'p256',
  };

  it('EdDSA picks an Ed25519 or Ed448 key, never an X25519 key (RFC 8037 s3.1)', () => {
    expect(
      new JWKSet({ keys: [x25519, { ...A2, kid: 'ed' }, p256] }).select({ alg: 'EdDSA' }).kid,
    ).toBe('ed');
    expect(new JWKSet({ keys: [x25519, ed448] }).select({ alg: 'EdDSA' }).kid).toBe('ed448');
    expect(code(() => new JWKSet({ keys: [x25519, p256] }).select({ alg: 'EdDSA' }))).toBe(
      'ERR_KEY_NOT_FOUND',
    );
    expect(code(() => new JWKSet({ keys: [A2, ed448] }).select({ alg: 'EdDSA' }))).toBe(
      'ERR_KEY_AMBIGUOUS',
    );
  });

  it('ES256K picks the secp256k1 key, ES256 the P-256 one (RFC 8812 s3.2)', () => {
    const set = new JWKSet({ keys: [k1, p256, A2] });
    expect(set.select({ alg: 'ES256K' }).kid).toBe('k1');
    expect(set.select({ alg: 'ES256' }).kid).toBe('p256');
  });

  it('ECDH-ES with an X25519 epk picks the X25519 key', () => {
    const set = new JWKSet({ keys: [{ ...x25519, use: 'enc' }, p256, A2] });
    expect(
      set.select({
        alg: 'ECDH-ES',
        enc: 'A128GCM',
        epk: { kty: 'OKP', crv: 'X25519', x: x25519.x },
      }).kid,
    ).toBe('x');
  });
});
