import { b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { type JsonObject, parseJsonObject } from '../util/json.js';
import { tooLong } from '../util/limits.js';
import { maxTokenLengthOf } from '../util/options.js';
import type { JWTClaims } from './claims.js';
import { claimsFromBytes } from './encode.js';

/** What {@link decodeJWT} can read from a token without any key. */
export interface DecodedJWT {
  /** `JWS` (three parts) or `JWE` (five parts). */
  kind: 'JWS' | 'JWE';
  /** The protected header. */
  header: JsonObject;
  /** A JWS's claims, when its payload is a JSON object; a JWE's are encrypted. */
  claims?: JWTClaims;
}

/**
 * Options of {@link decodeJWT}.
 *
 * @example
 * ```ts
 * const options: DecodeJWTOptions = { maxTokenLength: 16_384 }
 * ```
 */
export interface DecodeJWTOptions {
  /**
   * Longest token read, in characters; a longer one is refused with `ERR_JWT_INVALID` before
   * anything is decoded. Default `DEFAULT_MAX_TOKEN_LENGTH` (256 KiB).
   */
  maxTokenLength?: number;
}

/**
 * Reads a compact token's protected header and, for a JWS, its claims, WITHOUT verifying
 * anything. For display and debugging (the CLI's `inspect`) or to choose a key; never trust
 * what it returns.
 *
 * @param token - a compact JWS or JWE
 * @param options - `maxTokenLength`
 * @throws {JoseError} `ERR_JWT_INVALID` for a token that is not a compact JWS or JWE, or is longer
 *   than `maxTokenLength`; `ERR_INVALID_ARGUMENT` for malformed options
 * @example
 * ```ts
 * const { header, claims } = decodeJWT(token) // unverified!
 * ```
 */
export function decodeJWT(token: string, options?: DecodeJWTOptions): DecodedJWT {
  if (typeof token !== 'string') throw new JoseError('ERR_JWT_INVALID', 'token must be a string');
  const max = maxTokenLengthOf(options);
  if (token.length > max) throw tooLong('ERR_JWT_INVALID', max);
  const parts = token.split('.', 6);
  if (parts.length !== 3 && parts.length !== 5)
    throw new JoseError('ERR_JWT_INVALID', 'token is neither a compact JWS nor a compact JWE');
  const headerText = utf8Decode(
    b64uDecode(parts[0], 'ERR_JWT_INVALID', 'header'),
    'ERR_JWT_INVALID',
    'header',
  );
  const header = parseJsonObject(headerText, 'ERR_JWT_INVALID', 'header');
  if (parts.length === 5) return { kind: 'JWE', header };
  const payload = b64uDecode(parts[1], 'ERR_JWT_INVALID', 'payload');
  try {
    return { kind: 'JWS', header, claims: claimsFromBytes(payload) };
  } catch {
    return { kind: 'JWS', header };
  }
}
