import type { Buffer } from 'node:buffer';
import { asKey } from '../jwk/coerce.js';
import { JoseKey } from '../jwk/key.js';
import { refuseAsyncResolver } from '../util/async-resolver.js';
import { wipe } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../util/limits.js';
import { limit, readMaxTokenLength, stringList } from '../util/options.js';
import { contentEncryption } from './content/table.js';
import type { ContentEncryption } from './content/types.js';
import { invalid } from './failure.js';
import { keyFor } from './keys/coerce.js';
import { DEFAULT_MAX_PBES2_COUNT } from './keys/pbes2.js';
import { keyManagement } from './keys/table.js';
import type { DecryptLimits, KeyManagement } from './keys/types.js';
import type { JWEHeaderParameters, JWEKeyResolver } from './types.js';
import { DEFAULT_MAX_DECOMPRESSED_SIZE, decompress } from './zip.js';

/** `DecryptOptions` after their types were checked. */
export interface CheckedDecryptOptions extends DecryptLimits {
  keyManagementAlgorithms: readonly string[] | undefined;
  contentEncryptionAlgorithms: readonly string[] | undefined;
  crit: readonly string[];
  maxDecompressedSize: number;
  maxTokenLength: number;
}

const NO_OPTIONS: CheckedDecryptOptions = {
  keyManagementAlgorithms: undefined,
  contentEncryptionAlgorithms: undefined,
  crit: [],
  maxDecompressedSize: DEFAULT_MAX_DECOMPRESSED_SIZE,
  maxPbes2Count: DEFAULT_MAX_PBES2_COUNT,
  maxTokenLength: DEFAULT_MAX_TOKEN_LENGTH,
};

/** Reads the members of `DecryptOptions`; other members (a JWT layer's) are left alone. */
export function checkDecryptOptions(options: unknown): CheckedDecryptOptions {
  if (options === undefined) return NO_OPTIONS;
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  return {
    keyManagementAlgorithms: stringList(options.keyManagementAlgorithms, 'keyManagementAlgorithms'),
    contentEncryptionAlgorithms: stringList(
      options.contentEncryptionAlgorithms,
      'contentEncryptionAlgorithms',
    ),
    crit: stringList(options.crit, 'crit') ?? [],
    // zlib cannot make a buffer longer than this.
    maxDecompressedSize: limit(
      options.maxDecompressedSize,
      'maxDecompressedSize',
      DEFAULT_MAX_DECOMPRESSED_SIZE,
      2 ** 31 - 1,
    ),
    maxPbes2Count: limit(
      options.maxPbes2Count,
      'maxPbes2Count',
      DEFAULT_MAX_PBES2_COUNT,
      Number.MAX_SAFE_INTEGER,
    ),
    maxTokenLength: readMaxTokenLength(options.maxTokenLength),
  };
}

/** Where the key comes from: a resolver, a key, or a password (kept as given until the algorithm is known). */
export type KeySource = JoseKey | JWEKeyResolver | string | Uint8Array;

/** A resolver is any function, a string or bytes a password; anything else must be a key, coerced once. */
export function keySource(keyOrResolver: unknown): KeySource {
  if (typeof keyOrResolver === 'function') return keyOrResolver as JWEKeyResolver;
  if (typeof keyOrResolver === 'string' || keyOrResolver instanceof Uint8Array)
    return keyOrResolver;
  return asKey(keyOrResolver);
}

/** The key for `header` and its algorithm `km`. A resolver's own errors reach the caller unchanged. */
export function resolveKey(
  source: KeySource,
  header: JWEHeaderParameters,
  km: KeyManagement,
): JoseKey {
  if (source instanceof JoseKey) return source;
  if (typeof source !== 'function') return keyFor(km, source);
  refuseAsyncResolver(source);
  return keyFor(km, source(header));
}

/** The implemented key management algorithm named `alg`. */
export function implementedKeyManagement(alg: string): KeyManagement {
  const km = keyManagement(alg);
  if (km === undefined)
    throw new JoseError('ERR_NOT_SUPPORTED', 'the JWE key management algorithm is not supported');
  return km;
}

/**
 * Whether the caller accepts `km`: it must be in the allow-list when one is given; without one,
 * every implemented algorithm is accepted (the key check then keeps only those the key fits)
 * except those that need opting in (`RSA1_5`, `PBES2-*`).
 */
export function allowKeyManagement(km: KeyManagement, options: CheckedDecryptOptions): void {
  const allowed = options.keyManagementAlgorithms;
  if (allowed !== undefined && !allowed.includes(km.alg))
    throw new JoseError('ERR_ALG_NOT_ALLOWED', 'the JWE key management algorithm is not allowed');
  if (allowed === undefined && km.optIn) {
    throw new JoseError(
      'ERR_ALG_NOT_ALLOWED',
      `${km.alg} is only accepted when named in options.keyManagementAlgorithms`,
    );
  }
}

/** The implemented content encryption algorithm named `enc`. */
export function implementedContentEncryption(enc: string): ContentEncryption {
  const ce = contentEncryption(enc);
  if (ce === undefined)
    throw new JoseError(
      'ERR_NOT_SUPPORTED',
      'the JWE content encryption algorithm is not supported',
    );
  return ce;
}

/** The token's content encryption algorithm, if implemented and in the allow-list (when given). */
export function contentAlgorithm(enc: string, options: CheckedDecryptOptions): ContentEncryption {
  const ce = implementedContentEncryption(enc);
  const allowed = options.contentEncryptionAlgorithms;
  if (allowed !== undefined && !allowed.includes(enc))
    throw new JoseError(
      'ERR_ALG_NOT_ALLOWED',
      'the JWE content encryption algorithm is not allowed',
    );
  return ce;
}

/** Public length checks of IV, ciphertext and tag (RFC 7518 s5.2.2.2, s5.3). */
export function checkContentShape(
  ce: ContentEncryption,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
): void {
  if (iv.length !== ce.ivBytes)
    throw invalid(`JWE initialization vector must be ${ce.ivBytes} octets for ${ce.enc}`);
  if (tag.length !== ce.tagBytes)
    throw invalid(`JWE authentication tag must be ${ce.tagBytes} octets for ${ce.enc}`);
  if (!ce.ciphertextLengthOk(ciphertext.length))
    throw invalid(`JWE ciphertext length is impossible for ${ce.enc}`);
}

/** `dir` and `ECDH-ES` have an empty encrypted key (RFC 7518 s4.5, s4.6); every other algorithm has a non-empty one. */
export function checkEncryptedKeyShape(km: KeyManagement, encryptedKey: Buffer): void {
  if (km.direct && encryptedKey.length !== 0)
    throw invalid(`a "${km.alg}" JWE must have an empty encrypted key`);
  if (!km.direct && encryptedKey.length === 0) throw invalid('JWE encrypted key is missing');
}

/**
 * Recovers the CEK and decrypts. The header has passed `km.checkHeader`, the key `km.check`.
 * The plaintext is returned as it was encrypted: still compressed for `zip`, see {@link inflate}.
 * @throws {JoseError} `ERR_JWE_DECRYPTION_FAILED` for every failure to decrypt (an encrypted key of
 *   the wrong length included), or `ERR_JWE_INVALID` for an unusable key management header member
 */
export function open(
  km: KeyManagement,
  ce: ContentEncryption,
  key: JoseKey,
  header: JWEHeaderParameters,
  encryptedKey: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Uint8Array,
): Buffer {
  const cek = km.direct
    ? km.cek(key, ce, header)
    : km.unwrap(key, encryptedKey, ce.keyBytes, header);
  return decryptContent(km, ce, cek, iv, ciphertext, tag, aad);
}

/** The content decryption once the CEK is recovered; the CEK is wiped after, unless it is the key itself. */
export function decryptContent(
  km: KeyManagement,
  ce: ContentEncryption,
  cek: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Uint8Array,
): Buffer {
  try {
    return ce.decrypt(cek, iv, ciphertext, tag, aad);
  } finally {
    if (!km.direct || !km.cekIsKey) wipe(cek);
  }
}

/** The plaintext of an authenticated token: inflated when the header says `zip: "DEF"`. */
export function inflate(
  header: JWEHeaderParameters,
  plaintext: Buffer,
  options: CheckedDecryptOptions,
): Buffer {
  return header.zip === undefined ? plaintext : decompress(plaintext, options.maxDecompressedSize);
}
