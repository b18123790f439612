import { A128CBC_HS256, A192CBC_HS384, A256CBC_HS512 } from './cbc-hmac.js';
import { A128GCM, A192GCM, A256GCM } from './gcm.js';
import type { ContentEncryption } from './types.js';

// The one registry of content encryption algorithms.
const TABLE: ReadonlyMap<string, ContentEncryption> = new Map(
  [A128CBC_HS256, A192CBC_HS384, A256CBC_HS512, A128GCM, A192GCM, A256GCM].map((c) => [c.enc, c]),
);

/** The content encryption algorithm named `enc`, if implemented. */
export function contentEncryption(enc: string): ContentEncryption | undefined {
  return TABLE.get(enc);
}

/** The names of the content encryption algorithms in the table, in its order. */
export function contentEncryptionNames(): readonly string[] {
  return [...TABLE.keys()];
}
