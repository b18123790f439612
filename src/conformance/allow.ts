import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../algs/jwe.js';
import type { JWSAlgorithm } from '../algs/jws.js';

// Vectors and adapter requests name algorithms as runtime strings. They go to the library
// unchecked on purpose: refusing a name it does not implement is part of what is tested.

/** The one-name JWS allow-list for a vector's or a request's `alg`. */
export function jwsAllowList(alg: string): JWSAlgorithm[] {
  return [alg as JWSAlgorithm];
}

/** The one-name JWE allow-lists for a vector's or a request's `alg` and `enc`. */
export function jweAllowLists(
  alg: string,
  enc: string,
): {
  keyManagementAlgorithms: KeyManagementAlgorithm[];
  contentEncryptionAlgorithms: ContentEncryptionAlgorithm[];
} {
  return {
    keyManagementAlgorithms: [alg as KeyManagementAlgorithm],
    contentEncryptionAlgorithms: [enc as ContentEncryptionAlgorithm],
  };
}
