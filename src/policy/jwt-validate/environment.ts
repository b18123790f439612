// The controls a gateway sets around a jwt-validate policy, apart from its properties, so that
// compile() receives them already checked and defaulted.
import type { JWTClaimOptions } from '../../jwt/claims.js';
import {
  splitAllowList,
  VALIDATE_JWE_ALGS,
  VALIDATE_JWE_ENCS,
  VALIDATE_JWS_ALGS,
} from '../algorithms.js';
import { PolicyProblem } from '../errors.js';
import type { PatternMatch } from '../pattern/index.js';
import type { PolicyEnvironment } from '../runner.js';
import type { ValidateAlgorithms } from './keys.js';

/**
 * What a compiled jwt-validate policy needs besides its properties (see {@link PolicyEnvironment}),
 * and the controls a gateway sets around it, which are not policy properties.
 *
 * @example
 * ```ts
 * const env: JwtValidateEnv = { cryptoObjects, clockTolerance: 30, requiredClaims: ['exp'], algorithms: ['RS256'] }
 * ```
 */
export interface JwtValidateEnv extends PolicyEnvironment {
  /**
   * How `iss-claim` / `aud-claim` match: `search` (PCRE's way, the default) or `whole` (the whole value,
   * anchors or not).
   */
  patternMatch?: PatternMatch;
  /** Seconds of leeway for `exp` and `nbf`, 0 to 300 (default 0). */
  clockTolerance?: number;
  /** Claims a token must carry, e.g. `['exp']` (by default a token without `exp` never expires). */
  requiredClaims?: readonly string[];
  /**
   * Allow-list of algorithm names (JWS, key management and content encryption names together);
   * each family it names is restricted to those names, a family it does not name keeps the
   * default: every algorithm the configured key fits.
   */
  algorithms?: readonly string[];
}

/**
 * Checks the controls of `env` and fills in their defaults: the pattern matching mode, the
 * options of the claim checks and the accepted algorithms of each family.
 *
 * @throws {PolicyProblem} when a control holds a wrong value (a `null` included)
 */
export function readControls(env: JwtValidateEnv): {
  match: PatternMatch;
  claimOptions: JWTClaimOptions;
  algs: ValidateAlgorithms;
} {
  // Only an absent control takes its default: a null (a JSON "unset") is refused like any wrong value.
  const match = env.patternMatch === undefined ? 'search' : env.patternMatch;
  if (match !== 'search' && match !== 'whole')
    throw new PolicyProblem('patternMatch: must be "search" or "whole"');
  const tolerance = env.clockTolerance === undefined ? 0 : env.clockTolerance;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance <= 300))
    throw new PolicyProblem('clockTolerance: must be a number of seconds from 0 to 300');
  const required = env.requiredClaims;
  if (
    required !== undefined &&
    (!Array.isArray(required) || !required.every((c) => typeof c === 'string' && c !== ''))
  ) {
    throw new PolicyProblem('requiredClaims: must be an array of claim names');
  }
  const allowed = splitAllowList(env.algorithms);
  const claimOptions: JWTClaimOptions =
    required === undefined
      ? { clockTolerance: tolerance }
      : { clockTolerance: tolerance, requiredClaims: required };
  return {
    match,
    claimOptions,
    algs: {
      jws: allowed.jws ?? VALIDATE_JWS_ALGS,
      jweAlg: allowed.jweAlg ?? VALIDATE_JWE_ALGS,
      jweEnc: allowed.jweEnc ?? VALIDATE_JWE_ENCS,
    },
  };
}
