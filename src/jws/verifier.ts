import { asKey } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';
import { refuseAsyncResolver } from '../util/async-resolver.js';
import { toBytes } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject, type JsonObject } from '../util/json.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../util/limits.js';
import { readMaxTokenLength, stringList } from '../util/options.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { algorithmForVerifying } from './algs/registry.js';
import type { JWSHeaderParameters, JWSKeyResolver } from './types.js';

/** {@link VerifyOptions} after their types were checked. */
export interface CheckedOptions {
  algorithms: readonly string[] | undefined;
  /** Understood extensions; none when the caller names none. */
  crit: readonly string[];
  maxTokenLength: number;
  /** The caller's detached content as octets (RFC 7515 Appendix F). */
  detachedPayload: Uint8Array | undefined;
}

const NO_OPTIONS: CheckedOptions = {
  algorithms: undefined,
  crit: [],
  maxTokenLength: DEFAULT_MAX_TOKEN_LENGTH,
  detachedPayload: undefined,
};

/** Reads the members of `VerifyOptions` we use; other members (a JWT layer's) are left alone. */
export function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return NO_OPTIONS;
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  return {
    algorithms: stringList(options.algorithms, 'algorithms'),
    crit: stringList(options.crit, 'crit') ?? [],
    maxTokenLength: readMaxTokenLength(options.maxTokenLength),
    detachedPayload:
      options.detachedPayload === undefined
        ? undefined
        : toBytes(options.detachedPayload, 'options.detachedPayload'),
  };
}

/** A resolver is any function; anything else must be a key, coerced once. */
export function keySource(keyOrResolver: unknown): JoseKey | JWSKeyResolver {
  return typeof keyOrResolver === 'function'
    ? (keyOrResolver as JWSKeyResolver)
    : asKey(keyOrResolver);
}

/**
 * The token's `alg`, which must be one we implement and in the allow-list; checked before any
 * key is looked up.
 */
export function allowedAlgorithm(
  header: JsonObject,
  algorithms: readonly string[] | undefined,
): SignatureAlgorithm {
  const alg = algorithmForVerifying(header.alg as string);
  if (algorithms !== undefined && !algorithms.includes(alg.name)) {
    throw new JoseError('ERR_ALG_NOT_ALLOWED', "the token's JWS algorithm is not allowed");
  }
  return alg;
}

/**
 * The algorithm and key one signature would be verified with: the token's `alg` must be one we
 * implement and in the allow-list, and the key (given, or the resolver's for this header) must
 * fit it (its binding, then its type and size). No cryptography runs here. A resolver's own
 * errors reach the caller unchanged.
 */
export function signatureCandidate(
  header: JsonObject,
  source: JoseKey | JWSKeyResolver,
  algorithms: readonly string[] | undefined,
): { alg: SignatureAlgorithm; key: JoseKey } {
  const alg = allowedAlgorithm(header, algorithms);
  const key = typeof source === 'function' ? fromResolver(source, header) : source;
  alg.checkKey(key, 'verify');
  return { alg, key };
}

/**
 * Verifies one signature under a validated header, once {@link signatureCandidate} accepted
 * its algorithm and key.
 *
 * @returns the key that verified the signature
 */
export function verifySignature(
  header: JsonObject,
  signingInput: Uint8Array | string,
  signature: Uint8Array,
  source: JoseKey | JWSKeyResolver,
  algorithms: readonly string[] | undefined,
): JoseKey {
  const { alg, key } = signatureCandidate(header, source, algorithms);
  if (!alg.verify(signingInput, signature, key)) throw signatureInvalid();
  return key;
}

function fromResolver(resolver: JWSKeyResolver, header: JsonObject): JoseKey {
  refuseAsyncResolver(resolver);
  return asKey(resolver(header as JWSHeaderParameters));
}

/** The one error of a signature that does not verify. */
export function signatureInvalid(): JoseError {
  return new JoseError('ERR_JWS_SIGNATURE_INVALID', 'the JWS signature does not verify');
}
