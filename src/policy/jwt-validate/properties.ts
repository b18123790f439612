import { checkValueLengths, dialectOf } from '../algorithms.js';
import { PolicyProblem } from '../errors.js';
import { type ClaimPattern, compileClaimPattern, type PatternMatch } from '../pattern/index.js';

/**
 * The jwt-validate policy's properties, named exactly as under `- jwt-validate:` in an API
 * definition. `iss-claim` and `aud-claim` are PCREs, matched as PCRE does: anywhere in the value
 * unless anchored with `^` / `$` (see the README for the supported syntax).
 *
 * @example
 * ```ts
 * const policy: JwtValidatePolicy = { 'jws-crypto': 'partner-cert', 'iss-claim': 'https://idp\\.example\\.com', 'aud-claim': 'orders-api' }
 * ```
 */
export interface JwtValidatePolicy {
  /** Display name of this policy instance; must be a non-empty string, otherwise unused. */
  title?: string;
  /** Free-text description; must be a non-empty string, otherwise unused. */
  description?: string;
  /** `1.0.0` (DataPower Gateway, v5 compatible; the default) or `2.x.y` (DataPower API Gateway). */
  version?: string;
  /**
   * Variable holding the compact token; without it `request.headers.authorization`, then
   * `message.headers.authorization` (`Bearer` scheme).
   */
  jwt?: string;
  /** Variable to receive the verified claims (default `decoded.claims`). */
  'output-claims'?: string;
  /** PCRE the `iss` claim must match (anywhere unless anchored; anchor it: `^https://idp\.example$`). */
  'iss-claim'?: string;
  /** PCRE one of the token's `aud` values must match. */
  'aud-claim'?: string;
  /**
   * Name of the verification crypto object (shared secret key or crypto certificate); wins over `jws-jwk`.
   */
  'jws-crypto'?: string;
  /** Variable holding the verification JWK or JWK Set. */
  'jws-jwk'?: string;
  /** Name of the decryption crypto object (shared secret key or crypto key); wins over `jwe-jwk`. */
  'jwe-crypto'?: string;
  /** Variable holding the decryption JWK or JWK Set. */
  'jwe-jwk'?: string;
}

/** Where one key comes from, before the precedence rule is applied. @internal */
export interface KeySpec {
  crypto: string | undefined;
  jwkVar: string | undefined;
}

/** The policy after validation, with defaults applied. @internal */
export interface ValidateSettings {
  /** The token variable, or `undefined` for the Authorization header. */
  tokenVar: string | undefined;
  output: string;
  iss: ClaimPattern | undefined;
  aud: ClaimPattern | undefined;
  jws: KeySpec | undefined;
  jwe: KeySpec | undefined;
}

const STRING_PROPS = [
  'title',
  'description',
  'version',
  'jwt',
  'output-claims',
  'iss-claim',
  'aud-claim',
  'jws-crypto',
  'jws-jwk',
  'jwe-crypto',
  'jwe-jwk',
] as const;
const KNOWN: ReadonlySet<string> = new Set<string>(STRING_PROPS);

function spec(props: JwtValidatePolicy, prefix: 'jws' | 'jwe'): KeySpec | undefined {
  const crypto = props[`${prefix}-crypto`];
  const jwkVar = props[`${prefix}-jwk`];
  return crypto === undefined && jwkVar === undefined ? undefined : { crypto, jwkVar };
}

function pattern(
  props: JwtValidatePolicy,
  name: 'iss-claim' | 'aud-claim',
  match: PatternMatch,
): ClaimPattern | undefined {
  const source = props[name];
  if (source === undefined) return undefined;
  try {
    return compileClaimPattern(source, match);
  } catch (e) {
    if (e instanceof PolicyProblem) throw new PolicyProblem(`${name}: ${e.message}`);
    throw e;
  }
}

/** Validates the properties, compiles the claim patterns and applies the defaults. @internal */
export function readValidateSettings(
  props: JwtValidatePolicy,
  match: PatternMatch,
): ValidateSettings {
  for (const name of Object.keys(props))
    if (!KNOWN.has(name)) throw new PolicyProblem(`${name}: is not a jwt-validate property`);
  for (const name of STRING_PROPS) {
    const v: unknown = props[name];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === ''))
      throw new PolicyProblem(`${name}: must be a non-empty string`);
  }
  // Both dialects validate with the same properties; 2.x only caps the pattern lengths as the
  // API Gateway does. The version is always checked, so a typo cannot pass for a dialect.
  checkValueLengths(props, ['iss-claim', 'aud-claim'], dialectOf(props.version));
  const jws = spec(props, 'jws');
  const jwe = spec(props, 'jwe');
  if (jws === undefined && jwe === undefined) {
    throw new PolicyProblem(
      'jws-crypto: no verification or decryption key is configured (set jws-crypto, jws-jwk, jwe-crypto or jwe-jwk); an unsecured JWT is never accepted',
    );
  }
  return {
    tokenVar: props.jwt,
    output: props['output-claims'] ?? 'decoded.claims',
    iss: pattern(props, 'iss-claim', match),
    aud: pattern(props, 'aud-claim', match),
    jws,
    jwe,
  };
}
