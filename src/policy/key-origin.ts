import type { CryptoObject, CryptoObjects } from './crypto-objects.js';
import { PolicyProblem } from './errors.js';

/** Where one policy key comes from, once the precedence rule has been applied. @internal */
export type KeyOrigin =
  | { kind: 'crypto'; property: string; object: CryptoObject }
  | { kind: 'jwk'; property: string; variable: string };

/**
 * Applies the seed's rule for every policy that takes a key: a named crypto object wins and the
 * JWK variable is then never read. A named crypto object that does not exist is an error, never a
 * fallback to the JWK, so a typo cannot silently switch keys.
 * @internal
 */
export function keyOrigin(
  prefix: 'jws' | 'jwe',
  source: { crypto: string | undefined; jwkVar: string | undefined },
  objects: CryptoObjects,
): KeyOrigin {
  if (source.crypto !== undefined) {
    const property = `${prefix}-crypto`;
    const object = objects.get(source.crypto);
    if (object === undefined)
      throw new PolicyProblem(`${property}: crypto object "${source.crypto}" does not exist`);
    return { kind: 'crypto', property, object };
  }
  return { kind: 'jwk', property: `${prefix}-jwk`, variable: source.jwkVar as string };
}

/** A crypto object kind as words, for messages: `shared secret key`. @internal */
export function kindText(type: string): string {
  return type.replace(/-/g, ' ');
}
