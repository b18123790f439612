import { algorithmFacts } from '../algs/lookup.js';
import { JoseError } from '../util/errors.js';
import type { JoseKey } from './key.js';
import type { KeyOp } from './types.js';

/** RSA keys below this are refused for every algorithm (RFC 7518 s3.3, s4.2). */
export const MIN_RSA_BITS = 2048;
/** RSA keys above this are refused: their cost per operation is an attacker's lever. */
export const MAX_RSA_BITS = 16384;

function unsuitable(message: string): JoseError {
  return new JoseError('ERR_KEY_UNSUITABLE', message);
}

/**
 * Checks the key's binding: its `alg` (if bound) must be `alg` or one of `alsoAlg`, its `use`
 * must be the one `alg`'s row of facts states, and its `key_ops` (if bound) must include one of
 * `ops` (which the same row states per operation).
 */
export function checkBinding(
  key: JoseKey,
  alg: string,
  ops: readonly KeyOp[],
  alsoAlg?: string,
): void {
  if (key.alg !== undefined && key.alg !== alg && key.alg !== alsoAlg) {
    throw unsuitable(`key is bound to algorithm ${key.alg}, not ${alg}`);
  }
  if (key.use !== undefined && key.use !== algorithmFacts(alg)?.use) {
    throw unsuitable(`key use "${key.use}" does not permit this operation`);
  }
  if (key.keyOps !== undefined && !ops.some((op) => key.keyOps?.includes(op))) {
    throw unsuitable(`key_ops does not include ${ops.join(' or ')}`);
  }
}

/** A secret key of at least `minBytes` (and, when `exactBytes`, exactly that). */
export function requireSecret(
  key: JoseKey,
  alg: string,
  minBytes: number,
  exactBytes = false,
): void {
  if (key.type !== 'secret')
    throw unsuitable(`${alg} needs a symmetric key, not an asymmetric one`);
  const bytes = key.bits / 8;
  if (exactBytes ? bytes !== minBytes : bytes < minBytes) {
    throw unsuitable(
      `${alg} needs a key of ${exactBytes ? 'exactly' : 'at least'} ${minBytes * 8} bits`,
    );
  }
}

/** An RSA key of an accepted size; a private one when `needPrivate`. */
export function requireRsa(key: JoseKey, alg: string, needPrivate: boolean): void {
  if (key.kty !== 'RSA') throw unsuitable(`${alg} needs an RSA key`);
  if (needPrivate && key.type !== 'private') throw unsuitable(`${alg} needs a private key here`);
  if (key.bits < MIN_RSA_BITS)
    throw unsuitable(`${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits`);
  if (key.bits > MAX_RSA_BITS) throw unsuitable(`RSA keys above ${MAX_RSA_BITS} bits are refused`);
}

/** An EC key on curve `crv`; a private one when `needPrivate`. */
export function requireEc(key: JoseKey, alg: string, crv: string, needPrivate: boolean): void {
  if (key.kty !== 'EC') throw unsuitable(`${alg} needs an EC key`);
  if (key.crv !== crv) throw unsuitable(`${alg} needs a key on curve ${crv}`);
  if (needPrivate && key.type !== 'private') throw unsuitable(`${alg} needs a private key here`);
}

/** An OKP key on curve `crv`; a private one when `needPrivate`. */
export function requireOkp(key: JoseKey, alg: string, crv: string, needPrivate: boolean): void {
  if (key.kty !== 'OKP' || key.crv !== crv) throw unsuitable(`${alg} needs an ${crv} key`);
  if (needPrivate && key.type !== 'private') throw unsuitable(`${alg} needs a private key here`);
}
