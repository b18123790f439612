import { JoseError } from '../util/errors.js';

/** A JWT claim set (RFC 7519 s4) with the registered claims typed. */
export interface JWTClaims {
  /** Issuer (RFC 7519 s4.1.1), checked against `issuer` when given. */
  iss?: string;
  /** Subject (RFC 7519 s4.1.2), checked against `subject` when given. */
  sub?: string;
  /** Audience (RFC 7519 s4.1.3): one string or several; `audience` must name one of them when given. */
  aud?: string | string[];
  /** Expiration time (RFC 7519 s4.1.4), a NumericDate: seconds since the epoch, possibly fractional. Checked whenever present. */
  exp?: number;
  /** Not-before time (RFC 7519 s4.1.5), a NumericDate in seconds. Checked whenever present. */
  nbf?: number;
  /** Issued-at time (RFC 7519 s4.1.6), a NumericDate in seconds; must not be in the future, and is what `maxTokenAge` counts from. */
  iat?: number;
  /** JWT ID (RFC 7519 s4.1.7), unique per token; replay checks on it are the caller's. */
  jti?: string;
  [claim: string]: unknown;
}

/** Claim checks applied by {@link verifyJWT} and {@link decryptJWT}. */
export interface JWTClaimOptions {
  /** Expected `iss`; with several, any one of them. */
  issuer?: string | readonly string[];
  /** Expected audience; the token's `aud` (string or array) must contain one of these. */
  audience?: string | readonly string[];
  /** Expected `sub`. */
  subject?: string;
  /** Expected `typ` header value, compared as a media type (case-insensitive, `application/` optional). */
  typ?: string;
  /** Maximum age in seconds since `iat`; makes `iat` required. */
  maxTokenAge?: number;
  /** Seconds of leeway for `exp`, `nbf`, `iat` and `maxTokenAge` (default 0, at most 300). */
  clockTolerance?: number;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** The time to check against: a fixed `Date`, or a clock read once per call (default: the system clock). */
  currentDate?: Date | (() => Date);
}

/** Clock skew beyond five minutes hides real expiry problems; larger tolerances are refused. */
const MAX_CLOCK_TOLERANCE = 300;

function claimError(claim: string, message: string): JoseError {
  return new JoseError('ERR_JWT_CLAIM_INVALID', message, { claim });
}

function numericDate(v: unknown, name: 'exp' | 'nbf' | 'iat'): number | undefined {
  if (v === undefined) return undefined;
  // RFC 7519 s2: a JSON number of seconds, possibly non-integer. Beyond 2^53 seconds a NumericDate
  // is no longer exact (1e300 would make a token that never expires), so such values are refused.
  if (typeof v !== 'number' || !(Math.abs(v) <= Number.MAX_SAFE_INTEGER)) {
    throw claimError(name, `"${name}" claim must be a NumericDate within +/-(2^53 - 1) seconds`);
  }
  return v;
}

function oneOf(value: unknown, expected: string | readonly string[]): boolean {
  return typeof expected === 'string' ? value === expected : expected.includes(value as string);
}

function normalizeTyp(t: string): string {
  const lower = t.toLowerCase();
  return lower.startsWith('application/') ? lower.slice(12) : lower;
}

function stringClaim(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'string')
    throw claimError(name, `"${name}" claim must be a string`);
}

/** The time to check against, in seconds. */
function nowSeconds(clock: unknown): number {
  if (clock === undefined) return Date.now() / 1000;
  const date: unknown = typeof clock === 'function' ? clock() : clock;
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms))
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      'currentDate must be a valid Date or a function returning one',
    );
  return ms / 1000;
}

const isStringList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

// The expectations are compared with what a token holds, so a wrong type would be a TypeError
// deep inside a comparison, or a check that silently passes.
function checkExpectations(options: JWTClaimOptions): void {
  const wrong = (name: string, type: string): JoseError =>
    new JoseError('ERR_INVALID_ARGUMENT', `${name} must be ${type}`);
  if (
    options.issuer !== undefined &&
    typeof options.issuer !== 'string' &&
    !isStringList(options.issuer)
  )
    throw wrong('issuer', 'a string or an array of strings');
  if (
    options.audience !== undefined &&
    typeof options.audience !== 'string' &&
    !isStringList(options.audience)
  )
    throw wrong('audience', 'a string or an array of strings');
  if (options.subject !== undefined && typeof options.subject !== 'string')
    throw wrong('subject', 'a string');
  if (options.typ !== undefined && typeof options.typ !== 'string') throw wrong('typ', 'a string');
  if (options.requiredClaims !== undefined && !isStringList(options.requiredClaims))
    throw wrong('requiredClaims', 'an array of strings');
}

/**
 * Checks registered claim types always, and the expectations in `options`.
 * @internal
 */
export function validateClaims(
  claims: JWTClaims,
  header: { typ?: unknown },
  options: JWTClaimOptions,
): void {
  checkExpectations(options);
  stringClaim(claims.iss, 'iss');
  stringClaim(claims.sub, 'sub');
  stringClaim(claims.jti, 'jti');
  const aud = claims.aud;
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  ) {
    throw claimError('aud', '"aud" claim must be a string or an array of strings');
  }
  const exp = numericDate(claims.exp, 'exp');
  const nbf = numericDate(claims.nbf, 'nbf');
  const iat = numericDate(claims.iat, 'iat');

  const tolerance = options.clockTolerance ?? 0;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance <= MAX_CLOCK_TOLERANCE)) {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      `clockTolerance must be a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE}`,
    );
  }
  const now = nowSeconds(options.currentDate);

  if (options.requiredClaims !== undefined) {
    for (const name of options.requiredClaims) {
      // Own members only: "constructor" or "toString" must not be found on Object.prototype.
      if (!Object.hasOwn(claims, name)) throw claimError(name, `"${name}" claim is required`);
    }
  }
  if (
    options.typ !== undefined &&
    (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== normalizeTyp(options.typ))
  ) {
    throw claimError('typ', 'unexpected "typ" header');
  }
  if (options.issuer !== undefined && !oneOf(claims.iss, options.issuer))
    throw claimError('iss', 'unexpected "iss" claim');
  if (options.subject !== undefined && claims.sub !== options.subject)
    throw claimError('sub', 'unexpected "sub" claim');
  if (options.audience !== undefined) {
    const auds = typeof aud === 'string' ? [aud] : (aud ?? []);
    if (!auds.some((a) => oneOf(a, options.audience as string | readonly string[])))
      throw claimError('aud', 'unexpected "aud" claim');
  }
  // RFC 7519 s4.1.4: the current time must be before exp.
  if (exp !== undefined && now - tolerance >= exp)
    throw new JoseError('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed', { claim: 'exp' });
  if (nbf !== undefined && now + tolerance < nbf)
    throw claimError('nbf', '"nbf" claim timestamp check failed');
  if (iat !== undefined && iat > now + tolerance)
    throw claimError('iat', '"iat" claim is in the future');
  if (options.maxTokenAge !== undefined) {
    const max = options.maxTokenAge;
    if (typeof max !== 'number' || !(max >= 0) || !Number.isFinite(max))
      throw new JoseError('ERR_INVALID_ARGUMENT', 'maxTokenAge must be a number of seconds');
    if (iat === undefined) throw claimError('iat', '"iat" claim is required by maxTokenAge');
    if (now - iat > max + tolerance)
      throw new JoseError('ERR_JWT_EXPIRED', '"iat" claim is older than maxTokenAge', {
        claim: 'iat',
      });
  }
}
