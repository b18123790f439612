import type { JWK } from '../jwk/types.js';

/**
 * Octets as unpadded base64url text (RFC 7515 s2). Every binary value of a normalised vector
 * is given this way, whatever encoding its data file used.
 *
 * @example
 * ```ts
 * const bytes = Buffer.from(vector.inputs.payloadB64u, 'base64url')
 * ```
 */
export type Base64Url = string;

/**
 * A JSON object as it appears in a vector (headers, JSON serializations).
 *
 * @example
 * ```ts
 * const header: JsonObject = { alg: 'HS256', kid: 'k1' }
 * ```
 */
export type JsonObject = { [member: string]: unknown };

/**
 * What a vector exercises:
 * - `jws` / `jwe`: a signed or encrypted object and its serializations;
 * - `nested-jwt`: a JWS inside a JWE (RFC 7519 s5.2);
 * - `jwk`: keys that must import, with signatures they must reproduce or verify;
 * - `thumbprint`: an RFC 7638 thumbprint;
 * - `key-wrap`: AES Key Wrap of a key (RFC 3394);
 * - `content-encryption`: one content encryption with an explicit key, IV and AAD;
 * - `key-agreement`: an ECDH-ES key agreement and its Concat KDF output (RFC 7518 s4.6);
 * - `unrecognised`: an entry of a vector file whose fields the loader does not know.
 *
 * @example
 * ```ts
 * const jwsOnly = loadVectors().filter((v) => v.kind === ('jws' satisfies VectorKind))
 * ```
 */
export type VectorKind = 'jws' | 'jwe' | 'nested-jwt' | 'jwk' | 'thumbprint' | 'key-wrap' | 'content-encryption' | 'key-agreement' | 'unrecognised';

/**
 * The members every normalised vector has.
 *
 * @example
 * ```ts
 * const v: VectorBase<'jws'> = loadVectors()[0]! // id, rfc, section, title, file, algorithms, keys
 * ```
 */
export interface VectorBase<K extends VectorKind> {
  /** Unique across all files, e.g. `RFC7515-A.1`. */
  id: string;
  /** What the vector exercises. */
  kind: K;
  /** The RFC, e.g. `RFC 7515`. */
  rfc: string;
  /** Where in the RFC, e.g. `Appendix A.1` or `Section 4.1`. */
  section: string;
  /** A short description. */
  title: string;
  /** The file of `vectors/` it was read from. */
  file: string;
  /** Every `alg` and `enc` value (or hash, for thumbprints) the vector exercises. */
  algorithms: string[];
  /** Whether every output can be re-created byte for byte; when false, verify or decrypt instead. */
  deterministic: boolean;
  /** The vector's keys as JWKs, by name; inputs refer to keys by these names. */
  keys: Record<string, JWK>;
  /** Set when a consumer must REFUSE the vector's token; says why. */
  refusal?: string;
  /** Remarks from the transcription. */
  notes?: string;
  /** An RFC transcription's own fields as the RFC labels them (`K_hex`, `signing_input_ascii`, ...), for audit. */
  published?: JsonObject;
}

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

/**
 * A signature published with a key, which the key must verify (and, when deterministic, reproduce).
 *
 * @example
 * ```ts
 * verifyCompact(`${c.signingInputAscii}.${c.signatureB64u}`, v.keys[c.key]!, { algorithms: [c.alg] })
 * ```
 */
export interface KeyCrosscheck {
  /** Where the signature is published. */
  source: string;
  /** The algorithm identifier. */
  alg: string;
  /** Name (in `keys`) of the key. */
  key: string;
  /** The JWS signing input (RFC 7515 s5.1). */
  signingInputAscii: string;
  /** The signature, base64url. */
  signatureB64u: Base64Url;
}

/**
 * Keys that must import (RFC 7517, RFC 7520 s3).
 *
 * @example
 * ```ts
 * for (const name of v.inputs.keys) importJWK(v.keys[name]!)
 * ```
 */
export interface JwkVector extends VectorBase<'jwk'> {
  /** The names (in `keys`) of the keys under test, in their published order. */
  inputs: {
    /** The names of the keys in the vector's `keys`. */
    keys: string[];
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The public JWK of each key (private members removed), `null` for a symmetric key. */
    publicJwks: Array<JWK | null>;
    /** Signatures published with the keys, which they must verify or re-make. */
    crosschecks: KeyCrosscheck[];
  };
}

/**
 * An RFC 7638 JWK thumbprint.
 *
 * @example
 * ```ts
 * thumbprint(v.keys[v.inputs.key]!) === v.expected.thumbprintB64u
 * ```
 */
export interface ThumbprintVector extends VectorBase<'thumbprint'> {
  /** What a producer starts from. */
  inputs: {
    /** The name of the key in `keys`. */
    key: string;
    /** The hash function of the thumbprint. */
    hash: string;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The RFC 7638 thumbprint, base64url. */
    thumbprintB64u: Base64Url;
    /** The canonical JSON the thumbprint hashes (RFC 7638 s3). */
    canonicalJson?: string;
  };
}

/**
 * AES Key Wrap (RFC 3394) of some key data under a KEK.
 *
 * @example
 * ```ts
 * const kek = Buffer.from(v.keys[v.inputs.kek]!.k!, 'base64url')
 * ```
 */
export interface KeyWrapVector extends VectorBase<'key-wrap'> {
  /** What a producer starts from. */
  inputs: {
    /** The algorithm identifier. */
    alg: string;
    /** The name of the key encryption key in `keys`. */
    kek: string;
    /** The key data to wrap, base64url. */
    keyDataB64u: Base64Url;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The wrapped key, base64url. */
    wrappedB64u: Base64Url;
  };
}

/**
 * One content encryption (RFC 7518 s5) with an explicit key, IV and AAD.
 *
 * @example
 * ```ts
 * const cek = Buffer.from(v.keys[v.inputs.cek]!.k!, 'base64url')
 * ```
 */
export interface ContentEncryptionVector extends VectorBase<'content-encryption'> {
  /** What a producer starts from. */
  inputs: {
    /** The content encryption algorithm. */
    enc: string;
    /** The name of the CEK in `keys`. */
    cek: string;
    /** The plaintext, base64url. */
    plaintextB64u: Base64Url;
    /** The initialization vector, base64url. */
    ivB64u: Base64Url;
    /** The additional authenticated data, base64url. */
    aadB64u: Base64Url;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The published ciphertext, base64url. */
    ciphertextB64u: Base64Url;
    /** The published authentication tag, base64url. */
    tagB64u: Base64Url;
  };
}

/**
 * An ECDH-ES key agreement (RFC 7518 s4.6) with its Concat KDF inputs and output.
 *
 * @example
 * ```ts
 * const derived = Buffer.from(v.expected.derivedKeyB64u, 'base64url')
 * ```
 */
export interface KeyAgreementVector extends VectorBase<'key-agreement'> {
  /** What a producer starts from. */
  inputs: {
    /** The algorithm identifier. */
    alg: string;
    /** The content encryption algorithm. */
    enc: string;
    /** Names (in `keys`) of the sender's ephemeral private key and the recipient's private key. */
    ephemeralKey: string;
    /** The name of the recipient's key in `keys`. */
    recipientKey: string;
    /** The JWE protected header the agreement was made for (`epk`, `apu`, `apv`). */
    protectedHeader: JsonObject;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The ECDH shared secret Z, base64url. */
    sharedSecretB64u: Base64Url;
    /** The Concat KDF OtherInfo, base64url. */
    otherInfoB64u: Base64Url;
    /** The key the Concat KDF derives, base64url. */
    derivedKeyB64u: Base64Url;
  };
}

/**
 * An entry whose fields the loader does not know; kept so that nothing is silently dropped.
 *
 * @example
 * ```ts
 * for (const v of loadVectors()) if (v.kind === 'unrecognised') console.warn(v.id, v.reason)
 * ```
 */
export interface UnrecognisedVector extends VectorBase<'unrecognised'> {
  /** Why the entry could not be read. */
  reason: string;
  /** The entry as found in its file. */
  inputs: JsonObject;
  /** What the vector publishes: the outputs to compare with. */
  expected: Record<string, never>;
}

/**
 * One normalised vector. Switch on `kind`; `inputs` are what a producer starts from and
 * `expected` what it publishes (a consumer starts from `expected` and must recover `inputs`).
 *
 * @example
 * ```ts
 * for (const v of loadVectors()) if (v.kind === 'jws') console.log(v.id, v.algorithms)
 * ```
 */
export type ConformanceVector =
  | JwsVector
  | JweVector
  | NestedJwtVector
  | JwkVector
  | ThumbprintVector
  | KeyWrapVector
  | ContentEncryptionVector
  | KeyAgreementVector
  | UnrecognisedVector;
