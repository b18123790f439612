// jose-core/async's JWT functions: the synchronous functions' checks (checkJwtVerify,
// jweHint, verifiedJwt, jwtPlaintext, decryptedJwt) around jose-core/async's JWS and JWE.

import { type AsyncJWEKeyResolver, decryptCompact, encryptCompact } from '../jwe/async.js';
import type { EncryptOptions, JWEHeaderParameters, JWEKeyLike } from '../jwe/types.js';
import type { KeyLike } from '../jwk/coerce.js';
import { type AsyncJWSKeyResolver, signCompact, verifyCompact } from '../jws/async.js';
import type { CompactVerifyResult, JWSHeaderParameters } from '../jws/types.js';
import type { JWTClaims } from './claims.js';
import { claimsToJson } from './encode.js';
import {
  checkJwtVerify,
  checkLength,
  decryptedJwt,
  type JWTDecryptOptions,
  type JWTDecryptResult,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  jweHint,
  jwtPlaintext,
  verifiedJwt,
} from './jwt.js';

/** {@link JWTDecryptOptions} with the inner token's key allowed to be an asynchronous resolver. */
export interface AsyncJWTDecryptOptions extends Omit<JWTDecryptOptions, 'verificationKey'> {
  /** Key (or resolver, which may answer with a promise) that verifies the inner JWS of a nested token. */
  verificationKey?: KeyLike | AsyncJWSKeyResolver;
}

/**
 * The synchronous `signJWT`, with RSA, ECDSA and EdDSA signing on libuv's thread pool.
 *
 * @example
 * ```ts
 * const token = await signJWT({ sub: 'alice' }, { alg: 'RS256', kid: 'k1' }, rsaPrivateKey)
 * ```
 */
export async function signJWT(
  claims: JWTClaims,
  protectedHeader: JWSHeaderParameters,
  key: KeyLike,
): Promise<string> {
  return await signCompact(claimsToJson(claims), protectedHeader, key);
}

/**
 * The synchronous `encryptJWT` (claims, or a signed JWT to nest), with PBES2 on libuv's thread pool.
 *
 * @example
 * ```ts
 * const signed = await signJWT(claims, { alg: 'RS256' }, signingKey)
 * const nested = await encryptJWT(signed, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }, rsaPublicKey)
 * ```
 */
export async function encryptJWT(
  claims: JWTClaims | string,
  protectedHeader: JWEHeaderParameters,
  key: JWEKeyLike,
  options?: EncryptOptions,
): Promise<string> {
  const { plaintext, header } = jwtPlaintext(claims, protectedHeader);
  return await encryptCompact(plaintext, header, key, options);
}

/**
 * The synchronous `verifyJWT`, with an asynchronous resolver or a remote key set allowed and
 * the signature checked on libuv's thread pool; same checks, same errors (as rejections).
 *
 * @example
 * ```ts
 * const keys = createRemoteKeySet(jwksUrl)
 * const { claims } = await verifyJWT(token, keys, { algorithms: ['RS256'], issuer: 'https://idp.example' })
 * ```
 */
export async function verifyJWT(
  token: string,
  keyOrResolver: KeyLike | AsyncJWSKeyResolver,
  options: JWTVerifyOptions = {},
): Promise<JWTVerifyResult> {
  checkJwtVerify(token, options);
  let verified: CompactVerifyResult;
  try {
    verified = await verifyCompact(token, keyOrResolver, options);
  } catch (e) {
    throw jweHint(e, token);
  }
  return verifiedJwt(verified, options);
}

/**
 * The synchronous `decryptJWT`, with asynchronous resolvers allowed for both layers and the
 * private-key work on libuv's thread pool.
 *
 * @example
 * ```ts
 * const options = { keyManagementAlgorithms: ['RSA-OAEP-256'], verificationKey: remoteSet }
 * const { claims } = await decryptJWT(token, rsaPrivateKey, options)
 * ```
 */
export async function decryptJWT(
  token: string,
  decryptionKey: JWEKeyLike | AsyncJWEKeyResolver,
  options: AsyncJWTDecryptOptions = {},
): Promise<JWTDecryptResult> {
  checkLength(token, options);
  const opened = decryptedJwt(await decryptCompact(token, decryptionKey, options), options);
  if (opened.inner === undefined) return opened.result;
  const result = await verifyJWT(
    opened.inner,
    options.verificationKey as KeyLike | AsyncJWSKeyResolver,
    options,
  );
  return {
    claims: result.claims,
    protectedHeader: opened.protectedHeader,
    jwsHeader: result.protectedHeader,
    key: opened.key,
  };
}
