import type { KeyOp } from '../algs/types.js';

export type { KeyOp, KeyType } from '../algs/types.js';

/** A JSON Web Key (RFC 7517). Members other than those listed are carried as-is. */
export interface JWK {
  /** Key type (RFC 7517 s4.1): `oct`, `RSA`, `EC` or `OKP` are imported. */
  kty: string;
  /** Key ID (RFC 7517 s4.5), matched against a token's `kid`. */
  kid?: string;
  /** The one algorithm the key is meant for (RFC 7517 s4.4); when set, the key is bound to it. */
  alg?: string;
  /** Public key use (RFC 7517 s4.2): `sig` or `enc`. */
  use?: string;
  /** Permitted key operations (RFC 7517 s4.3), see {@link KeyOp}. */
  key_ops?: string[];
  /** Curve of an `EC` key (`P-256`, `P-384`, `P-521`, `secp256k1`) or `OKP` key (`Ed25519`, `Ed448`, `X25519`, `X448`). */
  crv?: string;
  /** base64url of the public x coordinate (`EC`, RFC 7518 s6.2.1.2) or the public key (`OKP`, RFC 8037 s2). */
  x?: string;
  /** base64url of the public y coordinate of an `EC` key (RFC 7518 s6.2.1.3). */
  y?: string;
  /** base64url of the private key: the `EC` private scalar (RFC 7518 s6.2.2.1), the `OKP` private key (RFC 8037 s2) or the RSA private exponent (RFC 7518 s6.3.2.1). */
  d?: string;
  /** base64url of the RSA modulus, big-endian (RFC 7518 s6.3.1.1). */
  n?: string;
  /** base64url of the RSA public exponent, big-endian (RFC 7518 s6.3.1.2). */
  e?: string;
  /** base64url of the RSA first prime factor (RFC 7518 s6.3.2.2). */
  p?: string;
  /** base64url of the RSA second prime factor (RFC 7518 s6.3.2.3). */
  q?: string;
  /** base64url of the RSA first factor CRT exponent, d mod (p-1) (RFC 7518 s6.3.2.4). */
  dp?: string;
  /** base64url of the RSA second factor CRT exponent, d mod (q-1) (RFC 7518 s6.3.2.5). */
  dq?: string;
  /** base64url of the RSA first CRT coefficient, q^-1 mod p (RFC 7518 s6.3.2.6). */
  qi?: string;
  /** base64url of a symmetric (`oct`) key's bytes (RFC 7518 s6.4.1). */
  k?: string;
  /** X.509 certificate chain (RFC 7517 s4.7), each certificate standard base64 (with padding) of its DER, the key's own first. */
  x5c?: string[];
  /** base64url SHA-1 digest of the first certificate's DER (RFC 7517 s4.8). */
  x5t?: string;
  /** base64url SHA-256 digest of the first certificate's DER (RFC 7517 s4.9). */
  'x5t#S256'?: string;
  [member: string]: unknown;
}

/**
 * The X.509 members a JWK came with (RFC 7517 s4.7-4.9), checked against its key at import and
 * written back on export. A certificate here is never trusted or chain-validated by jose-core.
 *
 * @example
 * ```ts
 * const key = importJWK(jwkWithCertificate)
 * const leaf = new X509Certificate(Buffer.from(key.x509!.x5c![0]!, 'base64')) // trust decisions are yours
 * ```
 */
export interface CertificateMembers {
  /** The certificate chain, each certificate standard base64 (with padding) of its DER. */
  readonly x5c?: readonly string[];
  /** base64url SHA-1 digest of the first certificate's DER. */
  readonly x5t?: string;
  /** base64url SHA-256 digest of the first certificate's DER. */
  readonly 'x5t#S256'?: string;
}

/** A JWK Set (RFC 7517 s5). */
export interface JWKSetObject {
  /** The keys of the set, in any order. */
  keys: JWK[];
}
