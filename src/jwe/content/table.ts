import { CONTENT_ENCRYPTION_ALGORITHMS, type ContentEncryptionAlgorithm } from '../../algs/jwe.js';
import { A128CBC_HS256, A192CBC_HS384, A256CBC_HS512 } from './cbc-hmac.js';
import { A128GCM, A192GCM, A256GCM } from './gcm.js';
import type { ContentEncryption } from './types.js';

// The operations of every row of the content encryption facts (`src/algs/jwe.ts`): keyed by its
// names, so the compiler refuses a row without an operation.
const OPERATIONS: { readonly [E in ContentEncryptionAlgorithm]: ContentEncryption } = {
  'A128CBC-HS256': A128CBC_HS256,
  'A192CBC-HS384': A192CBC_HS384,
  'A256CBC-HS512': A256CBC_HS512,
  A128GCM,
  A192GCM,
  A256GCM,
};
const TABLE: ReadonlyMap<string, ContentEncryption> = new Map(
  Object.values(OPERATIONS).map((c) => [c.enc, c]),
);

/** The content encryption algorithm named `enc`, if implemented. */
export function contentEncryption(enc: string): ContentEncryption | undefined {
  return TABLE.get(enc);
}

/** The names of the content encryption algorithms in the table, in its order. */
export function contentEncryptionNames(): readonly ContentEncryptionAlgorithm[] {
  return CONTENT_ENCRYPTION_ALGORITHMS;
}
