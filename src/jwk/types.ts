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
  [member: string]: unknown;
}

/** A JWK Set (RFC 7517 s5). */
export interface JWKSetObject {
  keys: JWK[];
}
