import type { Buffer } from 'node:buffer';
import type { JoseKey } from '../../jwk/key.js';
import type { JsonObject } from '../../util/json.js';
import type { ContentEncryption } from '../content/types.js';
import type { EncryptOptions, JWEHeaderParameters, KeyManagementAlgorithm } from '../types.js';

/** Which side of a JWE a key is used on. */
export type Direction = 'encrypt' | 'decrypt';

/** The test-only {@link EncryptOptions} members that belong to one key management algorithm. */
export type KeyManagementOption = 'ephemeralKey' | 'keyWrapIv' | 'p2s';

/** The caller's limits on the work a token may cause, read from `DecryptOptions`. */
export interface DecryptLimits {
  readonly maxPbes2Count: number;
}

/**
 * Header members a key management algorithm chose on the sending side (`epk`, `iv`, `tag`,
 * `p2s`, `p2c`; RFC 7518 s4.6-4.8); the recipient reads them back from the JOSE header.
 */
export type HeaderParams = JsonObject;

interface Common {
  readonly alg: KeyManagementAlgorithm;
  /** Never accepted on decryption unless a caller names it in an allow-list: its row of facts says so. */
  readonly optIn: boolean;
  /** The test-only options this algorithm reads; any other is refused as unused. */
  readonly options?: readonly KeyManagementOption[];
  /**
   * Throws `ERR_KEY_UNSUITABLE` unless the key's binding, type and size fit this algorithm with
   * `ce`, on this side, for a token with this JOSE `header`.
   */
  check(
    key: JoseKey,
    ce: ContentEncryption,
    direction: Direction,
    header: JWEHeaderParameters,
  ): void;
  /** How this algorithm reads a caller's key when it is not `asKey`'s (PBES2 also takes a password). */
  coerceKey?(key: unknown): JoseKey;
  /**
   * Checks, on the receiving side and before any key is looked up, that the header members this
   * algorithm reads are present and usable.
   * @throws {JoseError} `ERR_JWE_INVALID`, or `ERR_NOT_SUPPORTED` for a curve not implemented
   */
  checkHeader?(header: JWEHeaderParameters, limits: DecryptLimits): void;
  /**
   * The PBKDF2 iterations decrypting for this (checked) header costs: PBES2's `p2c`. A JSON JWE
   * bounds their sum over the recipients it tries by `maxPbes2Count`, so the bound holds per token.
   */
  iterations?(header: JWEHeaderParameters): number;
}

/** `dir` and `ECDH-ES`: the CEK is the key or is agreed from it, and the encrypted key is empty. */
export interface DirectKeyManagement extends Common {
  readonly direct: true;
  /**
   * Whether the CEK is the key's own octets (`dir`), held for the key's life and so never wiped;
   * otherwise (`ECDH-ES`) it is agreed afresh for each token and wiped once used.
   */
  readonly cekIsKey: boolean;
  /** The CEK for a new JWE, and the header members the recipient needs to find it again. */
  newCek(
    key: JoseKey,
    ce: ContentEncryption,
    header: JWEHeaderParameters,
    options: EncryptOptions,
  ): { cek: Buffer; params?: HeaderParams };
  /** `newCek` off the event loop, for an algorithm whose sending side is private-key work (ECDH-ES). */
  newCekAsync?(
    key: JoseKey,
    ce: ContentEncryption,
    header: JWEHeaderParameters,
    options: EncryptOptions,
  ): Promise<{ cek: Buffer; params?: HeaderParams }>;
  /**
   * The recipient's CEK; the header has passed `checkHeader`.
   * @throws {JoseError} `ERR_JWE_INVALID` or `ERR_JWE_DECRYPTION_FAILED`
   */
  cek(key: JoseKey, ce: ContentEncryption, header: JWEHeaderParameters): Buffer;
  /** `cek` off the event loop, for an algorithm whose private-key work is worth a pool hop. */
  cekAsync?(key: JoseKey, ce: ContentEncryption, header: JWEHeaderParameters): Promise<Buffer>;
}

/** An algorithm that wraps a CEK for each recipient. */
export interface WrappingKeyManagement extends Common {
  readonly direct: false;
  /** The CEK wrapped for `key`, and the header members the recipient needs to unwrap it. */
  wrap(
    key: JoseKey,
    cek: Buffer,
    header: JWEHeaderParameters,
    options: EncryptOptions,
  ): { encryptedKey: Buffer; params?: HeaderParams };
  /**
   * Recovers a CEK of exactly `cekBytes` octets, in a buffer of its own that the caller wipes
   * once used; the header has passed `checkHeader`.
   * @throws {JoseError} `ERR_JWE_DECRYPTION_FAILED`, with the message of a bad tag, for every
   *   failure: an encrypted key of the wrong length (short, long, or an RSA ciphertext with its
   *   leading zero stripped) included, although that length is public; `ERR_JWE_INVALID` only for
   *   an unusable header member (`iv`, `tag`, `p2s`)
   */
  unwrap(key: JoseKey, encryptedKey: Buffer, cekBytes: number, header: JWEHeaderParameters): Buffer;
  /** `unwrap` off the event loop, for an algorithm whose private-key work is worth a pool hop. */
  unwrapAsync?(
    key: JoseKey,
    encryptedKey: Buffer,
    cekBytes: number,
    header: JWEHeaderParameters,
  ): Promise<Buffer>;
  /** `wrap` off the event loop, for an algorithm whose sending side is costly (PBES2). */
  wrapAsync?(
    key: JoseKey,
    cek: Buffer,
    header: JWEHeaderParameters,
    options: EncryptOptions,
  ): Promise<{ encryptedKey: Buffer; params?: HeaderParams }>;
}

/** One key management algorithm (RFC 7518 s4). */
export type KeyManagement = DirectKeyManagement | WrappingKeyManagement;
