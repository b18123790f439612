import { generateKeyPairSync, generateKeySync, type KeyObject } from 'node:crypto';
import { type CurveName, generateOnCurve } from '../algs/curves.js';
import { algorithmFacts, type GenerateKeyAlgorithm } from '../algs/lookup.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { MAX_RSA_BITS, MIN_RSA_BITS } from './fit.js';
import { JoseKey } from './key.js';

/** Options of {@link generateKey}. */
export interface GenerateKeyOptions {
  /** RSA modulus length in bits (default 2048, at least 2048). */
  modulusLength?: number;
  /** Key ID to attach. */
  kid?: string;
  /**
   * The curve, for the algorithms that work on several: `Ed25519` (default) or `Ed448` for
   * EdDSA; `P-256` (default), `P-384`, `P-521`, `X25519` or `X448` for ECDH-ES*.
   */
  crv?: string;
}

const argument = (message: string): JoseError => new JoseError('ERR_INVALID_ARGUMENT', message);
const oneShape = (alg: string): JoseError =>
  argument(`${alg} keys have one curve or none: leave out crv`);

const secret = (bytes: number): KeyObject => generateKeySync('hmac', { length: bytes * 8 });
const rsa = (o: GenerateKeyOptions): KeyObject => {
  const bits = o.modulusLength ?? 2048;
  if (!Number.isSafeInteger(bits) || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS || bits % 8 !== 0) {
    throw argument(`modulusLength must be a multiple of 8 from ${MIN_RSA_BITS} to ${MAX_RSA_BITS}`);
  }
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
};

// The curve of `crv` among the algorithm's curves (its first by default); any other is refused.
function onCurve(alg: string, curves: readonly CurveName[], crv: unknown): KeyObject {
  if (crv !== undefined && curves.length === 1) throw oneShape(alg);
  const found = curves.find((c) => c === (crv ?? curves[0]));
  if (found === undefined) throw argument(`crv must be one of ${curves.join(', ')}`);
  return generateOnCurve(found);
}

// The key a caller needs to use the algorithm and nothing weaker, as its row of facts describes
// it: a secret of its size, an RSA key pair, or a key pair on one of its curves. A content
// encryption algorithm names the key for `dir`; PBES2's password and `dir` itself are not
// generated.
function generate(alg: string, options: GenerateKeyOptions): KeyObject {
  // Only a string is looked up or printed: converting another value may run its own toString.
  const facts = typeof alg === 'string' ? algorithmFacts(alg) : undefined;
  if (facts === undefined || facts.password === true || facts.contentKey === true) {
    const name = typeof alg === 'string' ? alg : `of type ${typeof alg}`;
    throw new JoseError('ERR_NOT_SUPPORTED', `cannot generate a key for algorithm ${name}`);
  }
  if (facts.crv !== undefined) return onCurve(alg, facts.crv, options.crv);
  if (options.crv !== undefined) throw oneShape(alg);
  return facts.kty[0] === 'RSA' ? rsa(options) : secret(facts.bytes ?? 0);
}

/**
 * Generates a fresh key for `alg`, bound to it: a secret of the hash or key size for HS* and
 * AES algorithms (A*KW, A*GCMKW; for `dir`, pass the `enc` name), an RSA key pair (private half
 * returned) for RS*, PS* and RSA key management, an EC key pair on the matching curve for ES*
 * (secp256k1 for ES256K), an Ed25519 key pair for EdDSA (`crv: 'Ed448'` for Ed448), and a P-256
 * key pair for ECDH-ES* (`crv` picks P-384, P-521, X25519 or X448). PBES2 takes a password,
 * which is not generated. Use {@link JoseKey.toPublic} for the public half.
 *
 * @throws {JoseError} `ERR_NOT_SUPPORTED` for an unknown algorithm, `ERR_INVALID_ARGUMENT` for
 *   malformed options (a non-string `kid`, a `modulusLength` out of range, a `crv` the algorithm
 *   does not work on, or any `crv` for an algorithm with one fixed key shape)
 * @example
 * ```ts
 * const key = generateKey('ES256')
 * const publicJwk = exportJWK(key.toPublic())
 * const ed448 = generateKey('EdDSA', { crv: 'Ed448' })
 * ```
 */
export function generateKey(alg: GenerateKeyAlgorithm, options: GenerateKeyOptions = {}): JoseKey {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  if (options.kid !== undefined && typeof options.kid !== 'string')
    throw new JoseError('ERR_INVALID_ARGUMENT', 'kid must be a string');
  const keyObject = generate(alg, options);
  const binding = options.kid === undefined ? { alg } : { alg, kid: options.kid };
  return new JoseKey(keyObject, binding);
}
