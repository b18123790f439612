// Lookups across the three tables of algorithm facts, for readers that hold a runtime name.
import {
  CONTENT_FACTS,
  type ContentEncryptionAlgorithm,
  KEY_MANAGEMENT_FACTS,
  type KeyManagementAlgorithm,
} from './jwe.js';
import { JWS_FACTS, type JWSAlgorithm } from './jws.js';
import type { AlgorithmFacts, ContentFacts, KeyManagementFacts, SignatureFacts } from './types.js';

/** Any algorithm name of the three tables. */
export type JoseAlgorithm = JWSAlgorithm | KeyManagementAlgorithm | ContentEncryptionAlgorithm;

type Generated<T> = {
  [A in keyof T]: T[A] extends { password: true } | { contentKey: true } ? never : A;
}[keyof T];

/**
 * The algorithms {@link generateKey} makes a key for: every JWS algorithm, every key management
 * algorithm but `dir` (pass the `enc` name instead) and PBES2 (which takes a password), and
 * every content encryption algorithm (a key for `dir` with that `enc`).
 */
export type GenerateKeyAlgorithm =
  | Generated<typeof JWS_FACTS>
  | Generated<typeof KEY_MANAGEMENT_FACTS>
  | ContentEncryptionAlgorithm;

/** The facts of the JWS algorithm `alg`, if implemented. */
export function signatureFacts(alg: string): SignatureFacts | undefined {
  return Object.hasOwn(JWS_FACTS, alg) ? JWS_FACTS[alg as JWSAlgorithm] : undefined;
}

/** The facts of the JWE key management algorithm `alg`, if implemented. */
export function keyManagementFacts(alg: string): KeyManagementFacts | undefined {
  return Object.hasOwn(KEY_MANAGEMENT_FACTS, alg)
    ? KEY_MANAGEMENT_FACTS[alg as KeyManagementAlgorithm]
    : undefined;
}

/** The facts of the JWE content encryption algorithm `enc`, if implemented. */
export function contentFacts(enc: string): ContentFacts | undefined {
  return Object.hasOwn(CONTENT_FACTS, enc)
    ? CONTENT_FACTS[enc as ContentEncryptionAlgorithm]
    : undefined;
}

/** The facts of a header's `alg`, JWS or JWE (the two tables share no name). */
export function headerAlgorithmFacts(alg: string): SignatureFacts | KeyManagementFacts | undefined {
  return signatureFacts(alg) ?? keyManagementFacts(alg);
}

/** The facts of any algorithm name of the three tables (the tables share no name). */
export function algorithmFacts(alg: string): AlgorithmFacts | undefined {
  return headerAlgorithmFacts(alg) ?? contentFacts(alg);
}
