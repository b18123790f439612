import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../algs/jwe.js';
import type { JWSAlgorithm } from '../algs/jws.js';
import type { JoseAlgorithm } from '../algs/lookup.js';
import { contentEncryptionNames } from '../jwe/content/table.js';
import { keyManagement, keyManagementNames } from '../jwe/keys/table.js';
import type { KeyManagement } from '../jwe/keys/types.js';
import { signatureAlgorithmNames } from '../jws/algs/registry.js';
import { UsageError } from './args.js';

// The CLI's algorithm choices are the library's tables, so a new algorithm is offered with no
// edit here; a name outside them is a usage mistake (exit 2), not a failed operation (exit 1).
function oneOf<T extends string>(
  option: string,
  value: string,
  names: readonly T[],
  kind: string,
): T {
  if ((names as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${option} ${value} is not a ${kind} algorithm; one of: ${names.join(', ')}`,
  );
}

/** A JWS algorithm name given on the command line. */
export function jwsAlgorithm(value: string, option = '--alg'): JWSAlgorithm {
  return oneOf(option, value, signatureAlgorithmNames(), 'JWS');
}

/** A JWE key management algorithm name given on the command line. */
export function keyManagementAlgorithm(value: string): KeyManagementAlgorithm {
  return oneOf('--alg', value, keyManagementNames(), 'JWE key management');
}

/** A JWE content encryption algorithm name given on the command line. */
export function contentEncryptionAlgorithm(value: string): ContentEncryptionAlgorithm {
  return oneOf('--enc', value, contentEncryptionNames(), 'JWE content encryption');
}

/** Any algorithm a key can be generated for: JWS, key management, or content encryption (for `dir`). */
export function anyAlgorithm(value: string): JoseAlgorithm {
  const names: JoseAlgorithm[] = [
    ...signatureAlgorithmNames(),
    ...keyManagementNames(),
    ...contentEncryptionNames(),
  ];
  return oneOf('algorithm', value, names, 'JOSE');
}

/**
 * Whether the key management algorithm reads a raw secret in its own way (a password-based one
 * takes it as a password), as its table entry says; others get the secret as a key bound to them.
 */
export function readsOwnSecret(alg: string): KeyManagement['coerceKey'] {
  return keyManagement(alg)?.coerceKey;
}
