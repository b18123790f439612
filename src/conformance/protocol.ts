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
  op: 'sign';
  serialization: 'compact' | 'json';
  payload: Base64Url;
  signers: Array<{ protected?: JsonObject; header?: JsonObject; key: JWK }>;
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
  op: 'verify';
  jws: string | JsonObject;
  key: JWK;
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
  op: 'encrypt';
  serialization: 'compact' | 'json';
  plaintext: Base64Url;
  protected?: JsonObject;
  unprotected?: JsonObject;
  aad?: Base64Url;
  recipients: Array<{ header?: JsonObject; key: JWK; ephemeralKey?: JWK; keyWrapIv?: Base64Url; p2s?: Base64Url; p2c?: number }>;
  cek?: Base64Url;
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
  op: 'decrypt';
  jwe: string | JsonObject;
  key: JWK;
  alg: string;
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
  op: 'thumbprint';
  jwk: JWK;
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
  op: 'import-jwk';
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
  op: 'content-encrypt';
  enc: string;
  key: JWK;
  iv: Base64Url;
  aad: Base64Url;
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
  op: 'content-decrypt';
  enc: string;
  key: JWK;
  iv: Base64Url;
  aad: Base64Url;
  ciphertext: Base64Url;
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
  | ({ id: string; ok: true } & { [output: string]: unknown })
  | { id: string; ok: false; error: string; unsupported?: boolean };
