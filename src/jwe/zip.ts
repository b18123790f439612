import type { Buffer } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { invalid } from './failure.js';

/**
 * Most octets a compressed (`zip: "DEF"`) plaintext may inflate to unless
 * `DecryptOptions.maxDecompressedSize` says otherwise: far above any token a gateway handles,
 * far below what a few kilobytes of DEFLATE can expand to (about 1000:1).
 *
 * @example
 * ```ts
 * // A caller that expects larger compressed documents raises the limit explicitly
 * decryptCompact(jwe, key, { maxDecompressedSize: 4 * DEFAULT_MAX_DECOMPRESSED_SIZE })
 * ```
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 250_000;

/** Raw DEFLATE (RFC 1951), as RFC 7516 s4.1.3 wants for `zip: "DEF"`; a string is deflated as its UTF-8 octets. */
export function compress(plaintext: Uint8Array | string): Buffer {
  return deflateRawSync(plaintext);
}

/**
 * Inflates an authenticated plaintext; callers run it only after the tag has been checked, so
 * no attacker without the CEK reaches zlib. zlib stops as soon as the output passes `max`
 * octets, so a bomb costs no more memory or time than the limit.
 * @throws {JoseError} `ERR_JWE_INVALID` when the output would pass `max` octets or the data is not DEFLATE
 */
export function decompress(compressed: Uint8Array, max: number): Buffer {
  try {
    return inflateRawSync(compressed, { maxOutputLength: max });
  } catch (e) {
    if (e instanceof RangeError)
      throw invalid(`the JWE plaintext inflates to more than ${max} octets`);
    throw invalid('the JWE plaintext is not valid DEFLATE data');
  }
}
