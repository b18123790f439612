/**
 * Stable error codes carried by every {@link JoseError}. Callers branch on these,
 * never on message text.
 *
 * - `ERR_INVALID_ARGUMENT`: an API argument of the wrong type or shape.
 * - `ERR_NOT_SUPPORTED`: a well-formed request for something this library does not do.
 * - `ERR_JWS_INVALID` / `ERR_JWE_INVALID` / `ERR_JWT_INVALID`: malformed token or header.
 * - `ERR_JWS_SIGNATURE_INVALID`: the signature or MAC does not verify.
 * - `ERR_JWE_DECRYPTION_FAILED`: any decryption failure; deliberately one code and one message.
 * - `ERR_JWT_CLAIM_INVALID` / `ERR_JWT_EXPIRED`: a claim check failed.
 * - `ERR_ALG_NOT_ALLOWED`: the token's algorithm is outside the caller's allow-list.
 * - `ERR_JWK_INVALID` / `ERR_KEY_INVALID`: key material that cannot be imported.
 * - `ERR_KEY_UNSUITABLE`: a valid key used for an algorithm or operation it does not fit.
 * - `ERR_KEY_NOT_FOUND` / `ERR_KEY_AMBIGUOUS`: a key set had no, or several, matching keys.
 * - `ERR_JWKS_FETCH`: a remote JWK Set could not be fetched (network, HTTP status, timeout,
 *   size limit, a redirect to another origin) and no usable copy was cached.
 * - `ERR_JWKS_INVALID`: a remote JWK Set's response was not a JWK Set (not JSON, no `keys` array).
 */
export type JoseErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_NOT_SUPPORTED'
  | 'ERR_JWS_INVALID'
  | 'ERR_JWS_SIGNATURE_INVALID'
  | 'ERR_JWE_INVALID'
  | 'ERR_JWE_DECRYPTION_FAILED'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWT_CLAIM_INVALID'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_ALG_NOT_ALLOWED'
  | 'ERR_JWK_INVALID'
  | 'ERR_KEY_INVALID'
  | 'ERR_KEY_UNSUITABLE'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_KEY_AMBIGUOUS'
  | 'ERR_JWKS_FETCH'
  | 'ERR_JWKS_INVALID';

/**
 * The one error type thrown by jose-core for bad input, failed verification and key misuse.
 * Messages describe what was wrong without echoing key material or whole tokens.
 *
 * @example
 * ```ts
 * try { verifyCompact(token, key) } catch (e) {
 *   if (e instanceof JoseError && e.code === 'ERR_JWS_SIGNATURE_INVALID') reject()
 * }
 * ```
 */
export class JoseError extends Error {
  /** Stable machine-readable code. */
  readonly code: JoseErrorCode;
  /** For claim failures: the name of the claim at fault. */
  readonly claim?: string;

  constructor(code: JoseErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'JoseError';
    this.code = code;
    if (options?.claim !== undefined) this.claim = options.claim;
  }
}
