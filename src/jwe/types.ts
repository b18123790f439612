import type { KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';

/** Key management algorithms (RFC 7518 s4) this library implements. */
export type KeyManagementAlgorithm = 'RSA1_5' | 'RSA-OAEP' | 'RSA-OAEP-256' | 'dir' | 'A128KW' | 'A192KW' | 'A256KW';

/** Content encryption algorithms (RFC 7518 s5) this library implements. */
export type ContentEncryptionAlgorithm = 'A128CBC-HS256' | 'A192CBC-HS384' | 'A256CBC-HS512' | 'A128GCM' | 'A192GCM' | 'A256GCM';

/** JWE header parameters (RFC 7516 s4). Members not listed are carried as-is. */
export interface JWEHeaderParameters {
  alg?: string;
  enc?: string;
  kid?: string;
  typ?: string;
  cty?: string;
  crit?: string[];
  zip?: string;
  [name: string]: unknown;
}

/**
 * Picks the key for a JWE from its header: for compact tokens the protected header, for JSON
 * tokens each recipient's merged header (protected, shared unprotected and per-recipient).
 * Any function passed where a key is expected is taken as a resolver; it may throw a
 * `JoseError` (such as `ERR_KEY_NOT_FOUND`) when it has no key.
 *
 * @example
 * ```ts
 * const { plaintext } = decryptCompact(jwe, createLocalKeySet(jwks), { keyManagementAlgorithms: ['RSA-OAEP-256'] })
 * ```
 */
export type JWEKeyResolver = (header: JWEHeaderParameters) => KeyLike;

/**
 * TEST-ONLY options of {@link encryptCompact} and {@link encryptJSON}: they exist to reproduce
 * published vectors byte for byte. Never pass them in production: a repeated CEK or IV (with
 * GCM, even once) destroys confidentiality and, for GCM, integrity. Wrong lengths are refused
 * with `ERR_INVALID_ARGUMENT`, as is `cek` with `dir`.
 *
 * @example
 * ```ts
 * // RFC 7516 A.3: the published CEK and IV reproduce the published token
 * encryptCompact('Live long and prosper.', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek, { cek, iv })
 * ```
 */
export interface EncryptOptions {
  /** Content encryption key of exactly the length `enc` needs; refused with `dir`, whose key is the CEK. */
  cek?: Uint8Array;
  /** Initialization vector of exactly the length `enc` needs (16 octets for CBC, 12 for GCM). */
  iv?: Uint8Array;
}

/**
 * Options of {@link decryptCompact} and {@link decryptJSON}.
 *
 * @example
 * ```ts
 * decryptCompact(jwe, key, { keyManagementAlgorithms: ['RSA-OAEP-256'], contentEncryptionAlgorithms: ['A256GCM'], crit: ['exp'] })
 * ```
 */
export interface DecryptOptions {
  /**
   * Key management algorithms to accept. Without it, every implemented algorithm the key fits
   * is accepted except `RSA1_5`, which is only accepted when named here.
   */
  keyManagementAlgorithms?: readonly string[];
  /** Content encryption algorithms to accept; all implemented ones when absent. */
  contentEncryptionAlgorithms?: readonly string[];
  /** Extension header parameters this caller understands and processes (`crit`, RFC 7516 s4.1.13). */
  crit?: readonly string[];
}

/** Flattened JWE JSON Serialization (RFC 7516 s7.2.2). */
export interface FlattenedJWE {
  protected?: string;
  unprotected?: JWEHeaderParameters;
  header?: JWEHeaderParameters;
  encrypted_key?: string;
  iv: string;
  ciphertext: string;
  tag: string;
  aad?: string;
}

/** General JWE JSON Serialization (RFC 7516 s7.2.1). */
export interface GeneralJWE {
  protected?: string;
  unprotected?: JWEHeaderParameters;
  recipients: Array<{ header?: JWEHeaderParameters; encrypted_key?: string }>;
  iv: string;
  ciphertext: string;
  tag: string;
  aad?: string;
}

/** What {@link decryptCompact} returns. */
export interface CompactDecryptResult {
  /** The decrypted plaintext; for `cty: "JWT"` the nested token, as-is. */
  plaintext: Uint8Array;
  protectedHeader: JWEHeaderParameters;
  /** The key that decrypted the token. */
  key: JoseKey;
}

/** What {@link decryptJSON} returns. */
export interface JSONDecryptResult {
  plaintext: Uint8Array;
  protectedHeader: JWEHeaderParameters | undefined;
  unprotectedHeader: JWEHeaderParameters | undefined;
  /** The per-recipient header of the recipient that was decrypted. */
  header: JWEHeaderParameters | undefined;
  /** The decoded `aad` member. */
  additionalAuthenticatedData: Uint8Array | undefined;
  /** The key that decrypted the token. */
  key: JoseKey;
}
