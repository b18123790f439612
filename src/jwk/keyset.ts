import { headerAlgorithmFacts } from '../algs/lookup.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { importJWK } from './import-jwk.js';
import type { JoseKey } from './key.js';
import type { JWKSetObject } from './types.js';

/** The header members a key set looks at to pick a key. */
export interface KeySelector {
  /** The token's algorithm; required (a string) to select a key: it sets the key types, curves and `alg` that fit. */
  alg?: unknown;
  /** A JWE's content encryption; its presence asks for an encryption key (`use` `enc`) and, with `alg` `dir`, a key whose `alg` names it. */
  enc?: unknown;
  /** When present, only keys with this exact `kid` fit. */
  kid?: unknown;
  [member: string]: unknown;
}

/** The key types an algorithm can use, from its row of facts (none for a name no table holds). */
function keyTypesFor(alg: string): readonly string[] {
  return headerAlgorithmFacts(alg)?.kty ?? [];
}

// The curves of the algorithm's row of facts (an X25519 key is OKP too, but never signs); for
// ECDH-ES, the curve of the sender's ephemeral key (RFC 7518 s4.6).
function curvesFor(alg: string, epk: unknown): readonly string[] | undefined {
  const facts = headerAlgorithmFacts(alg);
  if (facts?.epk === true) return isObject(epk) && typeof epk.crv === 'string' ? [epk.crv] : undefined;
  return facts?.crv;
}

/**
 * A local JWK Set (RFC 7517 s5) that picks the one key fitting a token header by `kid`, key
 * type, `alg`, curve (Ed25519 or Ed448 for EdDSA; for ECDH-ES, the curve of the header's `epk`)
 * and `use`. Members that cannot be imported (unknown `kty`, missing members) are skipped, as
 * RFC 7517 s5 advises.
 */
export class JWKSet {
  /** The keys that were imported. */
  readonly keys: readonly JoseKey[];

  /**
   * @param jwks - a JWK Set object `{ keys: [...] }`
   * @throws {JoseError} `ERR_JWK_INVALID` when `jwks` is not a JWK Set
   */
  constructor(jwks: JWKSetObject) {
    if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw new JoseError('ERR_JWK_INVALID', 'JWK Set must be an object with a "keys" array');
    const keys: JoseKey[] = [];
    for (const jwk of jwks.keys) {
      try {
        keys.push(importJWK(jwk));
      } catch (e) {
        if (!(e instanceof JoseError)) throw e;
      }
    }
    this.keys = Object.freeze(keys);
  }

  /**
   * The single key fitting `header`.
   * @throws {JoseError} `ERR_KEY_NOT_FOUND` when none fits, `ERR_KEY_AMBIGUOUS` when several do,
   *   `ERR_INVALID_ARGUMENT` when `header` is not an object
   */
  select(header: KeySelector): JoseKey {
    if (!isObject(header)) throw new JoseError('ERR_INVALID_ARGUMENT', 'header must be an object');
    const alg = header.alg;
    if (typeof alg !== 'string') throw new JoseError('ERR_KEY_NOT_FOUND', 'header has no "alg" to select a key by');
    const kid = header.kid;
    const use = header.enc !== undefined ? 'enc' : 'sig';
    const types = keyTypesFor(alg);
    const curves = curvesFor(alg, header.epk);
    const matches = this.keys.filter(
      (k) =>
        (kid === undefined || k.kid === kid) &&
        types.includes(k.kty) &&
        (k.alg === undefined || k.alg === alg || (alg === 'dir' && k.alg === header.enc)) &&
        (k.use === undefined || k.use === use) &&
        (curves === undefined || (k.crv !== undefined && curves.includes(k.crv))),
    );
    if (matches.length === 0) throw new JoseError('ERR_KEY_NOT_FOUND', 'no key in the set fits the token header');
    if (matches.length > 1) throw new JoseError('ERR_KEY_AMBIGUOUS', 'several keys in the set fit the token header; give them distinct "kid"s');
    return matches[0] as JoseKey;
  }
}

/**
 * A key resolver over a local JWK Set, to pass wherever a verify or decrypt function takes a
 * key or resolver.
 *
 * @example
 * ```ts
 * const { payload } = verifyCompact(token, createLocalKeySet(jwks), { algorithms: ['RS256'] })
 * ```
 */
export function createLocalKeySet(jwks: JWKSetObject): (header: KeySelector) => JoseKey {
  const set = new JWKSet(jwks);
  return (header) => set.select(header);
}
