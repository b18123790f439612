import { Buffer } from 'node:buffer';
import { createPublicKey, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { JoseKey } from '../../src/jwk/key.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { codeOf, macToken } from './support.js';

// Attack class "keys": weak or malformed keys refused at import or at use, and private members
// never exported unless asked for.
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const k256 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });

/** A random odd modulus of exactly `bits` bits (not a product of two primes: only its size matters here). */
function modulus(bits: number): string {
  const n = randomBytes(bits / 8);
  n[0] = (n[0] as number) | 0x80;
  n[n.length - 1] = (n[n.length - 1] as number) | 1;
  return n.toString('base64url');
}

describe('short HMAC secrets', () => {
  it('HS256/384/512 refuse a secret shorter than the hash, to sign and to verify (RFC 7518 s3.2)', () => {
    for (const [alg, hash, bytes] of [
      ['HS256', 'sha256', 32],
      ['HS384', 'sha384', 48],
      ['HS512', 'sha512', 64],
    ] as const) {
      const short = randomBytes(bytes - 1);
      expect(
        codeOf(() => signCompact('x', { alg }, createSecretKey(short))),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(
        codeOf(() =>
          verifyCompact(
            macToken(JSON.stringify({ alg }), 'x', short, hash),
            createSecretKey(short),
          ),
        ),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
      const enough = randomBytes(bytes);
      expect(
        verifyCompact(macToken(JSON.stringify({ alg }), 'x', enough, hash), createSecretKey(enough))
          .protectedHeader.alg,
      ).toBe(alg);
    }
  });

  it('an empty secret cannot be imported, and an empty PBES2 password is refused', () => {
    expect(codeOf(() => importKey(new Uint8Array(0)))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => importJWK({ kty: 'oct', k: '' }))).toBe('ERR_JWK_INVALID');
    expect(
      codeOf(() => encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }, '')),
    ).toBe('ERR_KEY_UNSUITABLE');
  });
});

describe('RSA key sizes', () => {
  it('RSA below 2048 bits is refused for every RSA algorithm, on both sides', () => {
    for (const alg of ['RS256', 'PS256']) {
      expect(
        codeOf(() => signCompact('x', { alg }, rsa1024.privateKey)),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
      expect(
        codeOf(() =>
          verifyCompact(signCompact('x', { alg }, rsa2048.privateKey), rsa1024.publicKey),
        ),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
    }
    for (const alg of ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256']) {
      expect(
        codeOf(() => encryptCompact('x', { alg, enc: 'A128GCM' }, rsa1024.publicKey)),
        alg,
      ).toBe('ERR_KEY_UNSUITABLE');
    }
    const key2040 = importJWK({ kty: 'RSA', n: modulus(2040), e: 'AQAB' });
    expect(
      codeOf(() => verifyCompact(signCompact('x', { alg: 'RS256' }, rsa2048.privateKey), key2040)),
    ).toBe('ERR_KEY_UNSUITABLE');
  });

  it('an RSA JWK above 16384 bits is refused at import, before any arithmetic on it (fixed)', () => {
    expect(importJWK({ kty: 'RSA', n: modulus(16384), e: 'AQAB' }).bits).toBe(16384);
    expect(codeOf(() => importJWK({ kty: 'RSA', n: modulus(16392), e: 'AQAB' }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    // With only "d", import would have to recover the primes, which for 32768 bits takes tens
    // of seconds of BigInt work: the size is refused first.
    expect(
      codeOf(() => importJWK({ kty: 'RSA', n: modulus(32768), e: 'AQAB', d: modulus(32760) })),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => importJWK({ kty: 'RSA', n: modulus(65536), e: 'AQAB' }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('an RSA key above 16384 bits that arrives as a KeyObject or PEM is refused at use', () => {
    const big = createPublicKey({
      key: { kty: 'RSA', n: modulus(16392), e: 'AQAB' },
      format: 'jwk',
    });
    const fromPem = importKey(big.export({ format: 'pem', type: 'spki' }) as string);
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.${Buffer.alloc(2049).toString('base64url')}`;
    expect(codeOf(() => verifyCompact(token, big))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => verifyCompact(token, fromPem))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, big))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('RSA public exponents that are even, below 3 or longer than 64 bits, and even moduli, are refused at import', () => {
    const n = rsa2048.publicKey.export({ format: 'jwk' }).n as string;
    for (const e of ['AQ', 'Ag', 'BA', Buffer.alloc(9, 1).toString('base64url')]) {
      expect(
        codeOf(() => importJWK({ kty: 'RSA', n, e })),
        e,
      ).toBe('ERR_JWK_INVALID');
    }
    const even = Buffer.from(n, 'base64url');
    even[even.length - 1] = (even[even.length - 1] as number) & 0xfe;
    expect(codeOf(() => importJWK({ kty: 'RSA', n: even.toString('base64url'), e: 'AQAB' }))).toBe(
      'ERR_JWK_INVALID',
    );
  });
});

describe('EC keys', () => {
  const jwk = p256.privateKey.export({ format: 'jwk' }) as JWK;

  it('a point that is not on its curve is refused at import (invalid-curve attacks)', () => {
    const offCurve = Buffer.from(jwk.y as string, 'base64url');
    offCurve[31] = (offCurve[31] as number) ^ 1;
    expect(
      codeOf(() =>
        importJWK({ kty: 'EC', crv: 'P-256', x: jwk.x, y: offCurve.toString('base64url') } as JWK),
      ),
    ).toBe('ERR_JWK_INVALID');
    const zero = Buffer.alloc(32).toString('base64url');
    expect(codeOf(() => importJWK({ kty: 'EC', crv: 'P-256', x: zero, y: zero }))).toBe(
      'ERR_JWK_INVALID',
    );
    for (let i = 0; i < 8; i++) {
      const random = {
        kty: 'EC',
        crv: 'P-256',
        x: randomBytes(32).toString('base64url'),
        y: randomBytes(32).toString('base64url'),
      };
      expect(codeOf(() => importJWK(random))).toBe('ERR_JWK_INVALID');
    }
  });

  it("a private key whose public point is another key's is refused at import", () => {
    const other = p256.publicKey.export({ format: 'jwk' });
    const mixed = {
      ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        format: 'jwk',
      }) as JWK),
      x: other.x,
      y: other.y,
    };
    expect(codeOf(() => importJWK(mixed as JWK))).toBe('ERR_JWK_INVALID');
  });

  it("kty and crv must agree, and coordinates must have their curve's length", () => {
    const k1 = k256.publicKey.export({ format: 'jwk' });
    // secp256k1 coordinates labelled P-256 are not a P-256 point.
    expect(codeOf(() => importJWK({ kty: 'EC', crv: 'P-256', x: k1.x, y: k1.y } as JWK))).toBe(
      'ERR_JWK_INVALID',
    );
    expect(codeOf(() => importJWK({ kty: 'EC', crv: 'P-384', x: jwk.x, y: jwk.y } as JWK))).toBe(
      'ERR_JWK_INVALID',
    );
    for (const bad of [
      { kty: 'EC', crv: 'Ed25519', x: jwk.x, y: jwk.y },
      { kty: 'EC', crv: 'X25519', x: jwk.x },
      { kty: 'OKP', crv: 'P-256', x: jwk.x, y: jwk.y },
      { kty: 'EC', crv: 'toString', x: jwk.x, y: jwk.y },
    ]) {
      expect(
        codeOf(() => importJWK(bad as JWK)),
        JSON.stringify(bad),
      ).toMatch(/^ERR_(JWK_INVALID|NOT_SUPPORTED)$/);
    }
  });

  it("an EC key on another curve than the algorithm's is refused at use", () => {
    expect(
      codeOf(() =>
        verifyCompact(signCompact('x', { alg: 'ES256' }, p256.privateKey), k256.publicKey),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => signCompact('x', { alg: 'ES256' }, k256.privateKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });
});

describe('private members are exported only when asked for', () => {
  it('exportJWK of a private RSA or EC key gives the public JWK unless private: true', () => {
    for (const key of [rsa2048.privateKey, p256.privateKey]) {
      const pub = exportJWK(key);
      for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(pub, m).not.toHaveProperty(m);
      expect(exportJWK(key, { private: true })).toHaveProperty('d');
      expect(thumbprint(exportJWK(key, { private: true }))).toBe(thumbprint(pub));
    }
  });

  it('a secret key is never exported without private: true, and toPublic of a secret fails', () => {
    const secret = new JoseKey(createSecretKey(randomBytes(32)));
    expect(codeOf(() => exportJWK(secret))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => exportJWK(secret, { private: 'yes' } as never))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => secret.toPublic())).toBe('ERR_KEY_UNSUITABLE');
    expect(exportJWK(secret, { private: true }).k).toBe(
      secret.keyObject.export().toString('base64url'),
    );
  });

  it('a public key cannot decrypt or sign, whatever it is bound to', () => {
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, rsa2048.publicKey);
    expect(codeOf(() => decryptCompact(jwe, rsa2048.publicKey))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => signCompact('x', { alg: 'RS256' }, rsa2048.publicKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(
      codeOf(() =>
        signCompact('x', { alg: 'RS256' }, importKey(rsa2048.privateKey, { keyOps: ['verify'] })),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
  });
});
