import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../algs/jwe.js';
import type { KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';

export type { ContentEncryptionAlgorithm, KeyManagementAlgorithm };

/** JWE header parameters (RFC 7516 s4). Members not listed are carried as-is. */
export interface JWEHeaderParameters {
  /** Key management algorithm (RFC 7516 s4.1.1), see {@link KeyManagementAlgorithm}. */
  alg?: string;
  /** Content encryption algorithm (RFC 7516 s4.1.2), see {@link ContentEncryptionAlgorithm}; only in the protected header for compact tokens. */
  enc?: string;
  /** Key ID (RFC 7516 s4.1.6): a hint for picking the recipient's key. */
  kid?: string;
  /** Media type of the whole JWE (RFC 7516 s4.1.11), e.g. `JWT`. */
  typ?: string;
  /** Media type of the plaintext (RFC 7516 s4.1.12); `JWT` for a nested token. */
  cty?: string;
  /** Extension header names the recipient must understand (RFC 7516 s4.1.13). */
  crit?: string[];
  /** `DEF` (RFC 7516 s4.1.3): the plaintext is DEFLATE-compressed; only in the protected header. */
  zip?: string;
  /** ECDH-ES ephemeral public key (RFC 7518 s4.6.1.1), set by the library. */
  epk?: { [member: string]: unknown };
  /** ECDH-ES PartyUInfo, base64url (RFC 7518 s4.6.1.2), chosen by the caller. */
  apu?: string;
  /** ECDH-ES PartyVInfo, base64url (RFC 7518 s4.6.1.3), chosen by the caller. */
  apv?: string;
  /** AES-GCM key wrap IV, base64url of 12 octets (RFC 7518 s4.7.1.1), set by the library. */
  iv?: string;
  /** AES-GCM key wrap authentication tag, base64url of 16 octets (RFC 7518 s4.7.1.2), set by the library. */
  tag?: string;
  /** PBES2 salt input, base64url (RFC 7518 s4.8.1.1), set by the library. */
  p2s?: string;
  /** PBES2 iteration count (RFC 7518 s4.8.1.2); the caller may choose it when encrypting. */
  p2c?: number;
  [name: string]: unknown;
}

/**
 * A key as the JWE functions take it: a {@link KeyLike}, or for the PBES2 algorithms only a
 * password, as a string (UTF-8 encoded) or as bytes. A string or bytes given for any other
 * algorithm is refused with `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const jwe = encryptCompact(jwks, { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 600000 }, 'correct horse battery staple')
 * ```
 */
export type JWEKeyLike = KeyLike | string | Uint8Array;

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
export type JWEKeyResolver = (header: JWEHeaderParameters) => JWEKeyLike;

/**
 * TEST-ONLY options of {@link encryptCompact} and {@link encryptJSON}: they exist to reproduce
 * published vectors byte for byte. Never pass them in production: a repeated CEK or IV (with
 * GCM, even once) destroys confidentiality and, for GCM, integrity; a known ephemeral key or
 * salt gives the key away. Wrong lengths are refused with `ERR_INVALID_ARGUMENT`, as are `cek`
 * with `dir` or `ECDH-ES` (whose CEK is the key or is derived), and any option no recipient's
 * algorithm uses. With {@link encryptJSON} the options apply to every recipient whose
 * algorithm uses them.
 *
 * A header member the library sets (`epk`, `iv`, `tag`, `p2s`) may be written in the caller's
 * header only with the value these options produce; it then keeps its place, so a published
 * header can be reproduced byte for byte.
 *
 * @example
 * ```ts
 * // RFC 7516 A.3: the published CEK and IV reproduce the published token
 * encryptCompact('Live long and prosper.', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek, { cek, iv })
 * ```
 */
export interface EncryptOptions {
  /** Content encryption key of exactly the length `enc` needs; refused with `dir` (the key is the CEK) and `ECDH-ES` (the CEK is derived). */
  cek?: Uint8Array;
  /** Initialization vector of exactly the length `enc` needs (16 octets for CBC, 12 for GCM). */
  iv?: Uint8Array;
  /** ECDH-ES ephemeral private key, on the recipient key's curve. */
  ephemeralKey?: KeyLike;
  /** A*GCMKW key wrap IV, 12 octets (sent as the `iv` header member). */
  keyWrapIv?: Uint8Array;
  /** PBES2 salt input, at least 8 octets (sent as the `p2s` header member). */
  p2s?: Uint8Array;
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
   * is accepted except `RSA1_5` (a padding oracle risk) and the `PBES2-*` algorithms (whose
   * cost the sender chooses), which are only accepted when named here.
   */
  keyManagementAlgorithms?: readonly KeyManagementAlgorithm[];
  /** Content encryption algorithms to accept; all implemented ones when absent. */
  contentEncryptionAlgorithms?: readonly ContentEncryptionAlgorithm[];
  /** Extension header parameters this caller understands and processes (`crit`, RFC 7516 s4.1.13). */
  crit?: readonly string[];
  /**
   * Most octets a `zip: "DEF"` plaintext may inflate to; larger is refused with
   * `ERR_JWE_INVALID`. Default {@link DEFAULT_MAX_DECOMPRESSED_SIZE} (250,000).
   */
  maxDecompressedSize?: number;
  /**
   * Highest PBES2 iteration count (`p2c`) accepted; a higher one is refused with
   * `ERR_JWE_INVALID` before any key derivation. Default {@link DEFAULT_MAX_PBES2_COUNT} (1,000,000).
   */
  maxPbes2Count?: number;
  /**
   * Longest token accepted, in characters (for a JSON serialization given as an object, the total
   * length of its string members and of those of its recipients); a longer one is refused with
   * `ERR_JWE_INVALID` before anything is decoded. Default `DEFAULT_MAX_TOKEN_LENGTH` (256 KiB).
   */
  maxTokenLength?: number;
}

/** Flattened JWE JSON Serialization (RFC 7516 s7.2.2). */
export interface FlattenedJWE {
  /** BASE64URL(UTF-8 of the protected header's JSON); absent when there is no protected header. */
  protected?: string;
  /** Shared unprotected header members (RFC 7516 s7.2.1), not integrity-protected. */
  unprotected?: JWEHeaderParameters;
  /** The recipient's unprotected header members, not integrity-protected. */
  header?: JWEHeaderParameters;
  /** BASE64URL(JWE Encrypted Key); absent or empty for `dir` and `ECDH-ES`, which have none. */
  encrypted_key?: string;
  /** BASE64URL(content encryption initialization vector). */
  iv: string;
  /** BASE64URL(ciphertext). */
  ciphertext: string;
  /** BASE64URL(content encryption authentication tag). */
  tag: string;
  /** BASE64URL(additional authenticated data), mixed into the AAD after the protected header (RFC 7516 s5.1 step 14). */
  aad?: string;
}

/** General JWE JSON Serialization (RFC 7516 s7.2.1). */
export interface GeneralJWE {
  /** BASE64URL(UTF-8 of the protected header's JSON); absent when there is no protected header. */
  protected?: string;
  /** Shared unprotected header members (RFC 7516 s7.2.1), not integrity-protected. */
  unprotected?: JWEHeaderParameters;
  /** One entry per recipient, each with the CEK encrypted to its key. */
  recipients: Array<{
    /** This recipient's unprotected header members, not integrity-protected. */
    header?: JWEHeaderParameters;
    /** BASE64URL(JWE Encrypted Key) for this recipient; absent or empty for `dir` and `ECDH-ES`. */
    encrypted_key?: string;
  }>;
  /** BASE64URL(content encryption initialization vector), shared by all recipients. */
  iv: string;
  /** BASE64URL(ciphertext), shared by all recipients. */
  ciphertext: string;
  /** BASE64URL(content encryption authentication tag). */
  tag: string;
  /** BASE64URL(additional authenticated data), mixed into the AAD after the protected header (RFC 7516 s5.1 step 14). */
  aad?: string;
}

/** What {@link decryptCompact} returns. */
export interface CompactDecryptResult {
  /** The decrypted plaintext; for `cty: "JWT"` the nested token, as-is. */
  plaintext: Uint8Array;
  /** The decoded protected header. */
  protectedHeader: JWEHeaderParameters;
  /** The key that decrypted the token. */
  key: JoseKey;
}

/** What {@link decryptJSON} returns. */
export interface JSONDecryptResult {
  /** The decrypted plaintext (inflated when `zip` is `DEF`). */
  plaintext: Uint8Array;
  /** The decoded protected header, `undefined` when the JWE has none. */
  protectedHeader: JWEHeaderParameters | undefined;
  /** The shared unprotected header (the `unprotected` member), `undefined` when absent. */
  unprotectedHeader: JWEHeaderParameters | undefined;
  /** The per-recipient header of the recipient that was decrypted. */
  header: JWEHeaderParameters | undefined;
  /** The decoded `aad` member. */
  additionalAuthenticatedData: Uint8Array | undefined;
  /** The key that decrypted the token. */
  key: JoseKey;
}
