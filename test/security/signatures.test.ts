import { Buffer } from 'node:buffer';
import {
  constants,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { b64, codeOf, text, unb64 } from './support.js';

// Attack class "signatures": signature values that are malformed, malleable or of the wrong
// length. Each is refused as a signature that does not verify, except high-s ECDSA, which is a
// valid signature and must verify.
const withSignature = (token: string, signature: Uint8Array): string =>
  `${token.slice(0, token.lastIndexOf('.'))}.${b64(signature)}`;
const input = (token: string): Buffer =>
  Buffer.from(token.slice(0, token.lastIndexOf('.')), 'ascii');

// Group orders (SEC 2 / FIPS 186-4 D.1.2).
const CURVES = [
  {
    alg: 'ES256',
    curve: 'P-256',
    hash: 'sha256',
    bytes: 32,
    n: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  },
  {
    alg: 'ES384',
    curve: 'P-384',
    hash: 'sha384',
    bytes: 48,
    n: BigInt(
      '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    ),
  },
  {
    alg: 'ES512',
    curve: 'P-521',
    hash: 'sha512',
    bytes: 66,
    n: BigInt(
      '0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
  },
] as const;

const toBytes = (x: bigint, bytes: number): Buffer =>
  Buffer.from(x.toString(16).padStart(bytes * 2, '0'), 'hex');
const toInt = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);

/** Minimal DER encoding of an ECDSA signature (r, s), as OpenSSL writes it by default. */
function der(r: bigint, s: bigint): Buffer {
  const int = (x: bigint): Buffer => {
    let hex = x.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    const b = Buffer.from(hex, 'hex');
    const body = (b[0] as number) & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b;
    return Buffer.concat([Buffer.of(0x02, body.length), body]);
  };
  const seq = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([
    seq.length < 0x80 ? Buffer.of(0x30, seq.length) : Buffer.of(0x30, 0x81, seq.length),
    seq,
  ]);
}

describe("ECDSA (RFC 7518 s3.4: R || S, each the curve's size)", () => {
  for (const { alg, curve, bytes, n, hash } of CURVES) {
    const pair = generateKeyPairSync('ec', { namedCurve: curve });
    const token = signCompact('payload', { alg }, pair.privateKey);
    const sig = unb64(token.split('.')[2] as string);
    const r = toInt(sig.subarray(0, bytes));
    const s = toInt(sig.subarray(bytes));
    const rs = (a: bigint, b: bigint): Buffer =>
      Buffer.concat([toBytes(a, bytes), toBytes(b, bytes)]);
    const verdict = (signature: Uint8Array): string =>
      codeOf(() => verifyCompact(withSignature(token, signature), pair.publicKey));

    it(`${alg}: r = 0 or s = 0, the "psychic signature" (CVE-2022-21449), is refused`, () => {
      expect(verdict(rs(0n, 0n))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(r, 0n))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(0n, s))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.alloc(2 * bytes))).toBe('ERR_JWS_SIGNATURE_INVALID');
    });

    it(`${alg}: r or s equal to n or above it (r + n, s + n where they fit) is refused`, () => {
      expect(verdict(rs(n, n))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(r, n))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(n, s))).toBe('ERR_JWS_SIGNATURE_INVALID');
      const max = (1n << BigInt(8 * bytes)) - 1n;
      if (r + n <= max) expect(verdict(rs(r + n, s))).toBe('ERR_JWS_SIGNATURE_INVALID');
      if (s + n <= max) expect(verdict(rs(r, s + n))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(max, max))).toBe('ERR_JWS_SIGNATURE_INVALID');
    });

    it(`${alg}: the DER form of a valid signature is refused; only R || S is accepted`, () => {
      expect(verdict(der(r, s))).toBe('ERR_JWS_SIGNATURE_INVALID');
      // What node:crypto's sign() returns by default for an EC key: DER over the same input.
      expect(verdict(sign(hash, input(token), pair.privateKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(text(verifyCompact(token, pair.publicKey).payload)).toBe('payload');
    });

    it(`${alg}: a signature one octet short or long, or with r and s swapped, is refused`, () => {
      expect(verdict(sig.subarray(1))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(sig.subarray(0, sig.length - 1))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.concat([Buffer.of(0), sig]))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.concat([sig, Buffer.of(0)]))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.alloc(0))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(rs(s, r))).toBe('ERR_JWS_SIGNATURE_INVALID');
    });

    it(`${alg}: the high-s twin (r, n - s) of a valid signature verifies, as OpenSSL and most signers do not normalise s`, () => {
      const twin = withSignature(token, rs(r, n - s));
      expect(text(verifyCompact(twin, pair.publicKey).payload)).toBe('payload');
      expect(
        text(
          verifyJSON(
            {
              payload: b64('payload'),
              protected: token.split('.')[0] as string,
              signature: b64(rs(r, n - s)),
            },
            pair.publicKey,
          ).payload,
        ),
      ).toBe('payload');
    });
  }
});

describe('RSA signatures must be exactly as long as the modulus (RFC 8017 s8.1.2, s8.2.2)', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

  for (const alg of ['RS256', 'PS256']) {
    it(`${alg}: one octet short, one octet long (a leading zero), zero, one, or not below the modulus is refused`, () => {
      const token = signCompact('payload', { alg }, pair.privateKey);
      const sig = unb64(token.split('.')[2] as string);
      const verdict = (signature: Uint8Array): string =>
        codeOf(() => verifyCompact(withSignature(token, signature), pair.publicKey));
      expect(verdict(Buffer.concat([Buffer.of(0), sig]))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(sig.subarray(1))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.alloc(0))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.alloc(256))).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(verdict(Buffer.concat([Buffer.alloc(255), Buffer.of(1)]))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
      expect(verdict(Buffer.alloc(256, 0xff))).toBe('ERR_JWS_SIGNATURE_INVALID');
    });
  }

  it('RS256: a valid signature whose first octet is zero is refused without it, though it is the same integer', () => {
    let token = '';
    for (let i = 0; i < 4096 && !token; i++) {
      const candidate = signCompact(`payload ${i}`, { alg: 'RS256' }, pair.privateKey);
      if (unb64(candidate.split('.')[2] as string)[0] === 0) token = candidate;
    }
    expect(token).not.toBe('');
    expect(verifyCompact(token, pair.publicKey).payload).toBeDefined();
    const stripped = unb64(token.split('.')[2] as string).subarray(1);
    expect(codeOf(() => verifyCompact(withSignature(token, stripped), pair.publicKey))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });
});

describe('RSASSA-PSS salt length (RFC 7518 s3.5: the salt is as long as the hash)', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pss = (data: Buffer, hash: string, saltLength: number, key: KeyObject): Buffer =>
    sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });

  for (const [alg, hash, salt] of [
    ['PS256', 'sha256', 32],
    ['PS384', 'sha384', 48],
    ['PS512', 'sha512', 64],
  ] as const) {
    it(`${alg}: a signature with a salt of ${salt} octets verifies; 0, ${salt - 1}, ${salt + 1} and 20 octets are refused`, () => {
      const token = signCompact('payload', { alg }, pair.privateKey);
      const data = input(token);
      expect(
        text(
          verifyCompact(
            withSignature(token, pss(data, hash, salt, pair.privateKey)),
            pair.publicKey,
          ).payload,
        ),
      ).toBe('payload');
      for (const wrong of [0, salt - 1, salt + 1, 20]) {
        expect(
          codeOf(() =>
            verifyCompact(
              withSignature(token, pss(data, hash, wrong, pair.privateKey)),
              pair.publicKey,
            ),
          ),
          `salt ${wrong}`,
        ).toBe('ERR_JWS_SIGNATURE_INVALID');
      }
    });
  }

  it('a PSS signature relabelled RS256, or a PKCS#1 v1.5 one relabelled PS256, is refused', () => {
    const ps = signCompact('payload', { alg: 'PS256' }, pair.privateKey);
    const rs = signCompact('payload', { alg: 'RS256' }, pair.privateKey);
    const relabel = (token: string, alg: string): string =>
      `${b64(JSON.stringify({ alg }))}.${token.split('.').slice(1).join('.')}`;
    expect(codeOf(() => verifyCompact(relabel(ps, 'RS256'), pair.publicKey))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyCompact(relabel(rs, 'PS256'), pair.publicKey))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });
});

describe('HMAC tags (RFC 7518 s3.2: the whole tag, no truncation)', () => {
  for (const [alg, hash, bytes] of [
    ['HS256', 'sha256', 32],
    ['HS384', 'sha384', 48],
    ['HS512', 'sha512', 64],
  ] as const) {
    it(`${alg}: a tag truncated to any shorter length, extended, or empty is refused`, () => {
      const secret = randomBytes(64);
      const key = createSecretKey(secret);
      const token = signCompact('payload', { alg }, key);
      const tag = createHmac(hash, secret).update(input(token)).digest();
      expect(tag.length).toBe(bytes);
      expect(text(verifyCompact(withSignature(token, tag), key).payload)).toBe('payload');
      for (let length = 0; length < bytes; length++) {
        expect(
          codeOf(() => verifyCompact(withSignature(token, tag.subarray(0, length)), key)),
          `${length} octets`,
        ).toBe('ERR_JWS_SIGNATURE_INVALID');
      }
      for (const extended of [
        Buffer.concat([tag, Buffer.of(0)]),
        Buffer.concat([tag, tag]),
        createHmac('sha512', secret).update(input(token)).digest(),
      ]) {
        if (alg === 'HS512' && extended.length === 64) continue;
        expect(codeOf(() => verifyCompact(withSignature(token, extended), key))).toBe(
          'ERR_JWS_SIGNATURE_INVALID',
        );
      }
    });
  }

  it('the same holds in the JSON serialization, for every signature of a general JWS', () => {
    const key = createSecretKey(randomBytes(32));
    const jws = signJSON('payload', [
      { protectedHeader: { alg: 'HS256' }, key },
      { protectedHeader: { alg: 'HS256', kid: 'b' }, key },
    ]);
    if (!('signatures' in jws)) throw new Error('expected a general JWS');
    const truncated = {
      ...jws,
      signatures: jws.signatures.map((s) => ({
        ...s,
        signature: b64(unb64(s.signature).subarray(0, 16)),
      })),
    };
    expect(codeOf(() => verifyJSON(truncated, key))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(verifyJSON(jws, key).signatureIndex).toBe(0);
  });
});
