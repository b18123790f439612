import { Buffer } from 'node:buffer';
import { createSecretKey, pbkdf2Sync, randomBytes } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { asKey } from '../../jwk/coerce.js';
import { checkBinding } from '../../jwk/fit.js';
import { JoseKey } from '../../jwk/key.js';
import { b64u, b64uDecode } from '../../util/base64url.js';
import { wipe } from '../../util/bytes.js';
import { JoseError } from '../../util/errors.js';
import { invalid } from '../failure.js';
import type { EncryptOptions, JWEHeaderParameters } from '../types.js';
import { checkWrappedLength, kwUnwrap, kwWrap } from './kw.js';
import { pbkdf2Async } from './subtle.js';
import type { HeaderParams, WrappingKeyManagement } from './types.js';

/** Fewest PBES2 iterations this library encrypts with: RFC 7518 s4.8.1.2's recommended minimum. */
export const MIN_PBES2_COUNT = 1000;
/**
 * Most PBES2 iterations accepted by default when decrypting (`DecryptOptions.maxPbes2Count`),
 * and the most this library encrypts with, so that its own tokens open. The sender picks the
 * count, so the bound caps the work one token can ask of a recipient.
 *
 * @example
 * ```ts
 * // A gateway that opens password-protected key sets, at no more than half the default cost
 * decryptCompact(jwe, password, { keyManagementAlgorithms: ['PBES2-HS256+A128KW'], maxPbes2Count: DEFAULT_MAX_PBES2_COUNT / 2 })
 * ```
 */
export const DEFAULT_MAX_PBES2_COUNT = 1_000_000;
/** Iterations used when the header names no `p2c`: OWASP's 2023 figure for PBKDF2-HMAC-SHA256, which also covers SHA-384/512. */
export const DEFAULT_PBES2_COUNT = 600_000;

const SALT_BYTES = 16;

function argument(message: string): JoseError {
  return new JoseError('ERR_INVALID_ARGUMENT', message);
}

/** A password given as a string (UTF-8) or bytes becomes a secret key; anything else is read as any key. */
function coerceKey(key: unknown): JoseKey {
  if (typeof key === 'string') return new JoseKey(createSecretKey(Buffer.from(key, 'utf8')));
  if (key instanceof Uint8Array) return new JoseKey(createSecretKey(key));
  return asKey(key);
}

/**
 * PBES2 (RFC 7518 s4.8, RFC 8018): PBKDF2 with HMAC-SHA-`bits` over the password, with salt
 * UTF8(alg) || 0x00 || p2s and `p2c` iterations, derives the AES key wrap KEK. Decryption
 * must be asked for by name, and `p2c` is bounded before any derivation.
 */
function pbes2(
  alg: 'PBES2-HS256+A128KW' | 'PBES2-HS384+A192KW' | 'PBES2-HS512+A256KW',
  hash: string,
  kekBytes: number,
): WrappingKeyManagement {
  const facts = KEY_MANAGEMENT_FACTS[alg];
  const salt = (p2s: Uint8Array): Buffer =>
    Buffer.concat([Buffer.from(alg, 'ascii'), Buffer.of(0), p2s]);
  const derive = (key: JoseKey, p2s: Uint8Array, p2c: number): Buffer => {
    const password = key.keyObject.export();
    try {
      return pbkdf2Sync(password, salt(p2s), p2c, kekBytes, hash);
    } finally {
      wipe(password);
    }
  };
  // `derive` on libuv's thread pool; the password's copy is wiped once the pool is done with it.
  const deriveAsync = async (key: JoseKey, p2s: Uint8Array, p2c: number): Promise<Buffer> => {
    const password = key.keyObject.export();
    try {
      return await pbkdf2Async(password, salt(p2s), p2c, kekBytes, hash);
    } finally {
      wipe(password);
    }
  };
  // The count and salt a new token uses; the count bounded, as the recipient will bound it.
  type Sending = { p2c: number; p2s: Uint8Array };
  const sending = (header: JWEHeaderParameters, options: EncryptOptions): Sending => {
    const p2c = header.p2c ?? DEFAULT_PBES2_COUNT;
    if (p2c < MIN_PBES2_COUNT || p2c > DEFAULT_MAX_PBES2_COUNT) {
      throw argument(
        `"p2c" must be from ${MIN_PBES2_COUNT} to ${DEFAULT_MAX_PBES2_COUNT} to encrypt`,
      );
    }
    return { p2c, p2s: options.p2s ?? randomBytes(SALT_BYTES) };
  };
  const wrapped = (
    kek: Buffer,
    cek: Buffer,
    { p2c, p2s }: Sending,
  ): { encryptedKey: Buffer; params: HeaderParams } => {
    const encryptedKey = kwWrap(kek, kekBytes, cek);
    wipe(kek);
    return { encryptedKey, params: { p2s: b64u(p2s), p2c } };
  };
  const unwrapped = (kek: Buffer, encryptedKey: Buffer): Buffer => {
    try {
      return kwUnwrap(kek, kekBytes, encryptedKey);
    } finally {
      wipe(kek);
    }
  };
  return {
    alg,
    optIn: facts.optIn,
    direct: false,
    options: ['p2s'],
    coerceKey,
    check(key, _ce, direction) {
      checkBinding(key, alg, facts.keyOps[direction]);
      if (key.type !== 'secret')
        throw new JoseError(
          'ERR_KEY_UNSUITABLE',
          `${alg} needs a password (a string, bytes or a secret key)`,
        );
      if (key.bits === 0)
        throw new JoseError('ERR_KEY_UNSUITABLE', `${alg} needs a non-empty password`);
    },
    checkHeader(header, limits) {
      // Their syntax (p2s of at least 8 octets, p2c a positive integer) was checked with the rest of the header.
      if (header.p2s === undefined || header.p2c === undefined)
        throw invalid(`${alg} needs the "p2s" and "p2c" header parameters`);
      if (header.p2c > limits.maxPbes2Count)
        throw invalid(`"p2c" is above the limit of ${limits.maxPbes2Count} iterations`);
    },
    iterations: (header) => header.p2c as number,
    wrap(key, cek, header, options) {
      const s = sending(header, options);
      return wrapped(derive(key, s.p2s, s.p2c), cek, s);
    },
    unwrap(key, encryptedKey, cekBytes, header) {
      checkWrappedLength(encryptedKey, cekBytes);
      const p2s = b64uDecode(header.p2s, 'ERR_JWE_INVALID', 'JWE header "p2s"');
      return unwrapped(derive(key, p2s, header.p2c as number), encryptedKey);
    },
    async wrapAsync(key, cek, header, options) {
      const s = sending(header, options);
      return wrapped(await deriveAsync(key, s.p2s, s.p2c), cek, s);
    },
    async unwrapAsync(key, encryptedKey, cekBytes, header) {
      checkWrappedLength(encryptedKey, cekBytes);
      const p2s = b64uDecode(header.p2s, 'ERR_JWE_INVALID', 'JWE header "p2s"');
      return unwrapped(await deriveAsync(key, p2s, header.p2c as number), encryptedKey);
    },
  };
}

export const PBES2_HS256_A128KW = pbes2('PBES2-HS256+A128KW', 'sha256', 16);
export const PBES2_HS384_A192KW = pbes2('PBES2-HS384+A192KW', 'sha384', 24);
export const PBES2_HS512_A256KW = pbes2('PBES2-HS512+A256KW', 'sha512', 32);
