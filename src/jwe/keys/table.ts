import { A128KW, A192KW, A256KW } from './aes-kw.js';
import { dir } from './dir.js';
import { RSA_OAEP, RSA_OAEP_256 } from './rsa-oaep.js';
import { RSA1_5 } from './rsa1_5.js';
import type { KeyManagement } from './types.js';

// The one registry of key management algorithms.
const TABLE: ReadonlyMap<string, KeyManagement> = new Map(
  [RSA1_5, RSA_OAEP, RSA_OAEP_256, dir, A128KW, A192KW, A256KW].map((k) => [k.alg, k]),
);

/** The key management algorithm named `alg`, if implemented. */
export function keyManagement(alg: string): KeyManagement | undefined {
  return TABLE.get(alg);
}
