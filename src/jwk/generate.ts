import { generateKeyPairSync, generateKeySync, type KeyObject } from 'node:crypto';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
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

type Generator = (options: GenerateKeyOptions) => KeyObject;

const secret = (bits: number): Generator => () => generateKeySync('hmac', { length: bits });
const rsa: Generator = (o) => {
  const modulusLength = o.modulusLength ?? 2048;
  if (!Number.isSafeInteger(modulusLength) || modulusLength < 2048 || modulusLength > 16384 || modulusLength % 8 !== 0) {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'modulusLength must be a multiple of 8 from 2048 to 16384');
  }
  return generateKeyPairSync('rsa', { modulusLength }).privateKey;
};
const ec = (namedCurve: string): Generator => () => generateKeyPairSync('ec', { namedCurve }).privateKey;
const ed25519: Generator = () => generateKeyPairSync('ed25519').privateKey;
const ed448: Generator = () => generateKeyPairSync('ed448').privateKey;
const x25519: Generator = () => generateKeyPairSync('x25519').privateKey;
const x448: Generator = () => generateKeyPairSync('x448').privateKey;

// The curve of `options.crv` from `curves` (its first entry by default); an unknown one is refused.
const byCurve = (curves: Record<string, Generator>): Generator => (o) => {
  const crv = o.crv ?? Object.keys(curves)[0];
  const gen = typeof crv === 'string' && Object.hasOwn(curves, crv) ? curves[crv] : undefined;
  if (gen === undefined) throw new JoseError('ERR_INVALID_ARGUMENT', `crv must be one of ${Object.keys(curves).join(', ')}`);
  return gen(o);
};
const eddsa = byCurve({ Ed25519: ed25519, Ed448: ed448 });
// P-256 first: the curve every ECDH-ES peer supports.
const ecdh = byCurve({ 'P-256': ec('prime256v1'), 'P-384': ec('secp384r1'), 'P-521': ec('secp521r1'), X25519: x25519, X448: x448 });
const TAKES_CRV: ReadonlySet<Generator> = new Set([eddsa, ecdh]);

// Key shapes by algorithm: the key a caller needs to use that algorithm and nothing weaker.
const GENERATORS: Record<string, Generator> = {
  HS256: secret(256),
  HS384: secret(384),
  HS512: secret(512),
  RS256: rsa,
  RS384: rsa,
  RS512: rsa,
  PS256: rsa,
  PS384: rsa,
  PS512: rsa,
  ES256: ec('prime256v1'),
  ES384: ec('secp384r1'),
  ES512: ec('secp521r1'),
  ES256K: ec('secp256k1'),
  EdDSA: eddsa,
  RSA1_5: rsa,
  'RSA-OAEP': rsa,
  'RSA-OAEP-256': rsa,
  'RSA-OAEP-384': rsa,
  'RSA-OAEP-512': rsa,
  A128KW: secret(128),
  A192KW: secret(192),
  A256KW: secret(256),
  A128GCMKW: secret(128),
  A192GCMKW: secret(192),
  A256GCMKW: secret(256),
  'ECDH-ES': ecdh,
  'ECDH-ES+A128KW': ecdh,
  'ECDH-ES+A192KW': ecdh,
  'ECDH-ES+A256KW': ecdh,
  // A content-encryption algorithm names the key for `dir`.
  'A128CBC-HS256': secret(256),
  'A192CBC-HS384': secret(384),
  'A256CBC-HS512': secret(512),
  A128GCM: secret(128),
  A192GCM: secret(192),
  A256GCM: secret(256),
};

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
export function generateKey(alg: string, options: GenerateKeyOptions = {}): JoseKey {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  if (options.kid !== undefined && typeof options.kid !== 'string') throw new JoseError('ERR_INVALID_ARGUMENT', 'kid must be a string');
  // Only a string is looked up or printed: converting another value may run its own toString.
  const gen = typeof alg === 'string' && Object.hasOwn(GENERATORS, alg) ? GENERATORS[alg] : undefined;
  if (gen === undefined) throw new JoseError('ERR_NOT_SUPPORTED', `cannot generate a key for algorithm ${typeof alg === 'string' ? alg : `of type ${typeof alg}`}`);
  if (options.crv !== undefined && !TAKES_CRV.has(gen)) throw new JoseError('ERR_INVALID_ARGUMENT', `${alg} keys have one curve or none: leave out crv`);
  const binding = options.kid === undefined ? { alg } : { alg, kid: options.kid };
  return new JoseKey(gen(options), binding);
}
