import type { CurveName } from './curves.js';

/** Key operations of RFC 7517 s4.3. */
export type KeyOp =
  | 'sign'
  | 'verify'
  | 'encrypt'
  | 'decrypt'
  | 'wrapKey'
  | 'unwrapKey'
  | 'deriveKey'
  | 'deriveBits';

/** Key types this library imports. */
export type KeyType = 'oct' | 'RSA' | 'EC' | 'OKP';

/**
 * What a key must be for one algorithm, and so how `generateKey` makes one: a secret of
 * `bytes` octets, an RSA key pair, or a key pair on the first of `crv`.
 */
export interface KeyFacts {
  /** The JWK key types the algorithm works with. */
  readonly kty: readonly KeyType[];
  /** The curves it works on (EC and OKP keys); `generateKey`'s default is the first. */
  readonly crv?: readonly CurveName[];
  /**
   * For a secret key: the octets a generated key has, and the fewest (or, with `exact`, the only
   * length) accepted.
   */
  readonly bytes?: number;
  /** The secret must be exactly `bytes` octets (AES keys), not at least (HMAC keys). */
  readonly exact?: boolean;
  /** The key is a password (a string or bytes), never generated (PBES2, RFC 7518 s4.8). */
  readonly password?: boolean;
  /** The key is the content encryption key itself, sized by `enc` (`dir`, RFC 7518 s4.5). */
  readonly contentKey?: boolean;
  /** The curve is the one of the sender's ephemeral key, the header's `epk` (ECDH-ES, RFC 7518 s4.6). */
  readonly epk?: boolean;
}

/** Facts every algorithm states, whatever its family. */
export interface AlgorithmFacts extends KeyFacts {
  /** The JOSE family whose header names it: a JWS `alg`, a JWE `alg`, or a JWE `enc`. */
  readonly family: 'jws' | 'jwe' | 'enc';
  /** The JWK `use` a key for it must have, when it has one (RFC 7517 s4.2). */
  readonly use: 'sig' | 'enc';
  /**
   * Whether the output bytes are a function of the key, the input and the fixed values a
   * published vector gives (CEK, IVs, `p2s`, an ECDH-ES ephemeral key), so that a vector's bytes
   * can be compared: false where random padding or a nonce is drawn inside the operation
   * (RSASSA-PSS, ECDSA, RSA encryption).
   */
  readonly deterministic: boolean;
  /** Never accepted on decryption or verification unless a caller names it in an allow-list. */
  readonly optIn: boolean;
}

/** The facts of a JWS algorithm (RFC 7518 s3). */
export interface SignatureFacts extends AlgorithmFacts {
  readonly family: 'jws';
  /** The `key_ops` that permit each operation (RFC 7517 s4.3). */
  readonly keyOps: { readonly sign: readonly KeyOp[]; readonly verify: readonly KeyOp[] };
}

/** The facts of a JWE key management algorithm (RFC 7518 s4). */
export interface KeyManagementFacts extends AlgorithmFacts {
  readonly family: 'jwe';
  /** The `key_ops` that permit each side (RFC 7517 s4.3). */
  readonly keyOps: { readonly encrypt: readonly KeyOp[]; readonly decrypt: readonly KeyOp[] };
}

/** The facts of a JWE content encryption algorithm (RFC 7518 s5); its key is the CEK, or the `dir` key. */
export interface ContentFacts extends AlgorithmFacts {
  readonly family: 'enc';
  readonly bytes: number;
}
