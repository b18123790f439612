import type { Buffer } from 'node:buffer';
import type { KeyLike } from '../jwk/coerce.js';
import { JoseKey } from '../jwk/key.js';
import { b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject, type JsonObject, parseJsonObject } from '../util/json.js';
import { jsonTokenLength, MAX_KEY_ATTEMPTS, tooLong } from '../util/limits.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { checkHeaders } from './header.js';
import { type JsonContent, jsonContent } from './payload.js';
import type {
  FlattenedJWS,
  GeneralJWS,
  JSONVerifyResult,
  JWSHeaderParameters,
  JWSKeyResolver,
  VerifyOptions,
} from './types.js';
import { checkOptions, keySource, signatureCandidate, signatureInvalid } from './verifier.js';

// Most signatures signJSON writes and verifyJSON reads: each one may cost an RSA verification.
export const MAX_SIGNATURES = 16;

/** The error of a malformed JSON JWS. */
export function invalid(message: string): JoseError {
  return new JoseError('ERR_JWS_INVALID', message);
}

/** Whether the payload is unencoded (RFC 7797), which every signature must agree on. */
export function sameEncoding(unencoded: readonly boolean[]): boolean {
  const first = unencoded[0] === true;
  if (unencoded.some((u) => u !== first))
    throw invalid('every signature of a JWS must have the same "b64"');
  return first;
}

export interface ParsedSignature {
  protectedB64: string;
  protectedHeader: JsonObject | undefined;
  unprotectedHeader: JsonObject | undefined;
  header: JsonObject;
  signature: Buffer;
}

function parseSignature(entry: unknown, crit: readonly string[]): ParsedSignature {
  if (!isObject(entry)) throw invalid('a JWS signature must be an object');
  const { protected: protectedB64, header: unprotectedHeader, signature } = entry;
  if (protectedB64 !== undefined && typeof protectedB64 !== 'string')
    throw invalid('JWS "protected" must be a string');
  if (unprotectedHeader !== undefined && !isObject(unprotectedHeader))
    throw invalid('JWS "header" must be an object');
  const protectedHeader =
    protectedB64 === undefined
      ? undefined
      : parseJsonObject(
          utf8Decode(
            b64uDecode(protectedB64, 'ERR_JWS_INVALID', 'JWS protected header'),
            'ERR_JWS_INVALID',
            'JWS protected header',
          ),
          'ERR_JWS_INVALID',
          'JWS protected header',
        );
  const header = checkHeaders(protectedHeader, unprotectedHeader, crit);
  return {
    protectedB64: protectedB64 ?? '',
    protectedHeader,
    unprotectedHeader,
    header,
    signature: b64uDecode(signature, 'ERR_JWS_INVALID', 'JWS signature'),
  };
}

function parseJws(
  jws: unknown,
  crit: readonly string[],
): { payload: string | undefined; signatures: ParsedSignature[] } {
  const obj = typeof jws === 'string' ? parseJsonObject(jws, 'ERR_JWS_INVALID', 'JWS') : jws;
  if (!isObject(obj)) throw invalid('a JWS JSON serialization must be an object or its JSON text');
  const payload = obj.payload;
  // Absent, it is detached content (RFC 7515 Appendix F); its form depends on "b64", read below.
  if (payload !== undefined && typeof payload !== 'string')
    throw invalid('JWS "payload" must be a string');
  let entries: readonly unknown[];
  if (obj.signatures === undefined) {
    entries = [obj];
  } else {
    // Both forms at once would leave a reader guessing which signature counts (RFC 7515 s7.2.2).
    if (obj.protected !== undefined || obj.header !== undefined || obj.signature !== undefined) {
      throw invalid('a JWS has either "signatures" or a flattened signature, not both');
    }
    if (
      !Array.isArray(obj.signatures) ||
      obj.signatures.length === 0 ||
      obj.signatures.length > MAX_SIGNATURES
    ) {
      throw invalid(`JWS "signatures" must be an array of 1 to ${MAX_SIGNATURES} signatures`);
    }
    entries = obj.signatures;
  }
  return { payload, signatures: entries.map((e) => parseSignature(e, crit)) };
}

// When no signature verifies, the error that got furthest is the most useful one to report.
function progress(e: JoseError): number {
  if (e.code === 'ERR_JWS_SIGNATURE_INVALID') return 3;
  return e.code === 'ERR_ALG_NOT_ALLOWED' ? 1 : 2;
}

/**
 * Verifies a JWS in the JSON serialization (RFC 7515 s7.2), general or flattened, given as an
 * object or its JSON text. Every signature entry must be well formed. The JWS is accepted when
 * one signature verifies whose `alg` is allowed and fits the key (or the key the resolver gives
 * for that signature's merged header); its index is returned. Unknown top-level members are ignored.
 *
 * A JWS without `payload` has detached content (RFC 7515 Appendix F), given as
 * `options.detachedPayload`; an empty `payload` is the empty payload unless the caller passes
 * detached content. With `b64: false` (RFC 7797) in every signature's protected
 * header, the payload is signed as it is, and a `payload` member is its text (UTF-8).
 *
 * The work is bounded per token: a signature is tried only when its `alg` is allowed and fits
 * the key (with several signatures and a key that has a `kid`, only those naming that `kid` or
 * none); more than `MAX_KEY_ATTEMPTS` (3) such signatures are refused with `ERR_JWS_INVALID`
 * before any is verified.
 *
 * @param jws - the JWS object or JSON text
 * @param keyOrResolver - the verification key, or a function picking it from a signature's merged header
 * @param options - `algorithms` (allow-list), `crit` (understood extensions), `detachedPayload`
 *   and `maxTokenLength` (for an object: the total length of its string members and of those of
 *   its signatures)
 * @throws {JoseError} `ERR_JWS_INVALID` for a malformed JWS, header or `crit`, signatures that
 *   disagree on `b64`, more than 16 signatures, no `payload` and no `detachedPayload` (or
 *   `detachedPayload` for a JWS with a payload), or a token longer than `maxTokenLength`
 *   (compared before any parsing); when no signature verifies, the error of the attempt that
 *   got furthest: `ERR_JWS_SIGNATURE_INVALID`, then key errors (`ERR_KEY_UNSUITABLE`, a
 *   resolver's `ERR_KEY_NOT_FOUND`), then `ERR_ALG_NOT_ALLOWED`
 * @example
 * ```ts
 * const { payload, signatureIndex } = verifyJSON(jws, createLocalKeySet(jwks), { algorithms: ['RS256', 'ES256'] })
 * ```
 */
export function verifyJSON(
  jws: FlattenedJWS | GeneralJWS | string,
  keyOrResolver: KeyLike | JWSKeyResolver,
  options?: VerifyOptions,
): JSONVerifyResult {
  const p = parseJSON(jws, options);
  const c = signatureTries(p, keySource(keyOrResolver));
  let failure = c.failure;
  for (const { index, s, alg, key } of c.tries) {
    if (alg.verify(p.content.input(s.protectedB64), s.signature, key)) return p.result(index, key);
    failure = furthest(failure, signatureInvalid());
  }
  throw failure as JoseError;
}

/** One signature to verify, with the algorithm and key it is verified with. */
export interface SignatureTry {
  index: number;
  s: ParsedSignature;
  alg: SignatureAlgorithm;
  key: JoseKey;
}

/**
 * The signatures worth verifying, and the failure that got furthest among the others: which
 * signatures are tried is decided before any cryptography, so their number is bounded. Shared
 * with the asynchronous API, which gives a `source` answering from keys it resolved first.
 * @throws {JoseError} `ERR_JWS_INVALID` when more than `MAX_KEY_ATTEMPTS` signatures fit the key
 */
export function signatureTries(
  p: ParsedJSON,
  source: JoseKey | JWSKeyResolver,
): { tries: SignatureTry[]; failure: JoseError | undefined } {
  const { signatures, algorithms } = p;
  let failure: JoseError | undefined;
  const tries: SignatureTry[] = [];
  for (const [index, s] of signatures.entries()) {
    try {
      const kid = s.header.kid;
      const keyKid = source instanceof JoseKey ? source.kid : undefined;
      const otherKid = keyKid !== undefined && kid !== undefined && kid !== keyKid;
      if (otherKid && signatures.length > 1) {
        throw new JoseError('ERR_KEY_NOT_FOUND', 'the signature\'s "kid" is not the key\'s');
      }
      tries.push({ index, s, ...signatureCandidate(s.header, source, algorithms) });
    } catch (e) {
      failure = furthest(failure, e);
    }
  }
  if (tries.length > MAX_KEY_ATTEMPTS) {
    throw invalid(
      `more than ${MAX_KEY_ATTEMPTS} signatures fit the key: give them distinct "kid"s`,
    );
  }
  return { tries, failure };
}

/** A JSON JWS whose structure, headers and options passed every check: what is left is the signatures. */
export interface ParsedJSON {
  signatures: ParsedSignature[];
  content: JsonContent;
  algorithms: readonly string[] | undefined;
  /** The result for the signature at `index`, verified with `key`. */
  result(index: number, key: JoseKey): JSONVerifyResult;
}

/** Everything of {@link verifyJSON} before keys are resolved, shared with the asynchronous API. */
export function parseJSON(
  jws: FlattenedJWS | GeneralJWS | string,
  options: VerifyOptions | undefined,
): ParsedJSON {
  const { algorithms, crit, maxTokenLength, detachedPayload } = checkOptions(options);
  if (jsonTokenLength(jws, 'signatures') > maxTokenLength)
    throw tooLong('ERR_JWS_INVALID', maxTokenLength);
  const { payload, signatures } = parseJws(jws, crit);
  const content = jsonContent(
    payload,
    sameEncoding(signatures.map((s) => s.header.b64 === false)),
    detachedPayload,
  );
  const result = (index: number, key: JoseKey): JSONVerifyResult => {
    const s = signatures[index] as ParsedSignature;
    return {
      payload: content.payload(),
      protectedHeader: s.protectedHeader as JWSHeaderParameters | undefined,
      unprotectedHeader: s.unprotectedHeader as JWSHeaderParameters | undefined,
      signatureIndex: index,
      key,
    };
  };
  return { signatures, content, algorithms, result };
}

/** The failure to report after one more signature failed with `e`; an error not ours is rethrown. */
export function furthest(failure: JoseError | undefined, e: unknown): JoseError {
  if (!(e instanceof JoseError)) throw e;
  return failure === undefined || progress(e) > progress(failure) ? e : failure;
}
