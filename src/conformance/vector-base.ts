// The parts every normalised vector shares; each kind's shape is in vector-jose.ts or vector-keys.ts.
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
export type VectorKind =
  | 'jws'
  | 'jwe'
  | 'nested-jwt'
  | 'jwk'
  | 'thumbprint'
  | 'key-wrap'
  | 'content-encryption'
  | 'key-agreement'
  | 'unrecognised';

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
