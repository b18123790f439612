/** Key operations of RFC 7517 s4.3. */
export type KeyOp = 'sign' | 'verify' | 'encrypt' | 'decrypt' | 'wrapKey' | 'unwrapKey' | 'deriveKey' | 'deriveBits';

/** Key types this library imports. */
export type KeyType = 'oct' | 'RSA' | 'EC' | 'OKP';

/** A JSON Web Key (RFC 7517). Members other than those listed are carried as-is. */
export interface JWK {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  k?: string;
  x5c?: string[];
  x5t?: string;
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
  keys: JWK[];
}
