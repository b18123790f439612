import { KeyObject } from 'node:crypto';
import { isThenable, promiseForKey } from '../util/async-resolver.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { importJWK } from './import-jwk.js';
import { JoseKey } from './key.js';
import type { JWK } from './types.js';

/** Anything a jose-core operation accepts as a key. */
export type KeyLike = JoseKey | KeyObject | JWK;

// KeyObjects are immutable, so wrapping each one once is safe; the WeakMap lets them be collected.
const wrapped = new WeakMap<KeyObject, JoseKey>();

/** A JWK object's own members as they were when it was imported. */
interface Snapshot {
  readonly names: readonly string[];
  /** Each member's value; an array member as a copy of its elements. */
  readonly values: readonly unknown[];
}

/**
 * Public JWK objects already imported (an import with its EC point check is costly, see
 * docs/decisions/0002-header-caches-and-memo-sites.md), by
 * the object's identity, so a caller passing the same JWK with every token imports it once.
 * An object may be changed between calls, so its members are compared with the snapshot it was
 * imported from before the key is reused. Entries live exactly as long as the caller's objects:
 * the map holds no more keys than the caller does, and nothing in it is keyed by key material.
 * Private and secret JWKs are imported on every call; callers import those once with importJWK.
 */
const importedJwks = new WeakMap<object, { snapshot: Snapshot; key: JoseKey }>();

const isPlain = (o: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

/**
 * The members of a JWK that is plain data (a plain object whose own members are enumerable
 * values: strings, numbers, booleans, null, or arrays of strings), so that importing a copy of
 * them is the same as importing the object; undefined for anything else.
 */
function snapshotOf(
  jwk: object,
): { snapshot: Snapshot; copy: { [name: string]: unknown } } | undefined {
  if (!isPlain(jwk)) return undefined;
  const names = Object.getOwnPropertyNames(jwk);
  const values: unknown[] = [];
  const copy: { [name: string]: unknown } = {};
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(jwk, name);
    if (d === undefined || !d.enumerable || !('value' in d)) return undefined;
    let v: unknown = d.value;
    if (Array.isArray(v)) {
      if (!v.every((e) => typeof e === 'string')) return undefined;
      v = Object.freeze([...(v as string[])]);
    } else if (
      v !== null &&
      typeof v !== 'string' &&
      typeof v !== 'number' &&
      typeof v !== 'boolean'
    ) {
      return undefined;
    }
    values.push(v);
    // defineProperty: a "__proto__" member stays a member of the copy.
    Object.defineProperty(copy, name, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { snapshot: { names, values }, copy };
}

function unchanged(jwk: object, s: Snapshot): boolean {
  if (!isPlain(jwk)) return false;
  const names = Object.getOwnPropertyNames(jwk);
  if (names.length !== s.names.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name !== s.names[i]) return false;
    const now = (jwk as { [name: string]: unknown })[name];
    const then = s.values[i];
    if (now === then) continue;
    if (!Array.isArray(now) || !Array.isArray(then) || now.length !== then.length) return false;
    for (let j = 0; j < now.length; j++) if (now[j] !== then[j]) return false;
  }
  return true;
}

function fromJwk(jwk: object): JoseKey {
  const known = importedJwks.get(jwk);
  if (known !== undefined && unchanged(jwk, known.snapshot)) return known.key;
  const taken = snapshotOf(jwk);
  if (taken === undefined) return importJWK(jwk as JWK);
  const key = importJWK(taken.copy as JWK);
  if (key.type === 'public') importedJwks.set(jwk, { snapshot: taken.snapshot, key });
  return key;
}

/**
 * Normalises a caller's key to a {@link JoseKey}. A public JWK object is imported once and
 * reused for as long as its members stay the same.
 */
export function asKey(key: unknown): JoseKey {
  if (key instanceof JoseKey) return key;
  if (key instanceof KeyObject) {
    let k = wrapped.get(key);
    if (k === undefined) wrapped.set(key, (k = new JoseKey(key)));
    return k;
  }
  if (isThenable(key)) throw promiseForKey(key);
  if (isObject(key)) return fromJwk(key);
  throw new JoseError('ERR_INVALID_ARGUMENT', 'key must be a JoseKey, a KeyObject or a JWK object');
}
