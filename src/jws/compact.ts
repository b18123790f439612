import { asKey, type KeyLike } from '../jwk/coerce.js';
import { b64u, b64uDecode } from '../util/base64url.js';
import { toBytes, utf8 } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import type { JsonObject } from '../util/json.js';
import { tooLong } from '../util/limits.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { receivedHeader, signingHeader } from './header-cache.js';
import { detachedContent, detachedOption, unencodedInput } from './payload.js';
import type {
  CompactVerifyResult,
  JWSHeaderParameters,
  JWSKeyResolver,
  SignOptions,
  VerifyOptions,
} from './types.js';
import { checkOptions, keySource, verifySignature } from './verifier.js';

/**
 * Signs `payload` as a JWS in the compact serialization (RFC 7515 s7.1). The protected header is
 * emitted exactly as `JSON.stringify` writes it, and must name the algorithm in `alg`.
 *
 * With `{ detached: true }` the payload part is left empty (RFC 7515 Appendix F). With
 * `b64: false` in the header (RFC 7797; it must be listed in `crit`) the payload is signed as it
 * is, and the output is always detached: the unencoded payload could hold a period or bytes a
 * compact JWS cannot carry, so it never travels inside one.
 *
 * @param payload - the bytes to sign; a string is encoded as UTF-8
 * @param protectedHeader - the JOSE header, with a string `alg`
 * @param key - a {@link JoseKey}, `KeyObject` or JWK that fits `alg`: a private key for RS*, PS*,
 *   ES* and EdDSA, a secret of at least the hash size for HS*
 * @param options - `detached`
 * @returns `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`, or
 *   `BASE64URL(header) '..' BASE64URL(signature)` when detached
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for arguments of the wrong type; `ERR_JWS_INVALID`
 *   for a header without `alg`, with a malformed `crit`, or with a `b64` that is not a boolean
 *   listed in `crit`; `ERR_ALG_NOT_ALLOWED` for `none`; `ERR_NOT_SUPPORTED` for any other
 *   unknown `alg`; `ERR_KEY_UNSUITABLE` when the key does not fit `alg`
 * @example
 * ```ts
 * const key = generateKey('ES256')
 * const token = signCompact('hello', { alg: 'ES256', kid: 'k1' }, key)
 * const detached = signCompact('hello', { alg: 'ES256' }, key, { detached: true })
 * ```
 */
export function signCompact(
  payload: Uint8Array | string,
  protectedHeader: JWSHeaderParameters,
  key: KeyLike,
  options?: SignOptions,
): string {
  const { alg, input, head } = compactSigning(payload, protectedHeader, options);
  return head + alg.sign(input, asKey(key));
}

/** A compact JWS ready for its signature: the signing input, and what precedes the signature. */
export interface CompactSigning {
  alg: SignatureAlgorithm;
  input: Uint8Array | string;
  /** `header.payload.` or, detached, `header..`. */
  head: string;
}

/** Everything of {@link signCompact} but the signature, shared with the asynchronous API. */
export function compactSigning(
  payload: Uint8Array | string,
  protectedHeader: JWSHeaderParameters,
  options: SignOptions | undefined,
): CompactSigning {
  const content = typeof payload === 'string' ? payload : toBytes(payload, 'payload');
  const detached = options === undefined ? false : detachedOption(options);
  const { encoded, alg, unencoded } = signingHeader(protectedHeader);
  if (unencoded) {
    const input = unencodedInput(encoded, typeof content === 'string' ? utf8(content) : content);
    return { alg, input, head: `${encoded}..` };
  }
  const input = `${encoded}.${b64u(content)}`;
  return { alg, input, head: detached ? `${encoded}..` : `${input}.` };
}

/**
 * Verifies a compact JWS (RFC 7515 s5.2). Every part must be canonical base64url, the header a
 * JSON object without duplicate names and with a string `alg`. The key comes only from the
 * caller (a key, or a resolver given the header); keys embedded in the header (`jwk`, `jku`,
 * `x5u`, `x5c`) are never used.
 *
 * An empty payload part is the empty payload (the signature must verify over `header.`), unless
 * the caller passes detached content (RFC 7515 Appendix F) as `options.detachedPayload`, which is
 * refused for a token that carries its payload. A header
 * with `b64: false` (RFC 7797, listed in `crit`) has the payload signed as it is; such a token
 * is accepted only detached. `b64` need not be in `options.crit`.
 *
 * Without `options.algorithms`, the token's `alg` must fit the key: the key's bound `alg` if it
 * has one, else the algorithm's own key checks (an HS256 token against an RSA key fails with
 * `ERR_KEY_UNSUITABLE`). Pass `algorithms` whenever the expected algorithms are known.
 *
 * @param jws - the compact JWS
 * @param keyOrResolver - the verification key, or a function picking it from the header
 * @param options - `algorithms` (allow-list), `crit` (understood extensions), `detachedPayload`
 *   and `maxTokenLength`
 * @returns the payload bytes (for detached content, `detachedPayload`'s), the protected header
 *   and the key that verified the signature
 * @throws {JoseError} `ERR_JWS_INVALID` for a malformed token or header (including a `crit` not
 *   understood, a `b64` not listed in `crit`, and `b64: false` with a payload part), a token
 *   longer than `maxTokenLength` (default `DEFAULT_MAX_TOKEN_LENGTH`, compared before anything
 *   is decoded), or `detachedPayload` for a token with a payload; `ERR_ALG_NOT_ALLOWED` for an
 *   `alg` that is unknown, `none` or outside the allow-list; `ERR_KEY_UNSUITABLE` when the key
 *   does not fit `alg`;
 *   `ERR_JWS_SIGNATURE_INVALID` when the signature does not verify; `ERR_INVALID_ARGUMENT` for a
 *   bad key or options argument; a resolver's own errors unchanged
 * @example
 * ```ts
 * const { payload, protectedHeader } = verifyCompact(token, publicKey, { algorithms: ['ES256'] })
 * verifyCompact(detachedToken, publicKey, { algorithms: ['ES256'], detachedPayload: body })
 * ```
 */
export function verifyCompact(
  jws: string,
  keyOrResolver: KeyLike | JWSKeyResolver,
  options?: VerifyOptions,
): CompactVerifyResult {
  const p = parseCompact(jws, options);
  const key = verifySignature(
    p.header,
    p.input,
    p.signature,
    keySource(keyOrResolver),
    p.algorithms,
  );
  return { payload: p.payload, protectedHeader: p.header as JWSHeaderParameters, key };
}

/** A compact JWS whose structure, header and options passed every check: what is left is the signature. */
export interface ParsedCompact {
  header: JsonObject;
  payload: Uint8Array;
  input: Uint8Array | string;
  signature: Uint8Array;
  algorithms: readonly string[] | undefined;
}

/** Everything of {@link verifyCompact} before the key is resolved, shared with the asynchronous API. */
export function parseCompact(jws: string, options: VerifyOptions | undefined): ParsedCompact {
  const { algorithms, crit, maxTokenLength, detachedPayload } = checkOptions(options);
  if (typeof jws !== 'string')
    throw new JoseError('ERR_JWS_INVALID', 'a compact JWS must be a string');
  if (jws.length > maxTokenLength) throw tooLong('ERR_JWS_INVALID', maxTokenLength);
  const dot1 = jws.indexOf('.');
  const dot2 = dot1 < 0 ? -1 : jws.indexOf('.', dot1 + 1);
  if (dot2 < 0 || jws.indexOf('.', dot2 + 1) >= 0)
    throw new JoseError('ERR_JWS_INVALID', 'a compact JWS has exactly three parts');
  const header = receivedHeader(jws, dot1, crit);
  let payload: Uint8Array;
  let input: Uint8Array | string;
  if (dot2 > dot1 + 1 && detachedPayload === undefined && header.b64 !== false) {
    payload = b64uDecode(jws.slice(dot1 + 1, dot2), 'ERR_JWS_INVALID', 'JWS payload');
    // The first two parts passed the base64url check, so the signing input is ASCII.
    input = jws.slice(0, dot2);
  } else {
    const unencoded = header.b64 === false;
    if (unencoded && dot2 > dot1 + 1)
      throw new JoseError(
        'ERR_JWS_INVALID',
        'a compact JWS with "b64": false must have its payload detached',
      );
    payload = detachedContent(dot2 === dot1 + 1 ? 'empty' : 'present', detachedPayload);
    input = unencoded
      ? unencodedInput(jws.slice(0, dot1), payload)
      : `${jws.slice(0, dot1)}.${b64u(payload)}`;
  }
  const signature = b64uDecode(jws.slice(dot2 + 1), 'ERR_JWS_INVALID', 'JWS signature');
  return { header, payload, input, signature, algorithms };
}
