import { KEY_MANAGEMENT_ALGORITHMS, type KeyManagementAlgorithm } from '../../algs/jwe.js';
import { A128KW, A192KW, A256KW } from './aes-kw.js';
import { dir } from './dir.js';
import { ECDH_ES, ECDH_ES_A128KW, ECDH_ES_A192KW, ECDH_ES_A256KW } from './ecdh-es.js';
import { A128GCMKW, A192GCMKW, A256GCMKW } from './gcm-kw.js';
import { PBES2_HS256_A128KW, PBES2_HS384_A192KW, PBES2_HS512_A256KW } from './pbes2.js';
import { RSA_OAEP, RSA_OAEP_256, RSA_OAEP_384, RSA_OAEP_512 } from './rsa-oaep.js';
import { RSA1_5 } from './rsa1_5.js';
import type { KeyManagement } from './types.js';

// The operations of every row of the key management facts (`src/algs/jwe.ts`): keyed by its
// names, so the compiler refuses a row without an operation.
const OPERATIONS: { readonly [A in KeyManagementAlgorithm]: KeyManagement } = {
  RSA1_5,
  'RSA-OAEP': RSA_OAEP,
  'RSA-OAEP-256': RSA_OAEP_256,
  'RSA-OAEP-384': RSA_OAEP_384,
  'RSA-OAEP-512': RSA_OAEP_512,
  dir,
  A128KW,
  A192KW,
  A256KW,
  A128GCMKW,
  A192GCMKW,
  A256GCMKW,
  'ECDH-ES': ECDH_ES,
  'ECDH-ES+A128KW': ECDH_ES_A128KW,
  'ECDH-ES+A192KW': ECDH_ES_A192KW,
  'ECDH-ES+A256KW': ECDH_ES_A256KW,
  'PBES2-HS256+A128KW': PBES2_HS256_A128KW,
  'PBES2-HS384+A192KW': PBES2_HS384_A192KW,
  'PBES2-HS512+A256KW': PBES2_HS512_A256KW,
};
const TABLE: ReadonlyMap<string, KeyManagement> = new Map(
  Object.values(OPERATIONS).map((k) => [k.alg, k]),
);

/** The key management algorithm named `alg`, if implemented. */
export function keyManagement(alg: string): KeyManagement | undefined {
  return TABLE.get(alg);
}

/** The names of the key management algorithms in the table, in its order. */
export function keyManagementNames(): readonly KeyManagementAlgorithm[] {
  return KEY_MANAGEMENT_ALGORITHMS;
}
