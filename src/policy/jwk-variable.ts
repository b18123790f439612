import * as nodeCrypto from 'node:crypto';
import { importJWK } from '../jwk/import-jwk.js';
import type { JoseKey } from '../jwk/key.js';
import { JWKSet } from '../jwk/keyset.js';
import type { JWK, JWKSetObject } from '../jwk/types.js';
import { BoundedCache } from '../util/cache.js';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import type { RuntimeContext } from './context.js';
import { PolicyProblem } from './errors.js';

/** JWKs imported per distinct JWK text, per reader; a gateway uses a handful of keys, so this stays tiny. */
const CACHE_SIZE = 16;

// The text of a secret or private JWK is key material, so the cache holds (and compares) only
// its SHA-256 digest. crypto.hash (Node 20.12 and later; a namespace import, as older versions
// lack it) is cheaper than createHash, and either far cheaper than an import (figures:
// bench/README.md, "Figures behind code choices").
const digest: (text: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'binary')
    : (text) => nodeCrypto.createHash('sha256').update(text).digest('binary');

function jsonText(value: object, property: string, what: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw new PolicyProblem(`${property}: ${what} cannot be imported`, 'ERR_POLICY_VARIABLE');
  }
}

/**
 * Reads a variable holding a JWK object or its JSON text and turns it into `T` with `make`,
 * remembering the last few results by a digest of their JSON text so a per-request policy does
 * not re-import the same key.
 */
function cachedReader<T>(
  property: string,
  variable: string,
  what: string,
  make: (value: object | string) => T,
): (ctx: RuntimeContext) => T {
  const cache = new BoundedCache<string, T>(CACHE_SIZE);
  return (ctx) => {
    const value = ctx.get(variable);
    if (value === undefined || value === null || value === '')
      throw new PolicyProblem(
        `${property}: variable "${variable}" is not set`,
        'ERR_POLICY_VARIABLE',
      );
    if (typeof value !== 'string' && !isObject(value))
      throw new PolicyProblem(
        `${property}: variable "${variable}" does not hold ${what}`,
        'ERR_POLICY_VARIABLE',
      );
    const id = digest(typeof value === 'string' ? value : jsonText(value, property, what));
    let made = cache.get(id);
    if (made === undefined) {
      try {
        made = make(value);
      } catch (e) {
        if (e instanceof PolicyProblem) throw e;
        if (e instanceof JoseError) throw new PolicyProblem(`${property}: ${e.message}`, e.code);
        throw new PolicyProblem(`${property}: ${what} cannot be imported`, 'ERR_JWK_INVALID');
      }
      cache.set(id, made);
    }
    return made;
  };
}

function jsonObject(value: object | string): object {
  return typeof value === 'string' ? parseJsonObject(value, 'ERR_JWK_INVALID', 'JWK') : value;
}

/**
 * Reads a JWK (object or JSON text) from a runtime variable and imports it, cached. A JWK Set is
 * refused as such: the policy signs or encrypts with one key, and picking one from a set would be
 * a guess.
 * @internal
 */
export function jwkVariableReader(
  property: string,
  variable: string,
): (ctx: RuntimeContext) => JoseKey {
  return cachedReader(property, variable, 'a JWK', (value) => {
    const obj = jsonObject(value);
    if (isObject(obj) && Object.hasOwn(obj, 'keys')) {
      throw new PolicyProblem(
        `${property}: variable "${variable}" holds a JWK Set, which is not accepted here; give one JWK`,
        'ERR_JWK_INVALID',
      );
    }
    return importJWK(obj as JWK);
  });
}

/**
 * Reads a JWK or a JWK Set (object or JSON text) from a runtime variable, cached. A set must
 * hold at least one key this library can import; its other members are skipped (RFC 7517 s5).
 * @internal
 */
export function jwkOrSetVariableReader(
  property: string,
  variable: string,
): (ctx: RuntimeContext) => JoseKey | JWKSet {
  return cachedReader(property, variable, 'a JWK or JWK Set', (value) => {
    const obj = jsonObject(value);
    if (!isObject(obj) || !Object.hasOwn(obj, 'keys')) return importJWK(obj as JWK);
    const set = new JWKSet(obj as unknown as JWKSetObject);
    if (set.keys.length === 0)
      throw new PolicyProblem(
        `${property}: the JWK Set in "${variable}" holds no key that can be used`,
        'ERR_KEY_NOT_FOUND',
      );
    return set;
  });
}

/** Reads a non-empty string variable, or fails naming the property and variable. @internal */
export function readString(ctx: RuntimeContext, property: string, variable: string): string {
  const v = ctx.get(variable);
  if (typeof v !== 'string' || v === '') {
    throw new PolicyProblem(
      `${property}: variable "${variable}" ${v === undefined ? 'is not set' : 'must hold a non-empty string'}`,
      'ERR_POLICY_VARIABLE',
    );
  }
  return v;
}
