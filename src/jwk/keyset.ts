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

type Facts = ReturnType<typeof headerAlgorithmFacts>;

// The curves of the algorithm's row of facts (an X25519 key is OKP too, but never signs); for
// ECDH-ES, the curve of the sender's ephemeral key (RFC 7518 s4.6).
function curvesFor(facts: Facts, epk: unknown): readonly string[] | undefined {
  if (facts?.epk === true)
    return isObject(epk) && typeof epk.crv === 'string' ? [epk.crv] : undefined;
  return facts?.crv;
}

/** Options of {@link JWKSet} and {@link createLocalKeySet}. */
export interface KeySetOptions {
  /**
   * Accept a set that mixes `oct` secrets with asymmetric keys. Refused by default: a set meant
   * for public keys that also holds a secret is how a token gets verified with the wrong kind of
   * key (Wycheproof's MixedKeySet cases); keep secrets and public keys in separate sets.
   */
  allowMixed?: boolean;
}

const kidOf = (member: unknown): string | undefined =>
  isObject(member) && typeof member.kid === 'string' ? member.kid : undefined;

/**
 * A local JWK Set (RFC 7517 s5) that picks the one key fitting a token header by `kid`, key
 * type, `alg`, curve (Ed25519 or Ed448 for EdDSA; for ECDH-ES, the curve of the header's `epk`)
 * and `use`. Members that cannot be imported (unknown `kty`, missing members, a refused key) are
 * skipped, as RFC 7517 s5 advises, but their `kid` still counts: a token naming it is
 * ambiguous when an imported key with that `kid` fits too, never silently that other key
 * (Wycheproof's DuplicateKid cases). A set mixing `oct` secrets with asymmetric keys is refused
 * unless `options.allowMixed` is true.
 */
export class JWKSet {
  /** The keys that were imported. */
  readonly keys: readonly JoseKey[];
  /** The `kid`s of members that could not be imported. */
  readonly #skippedKids: ReadonlySet<string>;

  /**
   * @param jwks - a JWK Set object `{ keys: [...] }`
   * @param options - `allowMixed`
   * @throws {JoseError} `ERR_JWK_INVALID` when `jwks` is not a JWK Set; `ERR_INVALID_ARGUMENT` for
   *   a set mixing `oct` secrets with asymmetric keys without `allowMixed`, or bad options
   */
  constructor(jwks: JWKSetObject, options?: KeySetOptions) {
    if (!isObject(jwks) || !Array.isArray(jwks.keys))
      throw new JoseError('ERR_JWK_INVALID', 'JWK Set must be an object with a "keys" array');
    const allowMixed = isObject(options) ? options.allowMixed : undefined;
    const badAllowMixed = allowMixed !== undefined && typeof allowMixed !== 'boolean';
    if (options !== undefined && (!isObject(options) || badAllowMixed)) {
      throw new JoseError('ERR_INVALID_ARGUMENT', 'options.allowMixed must be a boolean');
    }
    const keys: JoseKey[] = [];
    const skippedKids = new Set<string>();
    for (const jwk of jwks.keys) {
      try {
        keys.push(importJWK(jwk));
      } catch (e) {
        if (!(e instanceof JoseError)) throw e;
        const kid = kidOf(jwk);
        if (kid !== undefined) skippedKids.add(kid);
      }
    }
    // Judged on the keys that can be used: a member that cannot be imported mixes nothing in.
    if (
      allowMixed !== true &&
      keys.some((k) => k.kty === 'oct') &&
      keys.some((k) => k.kty !== 'oct')
    ) {
      const message =
        'the JWK Set mixes "oct" secrets with asymmetric keys; pass { allowMixed: true }';
      throw new JoseError('ERR_INVALID_ARGUMENT', message);
    }
    this.keys = Object.freeze(keys);
    this.#skippedKids = skippedKids;
  }

  /**
   * The single key fitting `header`.
   * @throws {JoseError} `ERR_KEY_NOT_FOUND` when none fits, `ERR_KEY_AMBIGUOUS` when several do,
   *   `ERR_INVALID_ARGUMENT` when `header` is not an object
   */
  select(header: KeySelector): JoseKey {
    if (!isObject(header)) throw new JoseError('ERR_INVALID_ARGUMENT', 'header must be an object');
    const alg = header.alg;
    if (typeof alg !== 'string')
      throw new JoseError('ERR_KEY_NOT_FOUND', 'header has no "alg" to select a key by');
    const kid = header.kid;
    // The row of facts of the token's algorithm says which keys can serve it: key types, `use`,
    // curves (none for a name no table holds, so nothing is selected).
    const facts = headerAlgorithmFacts(alg);
    const use = facts?.use;
    const types: readonly string[] = facts?.kty ?? [];
    const curves = curvesFor(facts, header.epk);
    const matches = this.keys.filter(
      (k) =>
        (kid === undefined || k.kid === kid) &&
        types.includes(k.kty) &&
        (k.alg === undefined ||
          k.alg === alg ||
          (facts?.contentKey === true && k.alg === header.enc)) &&
        (k.use === undefined || k.use === use) &&
        (curves === undefined || (k.crv !== undefined && curves.includes(k.crv))),
    );
    if (matches.length === 0)
      throw new JoseError('ERR_KEY_NOT_FOUND', 'no key in the set fits the token header');
    if (matches.length > 1 || (typeof kid === 'string' && this.#skippedKids.has(kid))) {
      const message = 'several keys in the set fit the token header; give them distinct "kid"s';
      throw new JoseError('ERR_KEY_AMBIGUOUS', message);
    }
    return matches[0] as JoseKey;
  }
}

/**
 * A key resolver over a local JWK Set, to pass wherever a verify or decrypt function takes a
 * key or resolver. The set is refused when it mixes `oct` secrets with asymmetric keys, unless
 * `options.allowMixed` is true; see {@link JWKSet} for how a key is picked.
 *
 * @param jwks - a JWK Set object `{ keys: [...] }`
 * @param options - `allowMixed`
 * @throws {JoseError} as the {@link JWKSet} constructor
 *
 * @example
 * ```ts
 * const { payload } = verifyCompact(token, createLocalKeySet(jwks), { algorithms: ['RS256'] })
 * ```
 */
export function createLocalKeySet(
  jwks: JWKSetObject,
  options?: KeySetOptions,
): (header: KeySelector) => JoseKey {
  const set = new JWKSet(jwks, options);
  return (header) => set.select(header);
}
