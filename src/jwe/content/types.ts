import type { Buffer } from 'node:buffer';
import type { ContentEncryptionAlgorithm } from '../types.js';

/** One content encryption algorithm (RFC 7518 s5): an AEAD over the plaintext and the AAD. */
export interface ContentEncryption {
  readonly enc: ContentEncryptionAlgorithm;
  /** CEK length in octets. */
  readonly keyBytes: number;
  /** IV length in octets; any other length is malformed. */
  readonly ivBytes: number;
  /** Authentication tag length in octets; any other length is malformed. */
  readonly tagBytes: number;
  /** Whether a ciphertext of this length could come from this algorithm (lengths are public). */
  ciphertextLengthOk(length: number): boolean;
  /** A string plaintext is encrypted as its UTF-8 octets (node:crypto encodes it without a buffer in between). */
  encrypt(
    cek: Buffer,
    iv: Uint8Array,
    plaintext: Uint8Array | string,
    aad: Uint8Array,
  ): { ciphertext: Buffer; tag: Buffer };
  /**
   * Authenticates and decrypts. Lengths of IV, tag and ciphertext have been checked.
   * @throws {JoseError} `ERR_JWE_DECRYPTION_FAILED` for any failure
   */
  decrypt(
    cek: Buffer,
    iv: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    aad: Uint8Array,
  ): Buffer;
}
