import type { JWK } from '../jwk/types.js';
import type { Base64Url, JsonObject } from './types.js';

/**
 * The conformance protocol between the runner and an implementation's adapter: one JSON
 * request per line on the adapter's stdin, one JSON reply per line on its stdout, matched by
 * `id` (replies may come in any order). Binary values are unpadded base64url; keys are JWKs.
 * See docs/conformance-protocol.md.
 *
 * @example
 * ```ts
 * const request: ConformanceRequest = { id: '1', op: 'thumbprint', jwk, hash: 'SHA-256' }
 * ```
 */
export type ConformanceRequest =
  | SignRequest
  | VerifyRequest
  | EncryptRequest
  | DecryptRequest
  | ThumbprintRequest
  | ImportJwkRequest
  | ContentEncryptRequest
  | ContentDecryptRequest;

/**
 * The operations of the protocol.
 *
 * @example
 * ```ts
 * const ops: ConformanceOp[] = ['sign', 'verify', 'encrypt', 'decrypt']
 * ```
 */
export type ConformanceOp = ConformanceRequest['op'];

interface RequestBase {
  /** Chosen by the runner, unique within a run; the reply carries it back. */
  id: string;
}

/**
 * Sign `payload`: `compact` with one signer (protected header only), or `json` with one or more.
 * A protected header may hold `b64: false` (RFC 7797): the payload is then signed as it is, and
 * a JSON output carries it as text.
 *
 * @example
 * ```ts
 * const r: SignRequest = { id: '1', op: 'sign', serialization: 'compact', payload: 'aGk', signers: [{ protected: { alg: 'HS256' }, key: jwk }] }
 * ```
 */
export interface SignRequest extends RequestBase {
  /** The operation. */
  op: 'sign';
  /** The serialization to produce. */
  serialization: 'compact' | 'json';
  /** The payload, base64url. */
  payload: Base64Url;
  /** One entry per signature. */
  signers: Array<{
    /** The protected header members. */
    protected?: JsonObject;
    /** The unprotected header members. */
    header?: JsonObject;
    /** The key, as a JWK. */
    key: JWK;
  }>;
  /** Leave the payload out of the output (RFC 7515 Appendix F): an empty compact part, no JSON `payload`. */
  detached?: boolean;
}

/**
 * Verify a compact JWS (a string) or a JSON one (an object) with `key`, accepting only `alg`.
 * `payload` is given exactly when the JWS is published without its payload (RFC 7515
 * Appendix F): it is the detached content the signature covers.
 *
 * @example
 * ```ts
 * const r: VerifyRequest = { id: '2', op: 'verify', jws: token, key: jwk, alg: 'HS256' }
 * ```
 */
export interface VerifyRequest extends RequestBase {
  /** The operation. */
  op: 'verify';
  /** A compact JWS (a string) or a JSON one (an object). */
  jws: string | JsonObject;
  /** The key, as a JWK. */
  key: JWK;
  /** The algorithm identifier (RFC 7518) asked for, the only one to accept. */
  alg: string;
  /** The detached payload. */
  payload?: Base64Url;
}

/**
 * Encrypt `plaintext`. The optional `cek`, `iv` and per-recipient `ephemeralKey`, `keyWrapIv`,
 * `p2s`, `p2c` are the fixed values a published vector was made with: an adapter that can use
 * them should (all of them), so that its output can be compared octet for octet.
 *
 * @example
 * ```ts
 * const r: EncryptRequest = { id: '3', op: 'encrypt', serialization: 'compact', plaintext: 'aGk', protected: { alg: 'A128KW', enc: 'A128GCM' }, recipients: [{ key: kek }] }
 * ```
 */
export interface EncryptRequest extends RequestBase {
  /** The operation. */
  op: 'encrypt';
  /** The serialization to produce. */
  serialization: 'compact' | 'json';
  /** The plaintext, base64url. */
  plaintext: Base64Url;
  /** The protected header members. */
  protected?: JsonObject;
  /** The shared unprotected header members. */
  unprotected?: JsonObject;
  /** Additional authenticated data (JSON serialization `aad`), base64url. */
  aad?: Base64Url;
  /** One entry per recipient. */
  recipients: Array<{
    /** The unprotected header members. */
    header?: JsonObject;
    /** The key, as a JWK. */
    key: JWK;
    /** The ECDH-ES ephemeral private key to use, as a JWK. */
    ephemeralKey?: JWK;
    /** The A*GCMKW key wrap IV to use, base64url. */
    keyWrapIv?: Base64Url;
    /** The PBES2 salt input, base64url. */
    p2s?: Base64Url;
    /** The PBES2 iteration count. */
    p2c?: number;
  }>;
  /** The content encryption key, base64url. */
  cek?: Base64Url;
  /** The initialization vector, base64url. */
  iv?: Base64Url;
}

/**
 * Decrypt a compact JWE (a string) or a JSON one (an object) with `key`, accepting only `alg` and `enc`.
 *
 * @example
 * ```ts
 * const r: DecryptRequest = { id: '4', op: 'decrypt', jwe: token, key: kek, alg: 'A128KW', enc: 'A128GCM' }
 * ```
 */
export interface DecryptRequest extends RequestBase {
  /** The operation. */
  op: 'decrypt';
  /** A compact JWE (a string) or a JSON one (an object). */
  jwe: string | JsonObject;
  /** The key, as a JWK. */
  key: JWK;
  /** The algorithm identifier (RFC 7518) asked for, the only one to accept. */
  alg: string;
  /** The content encryption algorithm (RFC 7518 s5). */
  enc: string;
}

/**
 * The RFC 7638 thumbprint of `jwk`.
 *
 * @example
 * ```ts
 * const r: ThumbprintRequest = { id: '5', op: 'thumbprint', jwk, hash: 'SHA-256' }
 * ```
 */
export interface ThumbprintRequest extends RequestBase {
  /** The operation. */
  op: 'thumbprint';
  /** The key, as a JWK. */
  jwk: JWK;
  /** The hash function, such as `SHA-256`. */
  hash: string;
}

/**
 * Import `jwk` (refusing an invalid one) and return its public JWK, or `null` for a symmetric key.
 *
 * @example
 * ```ts
 * const r: ImportJwkRequest = { id: '6', op: 'import-jwk', jwk } // reply: { id: '6', ok: true, public: {...} }
 * ```
 */
export interface ImportJwkRequest extends RequestBase {
  /** The operation. */
  op: 'import-jwk';
  /** The key, as a JWK. */
  jwk: JWK;
}

/**
 * One content encryption (RFC 7518 s5) with an explicit key, IV and AAD.
 *
 * @example
 * ```ts
 * const r: ContentEncryptRequest = { id: '7', op: 'content-encrypt', enc: 'A128CBC-HS256', key: cek, iv, aad, plaintext }
 * ```
 */
export interface ContentEncryptRequest extends RequestBase {
  /** The operation. */
  op: 'content-encrypt';
  /** The content encryption algorithm (RFC 7518 s5). */
  enc: string;
  /** The key, as a JWK. */
  key: JWK;
  /** The initialization vector, base64url. */
  iv: Base64Url;
  /** Additional authenticated data (JSON serialization `aad`), base64url. */
  aad: Base64Url;
  /** The plaintext, base64url. */
  plaintext: Base64Url;
}

/**
 * One content decryption (RFC 7518 s5) with an explicit key, IV and AAD.
 *
 * @example
 * ```ts
 * const r: ContentDecryptRequest = { id: '8', op: 'content-decrypt', enc: 'A128CBC-HS256', key: cek, iv, aad, ciphertext, tag }
 * ```
 */
export interface ContentDecryptRequest extends RequestBase {
  /** The operation. */
  op: 'content-decrypt';
  /** The content encryption algorithm (RFC 7518 s5). */
  enc: string;
  /** The key, as a JWK. */
  key: JWK;
  /** The initialization vector, base64url. */
  iv: Base64Url;
  /** Additional authenticated data (JSON serialization `aad`), base64url. */
  aad: Base64Url;
  /** The ciphertext, base64url. */
  ciphertext: Base64Url;
  /** The authentication tag, base64url. */
  tag: Base64Url;
}

/**
 * An adapter's answer. On success the op's outputs: `sign`/`encrypt` give `compact` or `json`,
 * `verify` gives `payload`, `decrypt` and `content-decrypt` give `plaintext`, `thumbprint`
 * gives `thumbprint`, `import-jwk` gives `public`, `content-encrypt` gives `ciphertext` and
 * `tag`. On failure `error` says why; `unsupported: true` marks an operation or algorithm the
 * implementation does not offer.
 *
 * @example
 * ```ts
 * const reply: ConformanceReply = { id: '5', ok: true, thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' }
 * ```
 */
export type ConformanceReply =
  | ({
      /** The request id. */
      id: string;
      /** Success. */
      ok: true;
    } & { [output: string]: unknown })
  | {
      /** The request id. */
      id: string;
      /** Failure. */
      ok: false;
      /** What went wrong. */
      error: string;
      /** Set when the implementation does not offer the operation or algorithm at all. */
      unsupported?: boolean;
    };
