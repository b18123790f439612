// The JWS, JWE and nested JWT vector shapes.
import type { Base64Url, JsonObject, VectorBase } from './vector-base.js';

/**
 * One signature of a JWS vector.
 *
 * @example
 * ```ts
 * const key = v.keys[v.inputs.signatures[0]!.verificationKey!]
 * ```
 */
export interface JwsSignatureInput {
  /** The algorithm identifier. */
  alg: string;
  /** The protected header, when the signature has one. */
  protectedHeader?: JsonObject;
  /** The exact encoded protected header of the published output. */
  protectedB64u?: Base64Url;
  /** The unprotected header, when there is one. */
  header?: JsonObject;
  /** Name (in `keys`) of the private or secret key that made the signature, when published. */
  signingKey?: string;
  /** Name (in `keys`) of the public or secret key that verifies it. */
  verificationKey?: string;
}

/**
 * Inputs of a JWS: what a signer starts from.
 *
 * @example
 * ```ts
 * const payload = Buffer.from(v.inputs.payloadB64u, 'base64url')
 * ```
 */
export interface JwsInputs {
  /** The payload, base64url. */
  payloadB64u: Base64Url;
  /** One entry per signature. */
  signatures: JwsSignatureInput[];
}

/**
 * Published outputs of a JWS: what a verifier starts from.
 *
 * @example
 * ```ts
 * if (v.expected.compact !== undefined) verifyCompact(v.expected.compact, key, { algorithms: [alg] })
 * ```
 */
export interface JwsExpected {
  /** One signature value per entry of `inputs.signatures`. */
  signaturesB64u: Base64Url[];
  /** The published compact serialization. */
  compact?: string;
  /** The published general JSON serialization. */
  jsonGeneral?: JsonObject;
  /** The published flattened JSON serialization. */
  jsonFlattened?: JsonObject;
}

/**
 * A signed object (RFC 7515, RFC 7520 s4).
 *
 * @example
 * ```ts
 * const hs256 = loadVectors().find((v): v is JwsVector => v.id === 'RFC7515-A.1')
 * ```
 */
export interface JwsVector extends VectorBase<'jws'> {
  /** What a producer starts from. */
  inputs: JwsInputs;
  /** What the vector publishes: the outputs to compare with. */
  expected: JwsExpected;
}

/**
 * One recipient of a JWE vector. For PBES2 the key is an `oct` JWK whose `k` holds the
 * password's UTF-8 octets. `ephemeralKey`, `keyWrapIvB64u`, `p2sB64u` and `p2c` are the values
 * the published output was made with; an encrypter given them (with `cekB64u` and `ivB64u`)
 * re-creates that output.
 *
 * @example
 * ```ts
 * const key = v.keys[v.inputs.recipients[0]!.decryptionKey!]
 * ```
 */
export interface JweRecipientInput {
  /** The algorithm identifier. */
  alg: string;
  /** The per-recipient header, when there is one. */
  header?: JsonObject;
  /** Name (in `keys`) of the private or secret key that decrypts; absent when not published. */
  decryptionKey?: string;
  /** Name (in `keys`) of the public or secret key that encrypts to this recipient. */
  encryptionKey?: string;
  /** The published encrypted key, base64url. */
  encryptedKeyB64u?: Base64Url;
  /** Name (in `keys`) of the sender's ECDH-ES ephemeral private key. */
  ephemeralKey?: string;
  /** The A*GCMKW key wrap IV. */
  keyWrapIvB64u?: Base64Url;
  /** The PBES2 salt input and iteration count. */
  p2sB64u?: Base64Url;
  /** The PBES2 iteration count. */
  p2c?: number;
}

/**
 * Inputs of a JWE: what an encrypter starts from.
 *
 * @example
 * ```ts
 * const plaintext = Buffer.from(v.inputs.plaintextB64u!, 'base64url')
 * ```
 */
export interface JweInputs {
  /** The content encryption algorithm. */
  enc: string;
  /** Absent only for refused vectors, whose plaintext is not published. */
  plaintextB64u?: Base64Url;
  /** The protected header members. */
  protectedHeader?: JsonObject;
  /** The protected header exactly as encoded, base64url. */
  protectedB64u?: Base64Url;
  /** The shared unprotected header members. */
  unprotected?: JsonObject;
  /** The JWE AAD (`aad` member of the JSON serialization). */
  aadB64u?: Base64Url;
  /** The published content encryption key (absent for `dir`, whose key is the CEK). */
  cekB64u?: Base64Url;
  /** The initialization vector, base64url. */
  ivB64u?: Base64Url;
  /** One entry per recipient. */
  recipients: JweRecipientInput[];
}

/**
 * Published outputs of a JWE: what a decrypter starts from.
 *
 * @example
 * ```ts
 * decryptCompact(v.expected.compact!, key, { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [v.inputs.enc] })
 * ```
 */
export interface JweExpected {
  /** The published ciphertext, base64url. */
  ciphertextB64u?: Base64Url;
  /** The published authentication tag, base64url. */
  tagB64u?: Base64Url;
  /** The published compact serialization. */
  compact?: string;
  /** The published general JSON serialization. */
  jsonGeneral?: JsonObject;
  /** The published flattened JSON serialization. */
  jsonFlattened?: JsonObject;
}

/**
 * An encrypted object (RFC 7516, RFC 7520 s5).
 *
 * @example
 * ```ts
 * const a3 = loadVectors().find((v): v is JweVector => v.id === 'RFC7516-A.3')
 * ```
 */
export interface JweVector extends VectorBase<'jwe'> {
  /** What a producer starts from. */
  inputs: JweInputs;
  /** What the vector publishes: the outputs to compare with. */
  expected: JweExpected;
}

/**
 * A signed JWT inside a JWE (RFC 7520 s6): the JWE's plaintext is the JWS compact serialization.
 *
 * @example
 * ```ts
 * const inner = Buffer.from(v.inputs.jwe.plaintextB64u!, 'base64url').toString() // === v.expected.jws.compact
 * ```
 */
export interface NestedJwtVector extends VectorBase<'nested-jwt'> {
  /** What a producer starts from. */
  inputs: {
    /** The JWS part. */
    jws: JwsInputs;
    /** The JWE part. */
    jwe: JweInputs;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The JWS part. */
    jws: JwsExpected;
    /** The JWE part. */
    jwe: JweExpected;
  };
}
