import type { ContentFacts, KeyManagementFacts, KeyOp } from './types.js';

const ops = (encrypt: readonly KeyOp[], decrypt: readonly KeyOp[]) =>
  Object.freeze({ encrypt: Object.freeze(encrypt), decrypt: Object.freeze(decrypt) });
// RFC 7517 s4.3: the wrap operations, or encrypt/decrypt, which many JWKs carry for the same purpose.
const WRAP = ops(['wrapKey', 'encrypt'], ['unwrapKey', 'decrypt']);
// Key agreement is a derivation as much as a wrap: either kind of key_ops permits it.
const AGREE = ops(
  ['wrapKey', 'encrypt', 'deriveKey', 'deriveBits'],
  ['unwrapKey', 'decrypt', 'deriveKey', 'deriveBits'],
);
// The `dir` key encrypts content; it wraps nothing.
const DIRECT = ops(['encrypt'], ['decrypt']);

const km = (deterministic: boolean, optIn = false) =>
  ({ family: 'jwe', use: 'enc', keyOps: WRAP, deterministic, optIn }) as const;
// RFC 7518 s4.2-4.3: random padding. RSA1_5 is a padding-oracle risk, so it must be asked for.
const rsa = (optIn = false) => ({ ...km(false, optIn), kty: ['RSA'] }) as const;
// RFC 7518 s4.4, s4.7: an AES key of exactly the KEK's size.
const aes = (bytes: number) => ({ ...km(true), kty: ['oct'], bytes, exact: true }) as const;
// RFC 7518 s4.6, RFC 8037 s3.2: an ephemeral key pair per token (a vector fixes it), on the
// recipient's curve.
const ecdh = {
  ...km(true),
  keyOps: AGREE,
  kty: ['EC', 'OKP'],
  crv: ['P-256', 'P-384', 'P-521', 'X25519', 'X448'],
  epk: true,
} as const;
// RFC 7518 s4.8: a password; the sender chooses the work, so decryption must be asked for.
const pbes2 = { ...km(true, true), kty: ['oct'], password: true } as const;

/**
 * The JWE key management table of facts (RFC 7518 s4), one row per algorithm; the operations
 * live in `src/jwe/keys`.
 */
export const KEY_MANAGEMENT_FACTS = {
  RSA1_5: rsa(true),
  'RSA-OAEP': rsa(),
  'RSA-OAEP-256': rsa(),
  // Not in RFC 7518, but registered in the IANA JOSE registry with the same construction.
  'RSA-OAEP-384': rsa(),
  'RSA-OAEP-512': rsa(),
  dir: { ...km(true), keyOps: DIRECT, kty: ['oct'], contentKey: true },
  A128KW: aes(16),
  A192KW: aes(24),
  A256KW: aes(32),
  A128GCMKW: aes(16),
  A192GCMKW: aes(24),
  A256GCMKW: aes(32),
  'ECDH-ES': ecdh,
  'ECDH-ES+A128KW': ecdh,
  'ECDH-ES+A192KW': ecdh,
  'ECDH-ES+A256KW': ecdh,
  'PBES2-HS256+A128KW': pbes2,
  'PBES2-HS384+A192KW': pbes2,
  'PBES2-HS512+A256KW': pbes2,
} as const satisfies Record<string, KeyManagementFacts>;

// RFC 7518 s5.2, s5.3: the CEK (or `dir` key) is a secret of exactly this size; a vector fixes the IV.
const content = (bytes: number) =>
  ({
    family: 'enc',
    use: 'enc',
    kty: ['oct'],
    bytes,
    exact: true,
    deterministic: true,
    optIn: false,
  }) as const;

/** The JWE content encryption table of facts (RFC 7518 s5); the operations live in `src/jwe/content`. */
export const CONTENT_FACTS = {
  'A128CBC-HS256': content(32),
  'A192CBC-HS384': content(48),
  'A256CBC-HS512': content(64),
  A128GCM: content(16),
  A192GCM: content(24),
  A256GCM: content(32),
} as const satisfies Record<string, ContentFacts>;

/**
 * Key management algorithms (RFC 7518 s4; `RSA-OAEP-384`/`-512` from the IANA JOSE registry)
 * this library implements.
 */
export type KeyManagementAlgorithm = keyof typeof KEY_MANAGEMENT_FACTS;

/** Content encryption algorithms (RFC 7518 s5) this library implements. */
export type ContentEncryptionAlgorithm = keyof typeof CONTENT_FACTS;

/** Every {@link KeyManagementAlgorithm}, in table order. */
export const KEY_MANAGEMENT_ALGORITHMS: readonly KeyManagementAlgorithm[] = Object.freeze(
  Object.keys(KEY_MANAGEMENT_FACTS) as KeyManagementAlgorithm[],
);

/** Every {@link ContentEncryptionAlgorithm}, in table order. */
export const CONTENT_ENCRYPTION_ALGORITHMS: readonly ContentEncryptionAlgorithm[] = Object.freeze(
  Object.keys(CONTENT_FACTS) as ContentEncryptionAlgorithm[],
);

/**
 * Whether `value` names a JWE key management algorithm jose-core implements (a JWE `alg`), for
 * an algorithm that arrives as a runtime string.
 *
 * @example
 * ```ts
 * if (!isKeyManagementAlgorithm(config.alg)) throw new Error('unsupported JWE alg')
 * decryptCompact(jwe, key, { keyManagementAlgorithms: [config.alg] })
 * ```
 */
export function isKeyManagementAlgorithm(value: unknown): value is KeyManagementAlgorithm {
  return typeof value === 'string' && Object.hasOwn(KEY_MANAGEMENT_FACTS, value);
}

/**
 * Whether `value` names a JWE content encryption algorithm jose-core implements (a JWE `enc`),
 * for an algorithm that arrives as a runtime string.
 *
 * @example
 * ```ts
 * if (!isContentEncryptionAlgorithm(config.enc)) throw new Error('unsupported JWE enc')
 * decryptCompact(jwe, key, { contentEncryptionAlgorithms: [config.enc] })
 * ```
 */
export function isContentEncryptionAlgorithm(value: unknown): value is ContentEncryptionAlgorithm {
  return typeof value === 'string' && Object.hasOwn(CONTENT_FACTS, value);
}
