import { Buffer } from 'node:buffer';
import {
  createSecretKey,
  diffieHellman,
  generateKeyPairSync,
  pbkdf2Sync,
  randomBytes,
} from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
  type FlattenedJWE,
} from '../../src/jwe/index.js';
import { JoseKey } from '../../src/jwk/key.js';
import { codeOf, craftCompact, errorOf, text } from './support.js';

// The library's own calls into PBKDF2, ECDH and inflate are watched, so a test can show that
// a refused token never reached them (work that an attacker would otherwise choose).
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    pbkdf2Sync: vi.fn(actual.pbkdf2Sync),
    diffieHellman: vi.fn(actual.diffieHellman),
  };
});
vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  return { ...actual, inflateRawSync: vi.fn(actual.inflateRawSync) };
});

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const headerOf = (jwe: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
const withHeader = (jwe: string, header: Record<string, unknown>): string =>
  [b64(Buffer.from(JSON.stringify(header))), ...jwe.split('.').slice(1)].join('.');
const PBES2 = { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] } as const;

beforeEach(() => {
  vi.mocked(pbkdf2Sync).mockClear();
  vi.mocked(diffieHellman).mockClear();
  vi.mocked(inflateRawSync).mockClear();
});

describe('PBES2: the iteration count is bounded before any PBKDF2 work', () => {
  const jwe = encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 }, 'pass');
  const huge = withHeader(jwe, { ...headerOf(jwe), p2c: 2 ** 40 });

  it('a p2c above the default bound of 1,000,000 is ERR_JWE_INVALID without calling PBKDF2', () => {
    vi.mocked(pbkdf2Sync).mockClear();
    expect(codeOf(() => decryptCompact(huge, 'pass', PBES2))).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        decryptCompact(withHeader(jwe, { ...headerOf(jwe), p2c: 1_000_001 }), 'pass', PBES2),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(pbkdf2Sync).not.toHaveBeenCalled();
    expect(text(decryptCompact(jwe, 'pass', PBES2).plaintext)).toBe('x');
    expect(pbkdf2Sync).toHaveBeenCalledTimes(1);
  });

  it('a p2c above options.maxPbes2Count, and a PBES2 token not allowed, never reach PBKDF2; in JSON too', () => {
    expect(codeOf(() => decryptCompact(jwe, 'pass', { ...PBES2, maxPbes2Count: 999 }))).toBe(
      'ERR_JWE_INVALID',
    );
    expect(codeOf(() => decryptCompact(jwe, 'pass'))).toBe('ERR_ALG_NOT_ALLOWED');
    const flat = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'PBES2-HS256+A128KW', p2c: 1000 }, key: 'pass' },
    ]) as FlattenedJWE;
    vi.mocked(pbkdf2Sync).mockClear();
    expect(
      codeOf(() =>
        decryptJSON({ ...flat, header: { ...flat.header, p2c: 2 ** 40 } }, 'pass', PBES2),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decryptJSON(flat, 'pass'))).toBe('ERR_ALG_NOT_ALLOWED');
    expect(pbkdf2Sync).not.toHaveBeenCalled();
  });

  it('without a p2c in the header, encryption uses 600,000 iterations and says so', () => {
    vi.mocked(pbkdf2Sync).mockImplementationOnce(() => Buffer.alloc(16));
    const h = headerOf(encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }, 'pass'));
    expect(h.p2c).toBe(600_000);
    expect(vi.mocked(pbkdf2Sync).mock.calls[0]!.slice(2)).toEqual([600_000, 16, 'sha256']);
  });
});

describe('ECDH-ES: an invalid ephemeral key never meets the private key', () => {
  const key = new JoseKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  const jwe = encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, key);
  const header = headerOf(jwe);
  const epk = header.epk as Record<string, string>;

  it('an epk off the curve, or on another curve, is refused without any agreement', () => {
    const y = Buffer.from(epk.y!, 'base64url');
    y[0]! ^= 0x80;
    const other = headerOf(
      encryptCompact(
        'x',
        { alg: 'ECDH-ES', enc: 'A128GCM' },
        new JoseKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey),
      ),
    ).epk;
    vi.mocked(diffieHellman).mockClear();
    expect(
      codeOf(() => decryptCompact(withHeader(jwe, { ...header, epk: { ...epk, y: b64(y) } }), key)),
    ).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decryptCompact(withHeader(jwe, { ...header, epk: other }), key))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(diffieHellman).not.toHaveBeenCalled();
    expect(text(decryptCompact(jwe, key).plaintext)).toBe('x');
    expect(diffieHellman).toHaveBeenCalledTimes(1);
  });
});

describe('zip: DEF is inflated only after the tag checks out, and only up to a limit', () => {
  const cek = randomBytes(16);
  const key = new JoseKey(createSecretKey(cek));
  const zip = { alg: 'dir', enc: 'A128GCM', zip: 'DEF' };

  it('compresses before encrypting and inflates after decrypting', () => {
    const plaintext = 'abc'.repeat(1000);
    const jwe = encryptCompact(plaintext, zip, key);
    expect(Buffer.from(jwe.split('.')[3]!, 'base64url').length).toBeLessThan(100);
    expect(text(decryptCompact(jwe, key).plaintext)).toBe(plaintext);
    expect(inflateRawSync).toHaveBeenCalledTimes(1);
  });

  it('a bad tag is a decryption failure and nothing is inflated, in compact and JSON, with GCM and CBC-HMAC', () => {
    const gcm = encryptCompact('abc'.repeat(100), zip, key).split('.');
    gcm[4] = b64(Buffer.alloc(16));
    const cbcKey = new JoseKey(createSecretKey(randomBytes(32)));
    const cbc = encryptCompact('abc'.repeat(100), { ...zip, enc: 'A128CBC-HS256' }, cbcKey).split(
      '.',
    );
    cbc[4] = b64(Buffer.alloc(16));
    const flat = encryptJSON('abc', { protectedHeader: zip }, [{ key }]) as FlattenedJWE;
    vi.mocked(inflateRawSync).mockClear();
    expect(codeOf(() => decryptCompact(gcm.join('.'), key))).toBe('ERR_JWE_DECRYPTION_FAILED');
    expect(codeOf(() => decryptCompact(cbc.join('.'), cbcKey))).toBe('ERR_JWE_DECRYPTION_FAILED');
    expect(codeOf(() => decryptJSON({ ...flat, tag: b64(Buffer.alloc(16)) }, key))).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
    expect(codeOf(() => decryptJSON({ ...flat, aad: 'AA' }, key))).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
    expect(inflateRawSync).not.toHaveBeenCalled();
  });

  it('a zip bomb (a token of a few kilobytes inflating to 5 MB) is refused at the default limit of 250,000 octets', () => {
    const bomb = encryptCompact(Buffer.alloc(5_000_000), zip, key);
    expect(bomb.length).toBeLessThan(10_000);
    const e = errorOf(() => decryptCompact(bomb, key));
    expect([e.code, e.message]).toEqual([
      'ERR_JWE_INVALID',
      'the JWE plaintext inflates to more than 250000 octets',
    ]);
    expect(vi.mocked(inflateRawSync).mock.calls[0]![1]).toEqual({ maxOutputLength: 250_000 });
    expect(decryptCompact(bomb, key, { maxDecompressedSize: 5_000_000 }).plaintext.length).toBe(
      5_000_000,
    );
    expect(
      codeOf(() =>
        decryptJSON(encryptJSON(Buffer.alloc(5_000_000), { protectedHeader: zip }, [{ key }]), key),
      ),
    ).toBe('ERR_JWE_INVALID');
  });

  it('the limit is inclusive: exactly maxDecompressedSize octets pass, one more is refused', () => {
    const jwe = encryptCompact(Buffer.alloc(250_001, 1), zip, key);
    expect(codeOf(() => decryptCompact(jwe, key))).toBe('ERR_JWE_INVALID');
    expect(decryptCompact(jwe, key, { maxDecompressedSize: 250_001 }).plaintext.length).toBe(
      250_001,
    );
    expect(
      decryptCompact(encryptCompact(Buffer.alloc(250_000, 1), zip, key), key).plaintext.length,
    ).toBe(250_000);
  });

  it('an authentic plaintext that is not DEFLATE data is ERR_JWE_INVALID', () => {
    const jwe = craftCompact(JSON.stringify(zip), cek, { plaintext: 'not deflate at all' });
    expect(codeOf(() => decryptCompact(jwe, key))).toBe('ERR_JWE_INVALID');
  });

  it('options.maxDecompressedSize must be a positive integer below 2^31', () => {
    const jwe = encryptCompact('x', zip, key);
    for (const bad of [0, -1, 1.5, '100', 2 ** 31, Number.NaN]) {
      expect(
        codeOf(() => decryptCompact(jwe, key, { maxDecompressedSize: bad as number })),
        String(bad),
      ).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});
