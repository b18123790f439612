import { JoseError, type JoseErrorCode } from './errors.js';
import { isObject } from './json.js';

/**
 * Longest token, in characters, that the verify, decrypt and decode functions read when their
 * `maxTokenLength` option is absent: 256 KiB. Real tokens are a few kilobytes (a certificate
 * chain in the header makes tens); the limit is compared before anything is decoded or parsed,
 * so a stranger's megabytes cost one comparison. It is also above the default limit of a
 * `zip` plaintext, so the inner token of a compressed nested JWT still fits.
 *
 * @example
 * ```ts
 * // A gateway whose tokens carry large certificate chains raises the limit explicitly
 * verifyJWT(token, key, { algorithms: ['RS256'], maxTokenLength: 2 * DEFAULT_MAX_TOKEN_LENGTH })
 * ```
 */
export const DEFAULT_MAX_TOKEN_LENGTH = 262_144;

/** The error for a token longer than `max` characters; only its length was looked at. */
export function tooLong(code: JoseErrorCode, max: number): JoseError {
  return new JoseError(code, `the token is longer than the limit of ${max} characters`);
}

// A token with more entries is refused for that, so counting further would only add work.
const MAX_COUNTED_ENTRIES = 17;

function stringLengths(o: object): number {
  let n = 0;
  for (const v of Object.values(o)) if (typeof v === 'string') n += v.length;
  return n;
}

/**
 * The length a JSON-serialized token counts against `maxTokenLength`: its text's length, or for
 * an object the total length of its string members and of those of the entries of its `list`
 * member (`signatures` or `recipients`). Header objects are not counted: the caller parsed them.
 */
export function jsonTokenLength(token: unknown, list: 'signatures' | 'recipients'): number {
  if (typeof token === 'string') return token.length;
  if (!isObject(token)) return 0;
  let n = stringLengths(token);
  const entries = token[list];
  if (Array.isArray(entries)) {
    for (let i = 0; i < entries.length && i < MAX_COUNTED_ENTRIES; i++) {
      const entry: unknown = entries[i];
      if (isObject(entry)) n += stringLengths(entry);
    }
  }
  return n;
}

/**
 * Most signatures of a JSON JWS, or recipients of a JSON JWE, that one call tries with the
 * caller's key or resolver: each try may cost a private-key operation (bench/worst-case.mjs
 * measures the dearest) or a public-key one. Entries whose header cannot be for the key (another `kid`
 * than the key's, an algorithm outside the allow-list or that the key does not fit) are not
 * tries; a token leaving more than this many is refused before any cryptography. Give the
 * entries distinct `kid`s (or pass allow-lists) when a token has more candidates.
 */
export const MAX_KEY_ATTEMPTS = 3;
