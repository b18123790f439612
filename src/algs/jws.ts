import type { CurveName } from './curves.js';
import type { SignatureFacts } from './types.js';

const KEY_OPS = Object.freeze({
  sign: Object.freeze(['sign'] as const),
  verify: Object.freeze(['verify'] as const),
});

const sig = (deterministic: boolean) =>
  ({ family: 'jws', use: 'sig', keyOps: KEY_OPS, deterministic, optIn: false }) as const;
// RFC 7518 s3.2: an HMAC key at least as long as the hash output.
const hmac = (bytes: number) => ({ ...sig(true), kty: ['oct'], bytes }) as const;
// RSASSA-PKCS1-v1_5 is deterministic; PSS salts every signature (RFC 8017 s8.1, s8.2).
const rsa = (deterministic: boolean) => ({ ...sig(deterministic), kty: ['RSA'] }) as const;
// ECDSA draws a fresh nonce per signature; the algorithm fixes the curve.
const ecdsa = (crv: CurveName) => ({ ...sig(false), kty: ['EC'], crv: [crv] }) as const;

/**
 * The JWS algorithm table of facts, one row per algorithm; the operations live in
 * `src/jws/algs`, registered under the same names. `none` (RFC 7518 s3.6) is deliberately
 * absent: an unsecured JWS is never produced nor accepted.
 */
export const JWS_FACTS = {
  HS256: hmac(32),
  HS384: hmac(48),
  HS512: hmac(64),
  RS256: rsa(true),
  RS384: rsa(true),
  RS512: rsa(true),
  PS256: rsa(false),
  PS384: rsa(false),
  PS512: rsa(false),
  ES256: ecdsa('P-256'),
  ES384: ecdsa('P-384'),
  ES512: ecdsa('P-521'),
  // RFC 8812 s3.2
  ES256K: ecdsa('secp256k1'),
  // RFC 8037 s3.1: one name for both Edwards curves; pure EdDSA is deterministic (RFC 8032 s5.1.6).
  EdDSA: { ...sig(true), kty: ['OKP'], crv: ['Ed25519', 'Ed448'] },
} as const satisfies Record<string, SignatureFacts>;

/**
 * The JWS algorithms jose-core signs and verifies: those of RFC 7518 s3, `ES256K` (RFC 8812)
 * and `EdDSA` with Ed25519 or Ed448 keys (RFC 8037). `none` is not one of them.
 *
 * @example
 * ```ts
 * const algorithms: JWSAlgorithm[] = ['ES256', 'RS256']
 * verifyCompact(token, key, { algorithms })
 * ```
 */
export type JWSAlgorithm = keyof typeof JWS_FACTS;

/** Every {@link JWSAlgorithm}, in table order. */
export const JWS_ALGORITHMS: readonly JWSAlgorithm[] = Object.freeze(
  Object.keys(JWS_FACTS) as JWSAlgorithm[],
);

/**
 * Whether `value` names a JWS algorithm jose-core implements: the check for an algorithm that
 * arrives as a runtime string (configuration, a command line) before it is passed where a
 * {@link JWSAlgorithm} is expected.
 *
 * @example
 * ```ts
 * const alg = process.env.JWT_ALG ?? 'ES256'
 * if (!isJWSAlgorithm(alg)) throw new Error(`unsupported JWS algorithm ${alg}`)
 * const key = generateKey(alg)
 * ```
 */
export function isJWSAlgorithm(value: unknown): value is JWSAlgorithm {
  return typeof value === 'string' && Object.hasOwn(JWS_FACTS, value);
}
