import { Buffer } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import type { GeneralJWE } from '../../src/jwe/types.js';
import { JoseKey } from '../../src/jwk/key.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import type { GeneralJWS } from '../../src/jws/types.js';
import { MAX_KEY_ATTEMPTS } from '../../src/util/limits.js';
import { codeOf, text } from './support.js';

// Issue 12 s3: the work of one JSON token is bounded per token, not per signature or recipient.
// node:crypto is wrapped, so the tests count the work itself: PBKDF2 iterations, RSA private-key
// decryptions, signature verifications. Never time.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    pbkdf2Sync: vi.fn(actual.pbkdf2Sync),
    privateDecrypt: vi.fn(actual.privateDecrypt),
    verify: vi.fn(actual.verify),
  };
});
const { generateKeyPairSync, randomBytes } = nodeCrypto;
const pbkdf2 = vi.mocked(nodeCrypto.pbkdf2Sync);
const privateDecrypt = vi.mocked(nodeCrypto.privateDecrypt);
const verify = vi.mocked(nodeCrypto.verify);
const iterations = (): number =>
  pbkdf2.mock.calls.reduce((sum, call) => sum + (call[2] as number), 0);
beforeEach(() => {
  pbkdf2.mockClear();
  privateDecrypt.mockClear();
  verify.mockClear();
});

const PBES2 = { keyManagementAlgorithms: ['PBES2-HS256+A128KW' as const] };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A general JWE with `n` copies of one recipient entry (encrypted once, so it is cheap to build). */
function copies(n: number, header: Record<string, unknown>, key: unknown): GeneralJWE {
  const jwe = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
    { header, key: key as never },
  ]) as unknown as Record<string, unknown>;
  const entry = { header: jwe.header, encrypted_key: jwe.encrypted_key };
  const { header: _h, encrypted_key: _k, ...rest } = jwe;
  // The sender's work is not the recipient's.
  pbkdf2.mockClear();
  return { ...rest, recipients: Array.from({ length: n }, () => entry) } as unknown as GeneralJWE;
}

describe('PBES2 work is bounded per token, not per recipient', () => {
  it('16 PBES2 recipients at the per-recipient limit (16 x 1,000,000 iterations before) derive nothing', () => {
    const jwe = copies(16, { alg: 'PBES2-HS256+A128KW', p2c: 1_000_000 }, 'wrong password');
    expect(codeOf(() => decryptJSON(jwe, 'password', PBES2))).toBe('ERR_JWE_INVALID');
    expect(iterations()).toBe(0);
  });

  it('recipients whose p2c add up to more than maxPbes2Count are refused before any derivation', () => {
    const jwe = copies(2, { alg: 'PBES2-HS256+A128KW', p2c: 600_000 }, 'password');
    expect(codeOf(() => decryptJSON(jwe, 'password', PBES2))).toBe('ERR_JWE_INVALID');
    expect(iterations()).toBe(0);
    // Within the sum the token opens, and the iterations spent are exactly those asked for.
    expect(
      text(decryptJSON(jwe, 'password', { ...PBES2, maxPbes2Count: 1_200_000 }).plaintext),
    ).toBe('x');
    expect(iterations()).toBe(600_000);
  });

  it('with wrong passwords, a token never costs more than maxPbes2Count iterations', () => {
    const jwe = copies(MAX_KEY_ATTEMPTS, { alg: 'PBES2-HS256+A128KW', p2c: 2_500 }, 'password');
    const sum = MAX_KEY_ATTEMPTS * 2_500;
    expect(codeOf(() => decryptJSON(jwe, 'other', { ...PBES2, maxPbes2Count: sum }))).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
    expect(iterations()).toBe(sum);
    pbkdf2.mockClear();
    expect(codeOf(() => decryptJSON(jwe, 'other', { ...PBES2, maxPbes2Count: sum - 1 }))).toBe(
      'ERR_JWE_INVALID',
    );
    expect(iterations()).toBe(0);
  });
});

describe(`private-key operations are bounded per token (at most ${MAX_KEY_ATTEMPTS} recipients tried)`, () => {
  it('16 RSA-OAEP recipients that all fit one key are refused before any decryption', () => {
    const jwe = copies(16, { alg: 'RSA-OAEP' }, rsa.publicKey);
    expect(codeOf(() => decryptJSON(jwe, rsa.privateKey))).toBe('ERR_JWE_INVALID');
    expect(privateDecrypt).not.toHaveBeenCalled();
  });

  it(`${MAX_KEY_ATTEMPTS} that fit are tried, one private-key operation each`, () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwe = copies(MAX_KEY_ATTEMPTS, { alg: 'RSA-OAEP' }, other.publicKey);
    expect(codeOf(() => decryptJSON(jwe, rsa.privateKey))).toBe('ERR_JWE_DECRYPTION_FAILED');
    expect(privateDecrypt).toHaveBeenCalledTimes(MAX_KEY_ATTEMPTS);
  });

  it("recipients naming another kid than the key's are not tried: 16 recipients, one decryption", () => {
    const recipients = Array.from({ length: 16 }, (_, i) => ({
      header: { alg: 'RSA-OAEP', kid: `k${i}` },
      key: rsa.publicKey,
    }));
    const jwe = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, recipients);
    expect(text(decryptJSON(jwe, new JoseKey(rsa.privateKey, { kid: 'k12' })).plaintext)).toBe('x');
    expect(privateDecrypt).toHaveBeenCalledTimes(1);
  });

  it('recipients whose algorithm the caller does not allow, or the key does not fit, are not tried', () => {
    const kek = new JoseKey(nodeCrypto.createSecretKey(randomBytes(16)));
    const mixed = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      ...Array.from({ length: 10 }, () => ({ header: { alg: 'A128KW' }, key: kek })),
      { header: { alg: 'RSA-OAEP' }, key: rsa.publicKey },
    ]);
    expect(text(decryptJSON(mixed, rsa.privateKey).plaintext)).toBe('x');
    expect(privateDecrypt).toHaveBeenCalledTimes(1);
  });
});

describe(`signature verifications are bounded per token (at most ${MAX_KEY_ATTEMPTS} signatures tried)`, () => {
  const one = signJSON('x', [
    { protectedHeader: { alg: 'RS256' }, key: rsa.privateKey },
  ]) as unknown as Record<string, string>;
  const bad = {
    protected: one.protected as string,
    signature: Buffer.from(randomBytes(256)).toString('base64url'),
  };

  it('16 RS256 signatures that all fit the key are refused before any verification', () => {
    const jws = { payload: one.payload as string, signatures: Array(16).fill(bad) } as GeneralJWS;
    expect(codeOf(() => verifyJSON(jws, rsa.publicKey))).toBe('ERR_JWS_INVALID');
    expect(verify).not.toHaveBeenCalled();
  });

  it(`${MAX_KEY_ATTEMPTS} are each verified once; signatures with another kid, or outside the allow-list, are not tries`, () => {
    const four = {
      payload: one.payload as string,
      signatures: Array(MAX_KEY_ATTEMPTS).fill(bad),
    } as GeneralJWS;
    expect(codeOf(() => verifyJSON(four, rsa.publicKey))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(verify).toHaveBeenCalledTimes(MAX_KEY_ATTEMPTS);
    verify.mockClear();
    const withKids = Array.from({ length: 15 }, (_, i) => ({ ...bad, header: { kid: `k${i}` } }));
    const good = {
      protected: one.protected as string,
      header: { kid: 'me' },
      signature: one.signature as string,
    };
    const jws = { payload: one.payload as string, signatures: [...withKids, good] } as GeneralJWS;
    expect(verifyJSON(jws, new JoseKey(rsa.publicKey, { kid: 'me' })).signatureIndex).toBe(15);
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockClear();
    const hs = { protected: Buffer.from('{"alg":"HS256"}').toString('base64url'), signature: 'AA' };
    const allowList = {
      payload: one.payload as string,
      signatures: [...Array(15).fill(hs), { protected: good.protected, signature: good.signature }],
    } as GeneralJWS;
    expect(verifyJSON(allowList, rsa.publicKey, { algorithms: ['RS256'] }).signatureIndex).toBe(15);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
