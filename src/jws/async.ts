// jose-core/async's JWS functions: the synchronous functions' parsing and checks
// (compactSigning, parseCompact, jsonSigning, parseJSON, allowedAlgorithm), then the signature
// on libuv's thread pool where the algorithm has one (RSA, ECDSA, EdDSA), inline for HMAC.
import { asKey, type KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';
import type { JoseError } from '../util/errors.js';
import type { JsonObject } from '../util/json.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { compactSigning, parseCompact } from './compact.js';
import { jsonSigning } from './json.js';
import { furthest, type ParsedSignature, parseJSON, signatureTries } from './json-verify.js';
import type {
  CompactVerifyResult,
  FlattenedJWS,
  GeneralJWS,
  JSONVerifyResult,
  JWSHeaderParameters,
  JWSKeyResolver,
  JWSSigner,
  SignOptions,
  VerifyOptions,
} from './types.js';
import { allowedAlgorithm, signatureInvalid } from './verifier.js';

/**
 * A resolver for the asynchronous API: like the synchronous API's `JWSKeyResolver`, but it may
 * answer with a promise. A remote key set (`createRemoteKeySet`) is one.
 *
 * @example
 * ```ts
 * const resolver: AsyncJWSKeyResolver = async (header) => importJWK(await lookUp(header.kid))
 * ```
 */
export type AsyncJWSKeyResolver = (header: JWSHeaderParameters) => KeyLike | Promise<KeyLike>;

function signWith(
  alg: SignatureAlgorithm,
  input: Uint8Array | string,
  key: JoseKey,
): string | Promise<string> {
  return alg.signAsync === undefined ? alg.sign(input, key) : alg.signAsync(input, key);
}

// Waits only for what is asynchronous (a resolver's answer, a pool hop): an HMAC under a
// given key is checked at once, with no turn of the event loop.
function verifyOne(
  header: JsonObject,
  input: Uint8Array | string,
  signature: Uint8Array,
  source: JoseKey | AsyncJWSKeyResolver,
  algorithms: readonly string[] | undefined,
): JoseKey | Promise<JoseKey> {
  const alg = allowedAlgorithm(header, algorithms);
  if (typeof source === 'function' || alg.verifyAsync !== undefined)
    return verifyWaiting(alg, header, input, signature, source);
  if (!alg.verify(input, signature, source)) throw signatureInvalid();
  return source;
}

async function verifyWaiting(
  alg: SignatureAlgorithm,
  header: JsonObject,
  input: Uint8Array | string,
  signature: Uint8Array,
  source: JoseKey | AsyncJWSKeyResolver,
): Promise<JoseKey> {
  const key =
    typeof source === 'function' ? asKey(await source(header as JWSHeaderParameters)) : source;
  const ok =
    alg.verifyAsync === undefined
      ? alg.verify(input, signature, key)
      : await alg.verifyAsync(input, signature, key);
  if (!ok) throw signatureInvalid();
  return key;
}

/**
 * The synchronous `signCompact`, with RSA, ECDSA and EdDSA signing on libuv's thread
 * pool; same arguments, same output, same errors (as rejections).
 *
 * @example
 * ```ts
 * const token = await signCompact('hello', { alg: 'RS256' }, rsaPrivateKey)
 * ```
 */
export async function signCompact(
  payload: Uint8Array | string,
  protectedHeader: JWSHeaderParameters,
  key: KeyLike,
  options?: SignOptions,
): Promise<string> {
  const { alg, input, head } = compactSigning(payload, protectedHeader, options);
  return head + (await signWith(alg, input, asKey(key)));
}

/**
 * The synchronous `verifyCompact`, with an asynchronous resolver (or a remote key
 * set) allowed and RSA, ECDSA and EdDSA verification on libuv's thread pool.
 *
 * @example
 * ```ts
 * const { payload } = await verifyCompact(token, createRemoteKeySet(jwksUrl), { algorithms: ['RS256'] })
 * ```
 */
export async function verifyCompact(
  jws: string,
  keyOrResolver: KeyLike | AsyncJWSKeyResolver,
  options?: VerifyOptions,
): Promise<CompactVerifyResult> {
  const p = parseCompact(jws, options);
  const found = verifyOne(p.header, p.input, p.signature, keySource(keyOrResolver), p.algorithms);
  const key = found instanceof Promise ? await found : found;
  return { payload: p.payload, protectedHeader: p.header as JWSHeaderParameters, key };
}

// A key (not a resolver) is coerced once, before any signature, as the synchronous functions do.
function keySource(keyOrResolver: unknown): JoseKey | AsyncJWSKeyResolver {
  return typeof keyOrResolver === 'function'
    ? (keyOrResolver as AsyncJWSKeyResolver)
    : asKey(keyOrResolver);
}

/**
 * The synchronous `signJSON`, the signatures made concurrently on libuv's thread pool
 * where the algorithm has one.
 *
 * @example
 * ```ts
 * const jws = await signJSON('hello', [{ protectedHeader: { alg: 'ES256' }, key: ecKey }])
 * ```
 */
export async function signJSON(
  payload: Uint8Array | string,
  signers: JWSSigner[],
  options?: SignOptions,
): Promise<FlattenedJWS | GeneralJWS> {
  const s = jsonSigning(payload, signers, options);
  // Keys are coerced first, in order, so a bad key fails as in the synchronous function.
  const keys = s.prepared.map((p) => asKey(p.key));
  return s.assemble(
    await Promise.all(
      s.prepared.map((p, i) => signWith(p.alg, s.inputOf(p.protectedB64), keys[i] as JoseKey)),
    ),
  );
}

/**
 * The synchronous `verifyJSON`, with an asynchronous resolver (or a remote key set)
 * allowed; signatures are tried in order, as there.
 *
 * @example
 * ```ts
 * const { signatureIndex } = await verifyJSON(jws, remoteSet, { algorithms: ['ES256'] })
 * ```
 */
export async function verifyJSON(
  jws: FlattenedJWS | GeneralJWS | string,
  keyOrResolver: KeyLike | AsyncJWSKeyResolver,
  options?: VerifyOptions,
): Promise<JSONVerifyResult> {
  const p = parseJSON(jws, options);
  const given = keySource(keyOrResolver);
  const source = typeof given === 'function' ? await answered(given, p.signatures) : given;
  const c = signatureTries(p, source);
  let failure = c.failure;
  for (const { index, s, alg, key } of c.tries) {
    const input = p.content.input(s.protectedB64);
    const ok =
      alg.verifyAsync === undefined
        ? alg.verify(input, s.signature, key)
        : await alg.verifyAsync(input, s.signature, key);
    if (ok) return p.result(index, key);
    failure = furthest(failure, signatureInvalid());
  }
  throw failure as JoseError;
}

// An asynchronous resolver's answers for every signature, gathered first (concurrently), then
// served to the synchronous candidate checks in their order, a failure where it happened.
async function answered(
  resolver: AsyncJWSKeyResolver,
  signatures: readonly ParsedSignature[],
): Promise<JWSKeyResolver> {
  const answers = new Map<JsonObject, () => KeyLike>();
  await Promise.all(
    signatures.map(async (s) => {
      try {
        const key = await resolver(s.header as JWSHeaderParameters);
        answers.set(s.header, () => key);
      } catch (error) {
        answers.set(s.header, () => {
          throw error;
        });
      }
    }),
  );
  return (header) => (answers.get(header as JsonObject) as () => KeyLike)();
}
