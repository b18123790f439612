import { Buffer } from 'node:buffer';
import type { JWSAlgorithm } from '../algs/jws.js';
import { decryptCompact, encryptCompact } from '../jwe/compact.js';
import type {
  DecryptOptions,
  EncryptOptions,
  JWEHeaderParameters,
  JWEKeyLike,
  JWEKeyResolver,
} from '../jwe/types.js';
import type { KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';
import { signCompact, verifyCompact } from '../jws/compact.js';
import type {
  CompactVerifyResult,
  JWSHeaderParameters,
  JWSKeyResolver,
  VerifyOptions,
} from '../jws/types.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { tooLong } from '../util/limits.js';
import { maxTokenLengthOf } from '../util/options.js';
import { type JWTClaimOptions, type JWTClaims, validateClaims } from './claims.js';
import { claimsFromBytes, claimsToJson, isNestedJwt, partCount } from './encode.js';

// Compared before the JWS or JWE layer sees the token, so that an oversized token is refused as a
// JWT, and is never scanned for its parts.
export function checkLength(token: unknown, options: unknown): void {
  const max = maxTokenLengthOf(options);
  if (typeof token === 'string' && token.length > max) throw tooLong('ERR_JWT_INVALID', max);
}

/** Options of {@link verifyJWT}: the JWS allow-lists plus the claim checks (a JWT never has detached content). */
export interface JWTVerifyOptions extends Omit<VerifyOptions, 'detachedPayload'>, JWTClaimOptions {}

/** Options of {@link decryptJWT}: the JWE allow-lists, the claim checks and, for nested tokens, the inner JWS's key and allow-list. */
export interface JWTDecryptOptions extends DecryptOptions, JWTClaimOptions {
  /** Key (or resolver) that verifies the inner JWS of a nested token. Required for nested tokens, and then a non-nested token is refused. */
  verificationKey?: KeyLike | JWSKeyResolver;
  /** Allow-list of JWS algorithms for the inner token. */
  algorithms?: readonly JWSAlgorithm[];
}

/** Result of {@link verifyJWT}. */
export interface JWTVerifyResult {
  /** The checked claim set. */
  claims: JWTClaims;
  /** The JWS's decoded protected header. */
  protectedHeader: JWSHeaderParameters;
  /** The key that verified the signature (the resolver's pick, when a resolver was given). */
  key: JoseKey;
}

/** Result of {@link decryptJWT}; `jwsHeader` is the inner token's header when the token was nested. */
export interface JWTDecryptResult {
  /** The checked claim set (for a nested token, the inner JWS's). */
  claims: JWTClaims;
  /** The JWE's decoded protected header. */
  protectedHeader: JWEHeaderParameters;
  /** The inner JWS's decoded protected header; present only for a nested token. */
  jwsHeader?: JWSHeaderParameters;
  /** The key that decrypted the token (the resolver's pick, when a resolver was given), as {@link JWTVerifyResult.key}. */
  key: JoseKey;
}

// A spread-built header is slow for V8 to create and to read (bench/README.md, "nested ...
// encrypt"); copying the members into a fresh object gives the same result cheaply.
function withNestedCty(header: JWEHeaderParameters): JWEHeaderParameters {
  const out: JWEHeaderParameters = {};
  for (const name of Object.keys(header)) {
    if (name === '__proto__')
      Object.defineProperty(out, name, {
        value: header[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[name] = header[name];
  }
  out.cty = 'JWT';
  return out;
}

/**
 * Signs a claim set as a compact JWS (RFC 7519 s7.1).
 *
 * @param claims - a JSON object of claims
 * @param protectedHeader - JWS header; needs `alg` (add `typ: 'JWT'` if your peers want it)
 * @param key - signing key
 * @throws {JoseError} `ERR_JWT_INVALID` when `claims` is not a JSON object; the errors of {@link signCompact}
 * @example
 * ```ts
 * const token = signJWT({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 300 }, { alg: 'HS256', typ: 'JWT' }, key)
 * ```
 */
export function signJWT(
  claims: JWTClaims,
  protectedHeader: JWSHeaderParameters,
  key: KeyLike,
): string {
  return signCompact(claimsToJson(claims), protectedHeader, key);
}

/**
 * Encrypts a claim set as a compact JWE, or, given a compact JWS string (a signed JWT), nests it:
 * the JWS becomes the plaintext and the JWE header gets `cty: "JWT"` (RFC 7519 s5.2, s11.2).
 *
 * @param claims - a JSON object of claims, or a signed JWT for sign-then-encrypt
 * @param protectedHeader - JWE header with `alg` and `enc`
 * @param key - key-management key (recipient public key, KEK, `dir` CEK, or a PBES2 password)
 * @param options - test-only CEK/IV, see {@link encryptCompact}
 * @throws {JoseError} `ERR_JWT_INVALID` for claims that are neither an object nor a compact JWS, or
 *   for claims under a header whose `cty` says nested JWT; the errors of {@link encryptCompact}
 * @example
 * ```ts
 * const nested = encryptJWT(signJWT(claims, { alg: 'HS256' }, hmacKey), { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek)
 * ```
 */
export function encryptJWT(
  claims: JWTClaims | string,
  protectedHeader: JWEHeaderParameters,
  key: JWEKeyLike,
  options?: EncryptOptions,
): string {
  const { plaintext, header } = jwtPlaintext(claims, protectedHeader);
  return encryptCompact(plaintext, header, key, options);
}

/** What {@link encryptJWT} encrypts, and under which header. */
export function jwtPlaintext(
  claims: JWTClaims | string,
  protectedHeader: JWEHeaderParameters,
): { plaintext: string; header: JWEHeaderParameters } {
  if (typeof claims === 'string') {
    if (partCount(claims) !== 3)
      throw new JoseError('ERR_JWT_INVALID', 'only a compact JWS can be nested in a JWE');
    return { plaintext: claims, header: withNestedCty(protectedHeader) };
  }
  // Claims marked as a nested JWT would be refused by every decryptJWT.
  if (isObject(protectedHeader) && isNestedJwt(protectedHeader.cty))
    throw new JoseError(
      'ERR_JWT_INVALID',
      '"cty": "JWT" marks a nested JWT: pass the signed token, not claims',
    );
  return { plaintext: claimsToJson(claims), header: protectedHeader };
}

/**
 * Verifies a signed JWT and checks its claims. `exp` and `nbf` are always checked when present.
 *
 * @param token - compact JWS
 * @param keyOrResolver - verification key, or a resolver such as {@link createLocalKeySet}
 * @param options - `algorithms` allow-list, `crit`, `maxTokenLength`, and claim checks
 * @throws {JoseError} `ERR_JWT_INVALID` for a token longer than `maxTokenLength` (default
 *   `DEFAULT_MAX_TOKEN_LENGTH`, compared before anything else) or a payload that is not a claim set;
 *   the errors of {@link verifyCompact};
 *   `ERR_JWT_EXPIRED` or `ERR_JWT_CLAIM_INVALID` (with `claim`) when a check fails
 * @example
 * ```ts
 * const { claims } = verifyJWT(token, key, { algorithms: ['HS256'], issuer: 'https://issuer.example', audience: 'api' })
 * ```
 */
export function verifyJWT(
  token: string,
  keyOrResolver: KeyLike | JWSKeyResolver,
  options: JWTVerifyOptions = {},
): JWTVerifyResult {
  checkJwtVerify(token, options);
  let verified: ReturnType<typeof verifyCompact>;
  try {
    verified = verifyCompact(token, keyOrResolver, options);
  } catch (e) {
    throw jweHint(e, token);
  }
  return verifiedJwt(verified, options);
}

/** The checks {@link verifyJWT} makes before the JWS layer sees the token. */
export function checkJwtVerify(token: unknown, options: JWTVerifyOptions): void {
  checkLength(token, options);
  // RFC 7519 s7.2: the claims are the JWS's own base64url payload, never detached (so never
  // b64 false either: a compact JWS with it is always detached).
  if ((options as VerifyOptions).detachedPayload !== undefined) {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'a JWT has no detached payload');
  }
}

/** A JWS layer's error `e` for `token`, or, when the token is a JWE, the error saying so. */
export function jweHint(e: unknown, token: unknown): unknown {
  // A JWE fails as a JWS with too many parts; only then is it worth counting them to say so.
  const fiveParts = typeof token === 'string' && partCount(token) === 5;
  if (e instanceof JoseError && e.code === 'ERR_JWS_INVALID' && fiveParts) {
    return new JoseError('ERR_JWT_INVALID', 'token is a JWE; use decryptJWT');
  }
  return e;
}

/** The claims of a verified JWS, checked. */
export function verifiedJwt(
  verified: CompactVerifyResult,
  options: JWTVerifyOptions,
): JWTVerifyResult {
  const { payload, protectedHeader, key } = verified;
  const claims = claimsFromBytes(payload);
  validateClaims(claims, protectedHeader, options);
  return { claims, protectedHeader, key };
}

/**
 * Decrypts an encrypted JWT and checks its claims. A nested token (`cty: "JWT"`) has its inner
 * JWS verified with `options.verificationKey`, which is then required; when a verification key
 * is given, a token that is not nested is refused, so a signature cannot be stripped away.
 *
 * @param token - compact JWE
 * @param decryptionKey - decryption key (a password for PBES2) or resolver
 * @param options - JWE allow-lists, claim checks, and `verificationKey`/`algorithms` for nested tokens
 * @throws {JoseError} the errors of {@link decryptCompact} and {@link verifyJWT}; `ERR_JWT_INVALID` when
 *   nesting and `verificationKey` disagree, or for a token (or a nested token's inner JWS) longer
 *   than `maxTokenLength`, compared before anything else
 * @example
 * ```ts
 * const { claims } = decryptJWT(token, kek, { verificationKey: hmacKey, algorithms: ['HS256'], issuer: 'gw' })
 * ```
 */
export function decryptJWT(
  token: string,
  decryptionKey: JWEKeyLike | JWEKeyResolver,
  options: JWTDecryptOptions = {},
): JWTDecryptResult {
  checkLength(token, options);
  const opened = decryptedJwt(decryptCompact(token, decryptionKey, options), options);
  if (opened.inner === undefined) return opened.result;
  const result = verifyJWT(
    opened.inner,
    options.verificationKey as KeyLike | JWSKeyResolver,
    options,
  );
  return {
    claims: result.claims,
    protectedHeader: opened.protectedHeader,
    jwsHeader: result.protectedHeader,
    key: opened.key,
  };
}

/**
 * A decrypted JWT: its checked claims, or, for a nested token, the inner JWS still to verify
 * (with the JWE's header and key to report along with it).
 */
export function decryptedJwt(
  decrypted: { plaintext: Uint8Array; protectedHeader: JWEHeaderParameters; key: JoseKey },
  options: JWTClaimOptions & { verificationKey?: unknown },
):
  | { inner: undefined; result: JWTDecryptResult }
  | { inner: string; protectedHeader: JWEHeaderParameters; key: JoseKey } {
  const { plaintext, protectedHeader, key } = decrypted;
  const nested = isNestedJwt(protectedHeader.cty);
  if (nested !== (options.verificationKey !== undefined)) {
    throw new JoseError(
      'ERR_JWT_INVALID',
      nested
        ? 'nested JWT needs options.verificationKey'
        : 'expected a nested (signed, then encrypted) JWT',
    );
  }
  if (!nested) {
    const claims = claimsFromBytes(plaintext);
    validateClaims(claims, protectedHeader, options);
    return { inner: undefined, result: { claims, protectedHeader, key } };
  }
  // A view, not a copy: latin1 maps each octet to one character, and any octet outside base64url
  // then fails the inner token's checks.
  const inner = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString(
    'latin1',
  );
  return { inner, protectedHeader, key };
}
