import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { importJWK } from '../jwk/import-jwk.js';
import type { JoseKey } from '../jwk/key.js';
import type { JWK } from '../jwk/types.js';
import type { RuntimeContext } from './context.js';
import { PolicyProblem } from './errors.js';

/** JWKs imported per distinct JWK text; a gateway uses a handful of keys, so this stays tiny. */
const CACHE_SIZE = 16;

/**
 * Reads a JWK (object or JSON text) from a runtime variable and imports it, remembering the
 * last few imports by their JSON text so a per-request policy does not re-import the same key.
 * @internal
 */
export function jwkVariableReader(property: string, variable: string): (ctx: RuntimeContext) => JoseKey {
  const cache = new Map<string, JoseKey>();
  return (ctx) => {
    const value = ctx.get(variable);
    if (value === undefined || value === null || value === '') throw new PolicyProblem(`${property}: variable "${variable}" is not set`);
    let text: string;
    if (typeof value === 'string') text = value;
    else if (isObject(value)) text = JSON.stringify(value);
    else throw new PolicyProblem(`${property}: variable "${variable}" does not hold a JWK`);
    let key = cache.get(text);
    if (key === undefined) {
      try {
        key = importJWK(typeof value === 'string' ? value : (value as JWK));
      } catch (e) {
        throw new PolicyProblem(`${property}: ${e instanceof JoseError ? e.message : 'JWK cannot be imported'}`);
      }
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(text, key);
    }
    return key;
  };
}

/** Reads a non-empty string variable, or fails naming the property and variable. @internal */
export function readString(ctx: RuntimeContext, property: string, variable: string): string {
  const v = ctx.get(variable);
  if (typeof v !== 'string' || v === '') {
    throw new PolicyProblem(`${property}: variable "${variable}" ${v === undefined ? 'is not set' : 'must hold a non-empty string'}`);
  }
  return v;
}
