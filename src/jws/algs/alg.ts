import { Buffer } from 'node:buffer';
import {
  type KeyObject,
  type SignKeyObjectInput,
  sign,
  type VerifyKeyObjectInput,
  verify,
} from 'node:crypto';
import type { JWSAlgorithm } from '../../algs/jws.js';
import type { JoseKey } from '../../jwk/key.js';
import { JoseError } from '../../util/errors.js';

/** What a signature algorithm is asked to do with a key. */
export type SignatureOp = 'sign' | 'verify';

/**
 * One JWS algorithm (RFC 7518 s3). `sign` and `verify` check the key themselves, so no caller
 * can reach node:crypto with a key that was never checked.
 */
export interface SignatureAlgorithm {
  /** Its row in the table of facts (`src/algs/jws.ts`), which states what its keys must be. */
  readonly name: JWSAlgorithm;
  /** Throws `ERR_KEY_UNSUITABLE` unless the key's binding and shape fit `op` with this algorithm. */
  checkKey(key: JoseKey, op: SignatureOp): void;
  /**
   * The signature, base64url-encoded as every serialization writes it (node encodes it on the
   * way out, which is cheaper than handing back bytes). `data` is the signing input: bytes, or
   * the ASCII text of a JWS signing input.
   */
  sign(data: Uint8Array | string, key: JoseKey): string;
  /** False for any signature that does not verify, including one of the wrong length. */
  verify(data: Uint8Array | string, signature: Uint8Array, key: JoseKey): boolean;
  /**
   * `sign` on libuv's thread pool, for algorithms whose private-key work is worth the hop
   * (RSA, ECDSA, EdDSA); absent for HMAC, which costs less than the hop and runs inline. Key
   * checks throw before any promise is made (the callers are async functions).
   */
  signAsync?(data: Uint8Array | string, key: JoseKey): Promise<string>;
  /** `verify` on libuv's thread pool; present exactly when `signAsync` is. */
  verifyAsync?(data: Uint8Array | string, signature: Uint8Array, key: JoseKey): Promise<boolean>;
}

/** The operation registered for the row `N` of the facts table. */
export type Signature<N extends JWSAlgorithm> = SignatureAlgorithm & { readonly name: N };

/** The signing input as bytes; text is ASCII, which latin1 copies octet for octet. */
export function inputBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

/**
 * Runs a node:crypto signing call. Keys are checked before this point, so a failure here means
 * the key object itself cannot do the job (for example an unusual provider restriction).
 */
export function nodeSign(name: string, run: () => Buffer): string {
  try {
    return run().toString('base64url');
  } catch (cause) {
    throw new JoseError('ERR_KEY_UNSUITABLE', `the key could not produce a ${name} signature`, {
      cause,
    });
  }
}

/** Runs a node:crypto verification; any failure inside node:crypto is a signature that does not verify. */
export function nodeVerify(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}

/**
 * `nodeSign` with node's callback form of `crypto.sign`, which runs the private-key operation
 * on libuv's thread pool; a failure means what it means there.
 */
export function nodeSignAsync(
  name: string,
  hash: string | null,
  data: Uint8Array,
  key: KeyObject | SignKeyObjectInput,
): Promise<string> {
  return new Promise((resolve, reject) => {
    sign(hash, data, key, (err, signature) => {
      if (err === null) resolve(signature.toString('base64url'));
      else {
        const message = `the key could not produce a ${name} signature`;
        reject(new JoseError('ERR_KEY_UNSUITABLE', message, { cause: err }));
      }
    });
  });
}

/**
 * `nodeVerify` with the callback form of `crypto.verify`:
 * any failure is a signature that does not verify.
 */
export function nodeVerifyAsync(
  hash: string | null,
  data: Uint8Array,
  key: KeyObject | VerifyKeyObjectInput,
  signature: Uint8Array,
): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      verify(hash, data, key, signature, (err, ok) => resolve(err === null && ok));
    } catch {
      resolve(false);
    }
  });
}
