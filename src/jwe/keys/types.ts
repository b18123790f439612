import type { Buffer } from 'node:buffer';
import type { JoseKey } from '../../jwk/key.js';
import type { KeyOp } from '../../jwk/types.js';
import type { ContentEncryption } from '../content/types.js';
import type { KeyManagementAlgorithm } from '../types.js';

/** Which side of a JWE a key is used on. */
export type Direction = 'encrypt' | 'decrypt';

interface Common {
  readonly alg: KeyManagementAlgorithm;
  /** Never accepted on decryption unless a caller names it in an allow-list. */
  readonly optIn: boolean;
  /**
   * Throws `ERR_KEY_UNSUITABLE` unless the key's binding, type and size fit this algorithm with
   * `ce`, on this side.
   */
  check(key: JoseKey, ce: ContentEncryption, direction: Direction): void;
}

/** `dir`: the key is the CEK, and the encrypted key is empty. */
export interface DirectKeyManagement extends Common {
  readonly direct: true;
  cek(key: JoseKey): Buffer;
}

/** An algorithm that wraps a CEK for each recipient. */
export interface WrappingKeyManagement extends Common {
  readonly direct: false;
  wrap(key: JoseKey, cek: Buffer): Buffer;
  /**
   * Recovers a CEK of exactly `cekBytes` octets.
   * @throws {JoseError} `ERR_JWE_INVALID` for an encrypted key whose (public) length is wrong,
   *   `ERR_JWE_DECRYPTION_FAILED` for any other failure
   */
  unwrap(key: JoseKey, encryptedKey: Buffer, cekBytes: number): Buffer;
}

/** One key management algorithm (RFC 7518 s4). */
export type KeyManagement = DirectKeyManagement | WrappingKeyManagement;

/**
 * The `key_ops` that permit key management on each side (RFC 7517 s4.3): the wrap operations,
 * or encrypt/decrypt, which many JWKs carry for the same purpose.
 */
export function wrapOps(direction: Direction): readonly KeyOp[] {
  return direction === 'encrypt' ? ['wrapKey', 'encrypt'] : ['unwrapKey', 'decrypt'];
}
