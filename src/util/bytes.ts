import { Buffer } from 'node:buffer';
import { type Hash, type Hmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import { JoseError, type JoseErrorCode } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 encode. */
export function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** Strict UTF-8 decode: malformed sequences are an error, not U+FFFD. */
export function utf8Decode(b: Uint8Array, code: JoseErrorCode, what: string): string {
  try {
    return decoder.decode(b);
  } catch {
    throw new JoseError(code, `${what} is not valid UTF-8`);
  }
}

/**
 * The digest of a hash or HMAC as bytes. A plain `digest()` has node allocate a fresh buffer,
 * a sizeable part of a short HMAC's cost; the digest as 'binary' (latin1) text copied into a
 * pooled buffer holds the same octets for much less (figures: bench/README.md, "Figures behind code choices").
 */
export function digestBytes(hash: Hash | Hmac): Buffer {
  return Buffer.from(hash.digest('binary'), 'latin1');
}

/**
 * `n` fresh random octets, drawn for this call alone. Same source as `randomBytes`, cheaper for
 * a few dozen octets: the buffer comes from node's allocation pool instead of an allocation of
 * its own, which is most of what `randomBytes` adds to the draw. The octets are never pooled
 * ahead of use (figures: bench/README.md, "Figures behind code choices").
 */
export function randomOctets(n: number): Buffer {
  return randomFillSync(Buffer.allocUnsafe(n));
}

/**
 * Overwrites secret temporaries (CEKs, derived keys, raw RSA output) with zeros once used, so
 * they do not linger in the heap until the collector reuses the memory. Best effort, as in any
 * garbage-collected runtime: node:crypto and V8 may hold copies of their own. Only for buffers
 * the library allocated and handed to no caller: a view zeroes just its own octets, never the
 * rest of a shared allocation pool.
 */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}

/** Constant-time equality; differing lengths are public information and return early. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** 64-bit big-endian encoding of a non-negative safe integer (RFC 7518 s5.2.2.1 AL). */
export function uint64be(n: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  // Two 32-bit halves: exact for every safe integer, without a BigInt per call.
  out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 0);
  out.writeUInt32BE(n >>> 0, 4);
  return out;
}

/** Accepts a string (UTF-8 encoded) or bytes, anything else is an argument error. */
export function toBytes(data: unknown, what: string): Uint8Array {
  if (typeof data === 'string') return utf8(data);
  if (data instanceof Uint8Array) return data;
  throw new JoseError('ERR_INVALID_ARGUMENT', `${what} must be a string or a Uint8Array`);
}
