// The normalised vector types, one module per group (the public names stay here for importers):
// vector-base.ts (what every vector has), vector-jose.ts (JWS, JWE, nested JWT), vector-keys.ts.
import type { JweVector, JwsVector, NestedJwtVector } from './vector-jose.js';
import type {
  ContentEncryptionVector,
  JwkVector,
  KeyAgreementVector,
  KeyWrapVector,
  ThumbprintVector,
  UnrecognisedVector,
} from './vector-keys.js';

export type * from './vector-base.js';
export type * from './vector-jose.js';
export type * from './vector-keys.js';

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
