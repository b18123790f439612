import { asKey } from '../../jwk/coerce.js';
import type { JoseKey } from '../../jwk/key.js';
import { JoseError } from '../../util/errors.js';
import type { KeyManagement } from './types.js';

/**
 * A caller's key for `km`. Strings and bytes are passwords, which only an algorithm with its
 * own key reading (PBES2) accepts; a password must never become an AES or HMAC key by accident.
 */
export function keyFor(km: KeyManagement, key: unknown): JoseKey {
  if (km.coerceKey !== undefined) return km.coerceKey(key);
  if (typeof key === 'string' || key instanceof Uint8Array) {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      `${km.alg} needs a JoseKey, a KeyObject or a JWK object; a string or bytes is a password, for PBES2 only`,
    );
  }
  return asKey(key);
}
