import type { Buffer } from 'node:buffer';
import { asKey, type KeyLike } from '../jwk/coerce.js';
import { JoseKey } from '../jwk/key.js';
import { b64u, b64uDecode } from '../util/base64url.js';
import { serializeHeader } from '../util/header-json.js';
import { toBytes, utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject, type JsonObject } from '../util/json.js';
import { jsonTokenLength, MAX_KEY_ATTEMPTS, tooLong } from '../util/limits.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { algorithmForSigning } from './algs/registry.js';
import { checkHeaders } from './header.js';
import { detachedOption, jsonContent, unencodedInput, type JsonContent } from './payload.js';
import type { FlattenedJWS, GeneralJWS, JSONVerifyResult, JWSHeaderParameters, JWSKeyResolver, JWSSigner, SignOptions, VerifyOptions } from './types.js';
import { checkOptions, keySource, signatureCandidate, signatureInvalid } from './verifier.js';

// Most signatures signJSON writes and verifyJSON reads: each one may cost an RSA verification.
const MAX_SIGNATURES = 16;

type SignatureEntry = GeneralJWS['signatures'][number];

function invalid(message: string): JoseError {
  return new JoseError('ERR_JWS_INVALID', message);
}

/** A signer whose headers were checked, ready to sign once the payload's form is known. */
export interface PreparedSigner {
  entry: Omit<SignatureEntry, 'signature'>;
  protectedB64: string;
  alg: SignatureAlgorithm;
  unencoded: boolean;
  key: KeyLike;
}

function prepare(signer: JWSSigner): PreparedSigner {
  if (!isObject(signer)) throw new JoseError('ERR_INVALID_ARGUMENT', 'each signer must be an object');
  // RFC 7515 s7.2.1: an empty header is left out, not written as "{}".
  const prot = signer.protectedHeader === undefined ? undefined : serializeHeader(signer.protectedHeader, 'protectedHeader');
  const unprot = signer.unprotectedHeader === undefined ? undefined : serializeHeader(signer.unprotectedHeader, 'unprotectedHeader');
  const protHeader = prot !== undefined && Object.keys(prot.header).length > 0 ? prot : undefined;
  const unprotHeader = unprot !== undefined && Object.keys(unprot.header).length > 0 ? unprot.header : undefined;
  const header = checkHeaders(protHeader?.header, unprotHeader, undefined);
  const protectedB64 = protHeader === undefined ? '' : b64u(protHeader.text);
  return {
    entry: {
      ...(protHeader === undefined ? {} : { protected: protectedB64 }),
      ...(unprotHeader === undefined ? {} : { header: unprotHeader as JWSHeaderParameters }),
    },
    protectedB64,
    alg: algorithmForSigning(header.alg as string),
    unencoded: header.b64 === false,
    key: signer.key,
  };
}

/** RFC 7797 s3: every signature of one JWS reads the payload the same way (an absent `b64` is `true`). */
function sameEncoding(unencoded: readonly boolean[]): boolean {
  const first = unencoded[0] === true;
  if (unencoded.some((u) => u !== first)) throw invalid('every signature of a JWS must have the same "b64"');
  return first;
}

/**
 * Signs `payload` in the JWS JSON serialization (RFC 7515 s7.2): the flattened form for one
 * signer, the general form for several. Each signer's `alg` is in its protected or unprotected
 * header; the two headers may not share a member name, and `crit` must be protected.
 *
 * With `{ detached: true }` the output has no `payload` member (RFC 7515 Appendix F). With
 * `b64: false` in the protected headers (RFC 7797; listed in `crit`, the same in every signer)
 * the payload is signed as it is and, unless detached, carried as JSON text: it must then be
 * UTF-8.
 *
 * @param payload - the bytes to sign; a string is encoded as UTF-8
 * @param signers - 1 to 16 signers
 * @param options - `detached`
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for arguments of the wrong type or number, or an
 *   unencoded payload that is not UTF-8 and not detached; `ERR_JWS_INVALID` for headers that
 *   break RFC 7515 or RFC 7797 (signers that disagree on `b64` included); `ERR_ALG_NOT_ALLOWED`
 *   for `none`; `ERR_NOT_SUPPORTED` for any other unknown `alg`; `ERR_KEY_UNSUITABLE` when a key
 *   does not fit its `alg`
 * @example
 * ```ts
 * const jws = signJSON('hello', [
 *   { protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'ec-1' }, key: ecKey },
 *   { protectedHeader: { alg: 'HS256' }, key: macKey },
 * ])
 * const raw = signJSON('$.02', [{ protectedHeader: { alg: 'HS256', b64: false, crit: ['b64'] }, key: macKey }])
 * ```
 */
export function signJSON(payload: Uint8Array | string, signers: JWSSigner[], options?: SignOptions): FlattenedJWS | GeneralJWS {
  const s = jsonSigning(payload, signers, options);
  return s.assemble(s.prepared.map((p) => p.alg.sign(s.inputOf(p.protectedB64), asKey(p.key))));
}

/** A JSON JWS ready for its signatures, one per prepared signer, in order. */
export interface JSONSigning {
  prepared: PreparedSigner[];
  inputOf(protectedB64: string): Uint8Array | string;
  assemble(signatures: readonly string[]): FlattenedJWS | GeneralJWS;
}

/** Everything of {@link signJSON} but the signatures, shared with the asynchronous API. */
export function jsonSigning(
  payload: Uint8Array | string,
  signers: JWSSigner[],
  options: SignOptions | undefined,
): JSONSigning {
  const content = toBytes(payload, 'payload');
  const detached = options === undefined ? false : detachedOption(options);
  if (!Array.isArray(signers) || signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new JoseError('ERR_INVALID_ARGUMENT', `signers must be an array of 1 to ${MAX_SIGNATURES} signers`);
  }
  const prepared = signers.map(prepare);
  const unencoded = sameEncoding(prepared.map((p) => p.unencoded));
  let member: string;
  let inputOf: (protectedB64: string) => Uint8Array | string;
  if (unencoded) {
    // RFC 7797 s5.2: the payload is JSON text here, so it must be UTF-8 unless it stays out.
    member = detached ? '' : utf8Decode(content, 'ERR_INVALID_ARGUMENT', 'an unencoded payload in the JSON serialization');
    inputOf = (protectedB64) => unencodedInput(protectedB64, content);
  } else {
    const encoded = b64u(content);
    member = encoded;
    inputOf = (protectedB64) => `${protectedB64}.${encoded}`;
  }
  const assemble = (values: readonly string[]): FlattenedJWS | GeneralJWS => {
    const signatures = prepared.map(
      (p, i): SignatureEntry => ({ ...p.entry, signature: values[i] as string }),
    );
    const top = detached ? {} : { payload: member };
    return signatures.length === 1 ? { ...top, ...(signatures[0] as SignatureEntry) } : { ...top, signatures };
  };
  return { prepared, inputOf, assemble };
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
  if (protectedB64 !== undefined && typeof protectedB64 !== 'string') throw invalid('JWS "protected" must be a string');
  if (unprotectedHeader !== undefined && !isObject(unprotectedHeader)) throw invalid('JWS "header" must be an object');
  const protectedHeader =
    protectedB64 === undefined
      ? undefined
      : parseJsonObject(
          utf8Decode(b64uDecode(protectedB64, 'ERR_JWS_INVALID', 'JWS protected header'), 'ERR_JWS_INVALID', 'JWS protected header'),
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

function parseJws(jws: unknown, crit: readonly string[]): { payload: string | undefined; signatures: ParsedSignature[] } {
  const obj = typeof jws === 'string' ? parseJsonObject(jws, 'ERR_JWS_INVALID', 'JWS') : jws;
  if (!isObject(obj)) throw invalid('a JWS JSON serialization must be an object or its JSON text');
  const payload = obj.payload;
  // Absent, it is detached content (RFC 7515 Appendix F); its form depends on "b64", read below.
  if (payload !== undefined && typeof payload !== 'string') throw invalid('JWS "payload" must be a string');
  let entries: readonly unknown[];
  if (obj.signatures === undefined) {
    entries = [obj];
  } else {
    // Both forms at once would leave a reader guessing which signature counts (RFC 7515 s7.2.2).
    if (obj.protected !== undefined || obj.header !== undefined || obj.signature !== undefined) {
      throw invalid('a JWS has either "signatures" or a flattened signature, not both');
    }
    if (!Array.isArray(obj.signatures) || obj.signatures.length === 0 || obj.signatures.length > MAX_SIGNATURES) {
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
    throw invalid(`more than ${MAX_KEY_ATTEMPTS} signatures fit the key: give them distinct "kid"s`);
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
  if (jsonTokenLength(jws, 'signatures') > maxTokenLength) throw tooLong('ERR_JWS_INVALID', maxTokenLength);
  const { payload, signatures } = parseJws(jws, crit);
  const content = jsonContent(payload, sameEncoding(signatures.map((s) => s.header.b64 === false)), detachedPayload);
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
