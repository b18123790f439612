import type { JWSAlgorithm } from '../algs/jws.js';
import type { KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';
import type { JWK } from '../jwk/types.js';

export type { JWSAlgorithm };

/**
 * A JOSE header of a JWS (RFC 7515 s4). Embedded key references (`jwk`, `jku`, `x5u`, `x5c`)
 * are carried but never used to choose a verification key.
 *
 * @example
 * ```ts
 * const header: JWSHeaderParameters = { alg: 'ES256', kid: 'k1', typ: 'JWT' }
 * ```
 */
export interface JWSHeaderParameters {
  /** Signature algorithm (RFC 7515 s4.1.1), see {@link JWSAlgorithm}; required in every JWS. */
  alg?: string;
  /** Key ID (RFC 7515 s4.1.4): a hint for picking the key, e.g. by a key set. */
  kid?: string;
  /** Media type of the whole JWS (RFC 7515 s4.1.9), e.g. `JWT`. */
  typ?: string;
  /** Media type of the payload (RFC 7515 s4.1.10), e.g. `JWT` for a nested token. */
  cty?: string;
  /** Extension header names the recipient must understand (RFC 7515 s4.1.11). */
  crit?: string[];
  /** The signer's public key as a JWK (RFC 7515 s4.1.3); carried only, never used to verify. */
  jwk?: JWK;
  /** URL of a JWK Set holding the key (RFC 7515 s4.1.2); never fetched. */
  jku?: string;
  /** URL of the signer's X.509 certificate chain (RFC 7515 s4.1.5); never fetched. */
  x5u?: string;
  /** The signer's X.509 certificate chain (RFC 7515 s4.1.6), each standard base64 of its DER; carried only. */
  x5c?: string[];
  /** base64url SHA-1 digest of the signer's certificate DER (RFC 7515 s4.1.7). */
  x5t?: string;
  /** base64url SHA-256 digest of the signer's certificate DER (RFC 7515 s4.1.8). */
  'x5t#S256'?: string;
  [name: string]: unknown;
}

/**
 * Picks the verification key for a signature from its header (for the JSON serialization, the
 * protected and unprotected headers merged). `createLocalKeySet(jwks)` is one. It may throw
 * (for example `ERR_KEY_NOT_FOUND`); its errors reach the caller of the verify function.
 *
 * @example
 * ```ts
 * const resolver: JWSKeyResolver = (header) => keysByKid.get(String(header.kid)) ?? defaultKey
 * ```
 */
export type JWSKeyResolver = (header: JWSHeaderParameters) => KeyLike;

/**
 * Options of {@link verifyCompact} and {@link verifyJSON}.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = { algorithms: ['RS256'], crit: ['exp'] }
 * ```
 */
export interface VerifyOptions {
  /**
   * The only `alg` values accepted. Without it, a token is accepted only with an algorithm its
   * key fits: the key's bound `alg` when it has one, else any algorithm whose key checks it passes.
   */
  algorithms?: readonly JWSAlgorithm[];
  /**
   * Extension header parameters this caller understands and has checked (RFC 7515 s4.1.11).
   * `b64` (RFC 7797) need not be listed: jose-core processes it.
   */
  crit?: readonly string[];
  /**
   * The content of a JWS whose payload is detached (RFC 7515 Appendix F): a compact JWS with an
   * empty payload part, or a JSON one without `payload` (or with an empty one). Required for
   * such a token and refused for any other; a string is taken as UTF-8. An empty payload is
   * always treated as detached, so the content of an empty payload, `''`, is passed here too.
   */
  detachedPayload?: Uint8Array | string;
  /**
   * Longest token accepted, in characters (for a JSON serialization given as an object, the total
   * length of its string members and of those of its signatures); a longer one is refused with
   * `ERR_JWS_INVALID` before anything is decoded. Default `DEFAULT_MAX_TOKEN_LENGTH` (256 KiB).
   */
  maxTokenLength?: number;
}

/**
 * Options of {@link signCompact} and {@link signJSON}.
 *
 * @example
 * ```ts
 * const token = signCompact(body, { alg: 'ES256' }, key, { detached: true }) // 'eyJ...' + '..' + signature
 * ```
 */
export interface SignOptions {
  /**
   * Leave the payload out of the output (RFC 7515 Appendix F): the compact form becomes
   * `header..signature` and the JSON form has no `payload` member. The verifier passes the
   * content as `detachedPayload`. A compact JWS with `b64: false` is always detached.
   */
  detached?: boolean;
}

/**
 * One signer of {@link signJSON}: its headers and its key. `alg` is in one of the two headers.
 *
 * @example
 * ```ts
 * const signer: JWSSigner = { protectedHeader: { alg: 'HS256' }, unprotectedHeader: { kid: 'mac-1' }, key: macKey }
 * ```
 */
export interface JWSSigner {
  /** Integrity-protected header members. */
  protectedHeader?: JWSHeaderParameters;
  /** Header members not covered by the signature; names must differ from the protected ones. */
  unprotectedHeader?: JWSHeaderParameters;
  /** The signing key: a private key, or the secret for HMAC. */
  key: KeyLike;
}

/**
 * Flattened JWS JSON Serialization (RFC 7515 s7.2.2): one signature, members at the top level.
 *
 * @example
 * ```ts
 * const jws = signJSON('hello', [{ protectedHeader: { alg: 'HS256' }, key: macKey }]) as FlattenedJWS
 * ```
 */
export interface FlattenedJWS {
  /** BASE64URL(payload); the payload text itself with `b64: false` (RFC 7797); absent when detached. */
  payload?: string;
  /** BASE64URL(UTF-8 of the protected header's JSON); absent when there is no protected header. */
  protected?: string;
  /** Unprotected header members, not covered by the signature. */
  header?: JWSHeaderParameters;
  /** BASE64URL(signature) over `protected` + `.` + `payload`. */
  signature: string;
}

/**
 * General JWS JSON Serialization (RFC 7515 s7.2.1): any number of signatures over one payload.
 *
 * @example
 * ```ts
 * const jws = signJSON('hello', [signerA, signerB]) as GeneralJWS
 * jws.signatures.length // 2
 * ```
 */
export interface GeneralJWS {
  /** BASE64URL(payload); the payload text itself with `b64: false` (RFC 7797); absent when detached. */
  payload?: string;
  /** One entry per signature, each with its own headers (RFC 7515 s7.2.1). */
  signatures: Array<{
    /** BASE64URL(UTF-8 of this signature's protected header JSON); absent when it has none. */
    protected?: string;
    /** This signature's unprotected header members, not covered by the signature. */
    header?: JWSHeaderParameters;
    /** BASE64URL(signature) over `protected` + `.` + `payload`. */
    signature: string;
  }>;
}

/**
 * What {@link verifyCompact} returns for a JWS whose signature verifies.
 *
 * @example
 * ```ts
 * const { payload, protectedHeader, key }: CompactVerifyResult = verifyCompact(token, publicKey, { algorithms: ['ES256'] })
 * ```
 */
export interface CompactVerifyResult {
  /** The payload bytes, decoded from base64url; for detached content, `detachedPayload` as bytes (a string as its UTF-8). */
  payload: Uint8Array;
  /** The decoded protected header. */
  protectedHeader: JWSHeaderParameters;
  /** The key that verified the signature (the resolver's pick, when a resolver was given). */
  key: JoseKey;
}

/**
 * What {@link verifyJSON} returns: the verified signature's headers and index, and the payload.
 *
 * @example
 * ```ts
 * const { payload, signatureIndex }: JSONVerifyResult = verifyJSON(jws, createLocalKeySet(jwks), { algorithms: ['RS256'] })
 * ```
 */
export interface JSONVerifyResult {
  /** The payload bytes: decoded from base64url, the UTF-8 of the payload text with `b64: false`, or `detachedPayload` as bytes (a string as its UTF-8). */
  payload: Uint8Array;
  /** The decoded protected header of the signature that verified, `undefined` when it has none. */
  protectedHeader: JWSHeaderParameters | undefined;
  /** The unprotected header of the signature that verified, `undefined` when it has none. */
  unprotectedHeader: JWSHeaderParameters | undefined;
  /** Zero-based index of the signature that verified (0 for a flattened JWS). */
  signatureIndex: number;
  /** The key that verified that signature (the resolver's pick, when a resolver was given). */
  key: JoseKey;
}
