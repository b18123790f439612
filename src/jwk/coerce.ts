import { KeyObject } from 'node:crypto';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { importJWK } from './import-jwk.js';
import { JoseKey } from './key.js';
import type { JWK } from './types.js';

/** Anything a jose-core operation accepts as a key. */
export type KeyLike = JoseKey | KeyObject | JWK;

// KeyObjects are immutable, so wrapping each one once is safe; the WeakMap lets them be collected.
const wrapped = new WeakMap<KeyObject, JoseKey>();

/** Normalises a caller's key to a {@link JoseKey}. */
export function asKey(key: unknown): JoseKey {
  if (key instanceof JoseKey) return key;
  if (key instanceof KeyObject) {
    let k = wrapped.get(key);
    if (k === undefined) wrapped.set(key, (k = new JoseKey(key)));
    return k;
  }
  if (isObject(key)) return importJWK(key as JWK);
  throw new JoseError('ERR_INVALID_ARGUMENT', 'key must be a JoseKey, a KeyObject or a JWK object');
}
