import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../algs/jwe.js';
import type { JWSAlgorithm } from '../../algs/jws.js';
import type { JWTClaimOptions, JWTClaims } from '../../jwt/claims.js';
import { partCount } from '../../jwt/encode.js';
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';
import {
  type ClaimPattern,
  MAX_MATCH_VISITS,
  MAX_MATCHED_AUD_VALUES,
  MAX_MATCHED_CLAIM_LENGTH,
  type MatchBudget,
  MatchBudgetExhausted,
} from '../pattern/index.js';
import { clockOf, type PolicyContract, unwrapPolicy, warn } from '../runner.js';
import { compileSteps, type PolicyRun, runStepsOnce, steps } from '../token-steps.js';
import { type JwtValidateEnv, readControls } from './environment.js';
import { compileDecryptionKey, compileVerificationKey } from './keys.js';
import {
  type JwtValidatePolicy,
  readValidateSettings,
  type ValidateSettings,
} from './properties.js';
import { readToken } from './token-source.js';

// The environment is part of this module's public face (src/policy/index.ts re-exports it).
export type { JwtValidateEnv } from './environment.js';

/**
 * A validated jwt-validate policy, ready to run per request.
 *
 * @example
 * ```ts
 * const validator: CompiledJwtValidate = compileJwtValidate({ 'jws-crypto': 'hmac' }, { cryptoObjects })
 * const claims = validator.execute(context) // also in context.get('decoded.claims')
 * ```
 */
export interface CompiledJwtValidate {
  /**
   * Validates the request's token, writes its claims to the `output-claims` variable and
   * returns them (or `undefined` when a `catch` handled a failure).
   */
  execute(context: RuntimeContext): JWTClaims | undefined;
  /**
   * `execute`, with the signature and decryption work through jose-core/async (off the event
   * loop): the same claims, variables and errors, as a promise.
   */
  executeAsync(context: RuntimeContext): Promise<JWTClaims | undefined>;
}

const CONTRACT: PolicyContract = {
  policy: 'jwt-validate',
  status: 401,
  reason: 'Invalid-JWT-Validate',
};

function mismatch(property: string, message: string): PolicyProblem {
  return new PolicyProblem(`${property}: ${message}`, 'ERR_JWT_CLAIM_INVALID');
}

function bounded(property: string, value: string): string {
  if (value.length > MAX_MATCHED_CLAIM_LENGTH)
    throw mismatch(property, `a claim value is longer than ${MAX_MATCHED_CLAIM_LENGTH} characters`);
  return value;
}

function matches(
  property: string,
  pattern: ClaimPattern,
  value: string,
  budget: MatchBudget,
): boolean {
  try {
    return pattern.test(value, budget);
  } catch (e) {
    if (e instanceof MatchBudgetExhausted) throw mismatch(property, e.message);
    throw e;
  }
}

// RFC 7519 s4.1.3: each recipient identifies itself with one value in "aud", so one matching
// value is enough; the bounds cap the matching work per token.
function checkPatterns(settings: ValidateSettings, claims: JWTClaims): void {
  const budget: MatchBudget = { left: MAX_MATCH_VISITS };
  if (settings.iss !== undefined) {
    if (claims.iss === undefined) throw mismatch('iss-claim', 'the token has no "iss" claim');
    if (!matches('iss-claim', settings.iss, bounded('iss-claim', claims.iss), budget))
      throw mismatch('iss-claim', 'the token\'s "iss" claim does not match');
  }
  if (settings.aud !== undefined) {
    const pattern = settings.aud;
    const aud = claims.aud;
    const values = aud === undefined ? [] : typeof aud === 'string' ? [aud] : aud;
    if (values.length === 0) throw mismatch('aud-claim', 'the token has no "aud" claim');
    if (values.length > MAX_MATCHED_AUD_VALUES)
      throw mismatch('aud-claim', `the token has more than ${MAX_MATCHED_AUD_VALUES} "aud" values`);
    for (const value of values) bounded('aud-claim', value);
    if (!values.some((value) => matches('aud-claim', pattern, value, budget)))
      throw mismatch('aud-claim', 'no "aud" value of the token matches');
  }
}

function shape(message: string): PolicyProblem {
  return new PolicyProblem(`jwt: ${message}`, 'ERR_POLICY_TOKEN_SHAPE');
}

function compile(
  policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy },
  env: JwtValidateEnv,
): (ctx: RuntimeContext) => PolicyRun<JWTClaims> {
  const { match, claimOptions, algs } = readControls(env);
  const settings = readValidateSettings(
    unwrapPolicy(policy, 'jwt-validate') as JwtValidatePolicy,
    match,
  );
  if (settings.iss !== undefined && !settings.iss.anchored) {
    warn(
      CONTRACT,
      env,
      'iss-claim: the pattern is not anchored at both ends (^...$), so it also matches any issuer that contains it',
    );
  }
  const jwsKey = settings.jws && compileVerificationKey(settings.jws, env.cryptoObjects, algs);
  const jweKey = settings.jwe && compileDecryptionKey(settings.jwe, env.cryptoObjects, algs);
  const clock = clockOf(env);

  return function* (ctx) {
    const token = readToken(ctx, settings.tokenVar);
    const options: JWTClaimOptions = { ...claimOptions, currentDate: clock() };
    const parts = partCount(token);
    let claims: JWTClaims;
    if (parts === 3) {
      if (jweKey !== undefined)
        throw shape(
          'the token is not encrypted, but jwe-crypto or jwe-jwk asks for an encrypted token',
        );
      const key = (jwsKey as NonNullable<typeof jwsKey>)(ctx);
      const verified = yield* steps.verifyJWT(token, key, {
        ...options,
        algorithms: algs.jws as readonly JWSAlgorithm[],
      });
      claims = verified.claims;
    } else if (parts === 5) {
      if (jweKey === undefined)
        throw shape('the token is encrypted (JWE), but neither jwe-crypto nor jwe-jwk is set');
      // decryptJWT refuses a nested token without a verification key, and a plain one with it,
      // so a signature is never stripped away (anyone holding an RSA public key can encrypt).
      const nested =
        jwsKey === undefined
          ? {}
          : { verificationKey: jwsKey(ctx), algorithms: algs.jws as readonly JWSAlgorithm[] };
      const decrypted = yield* steps.decryptJWT(token, jweKey(ctx), {
        ...options,
        ...nested,
        // The lists hold table names only (splitAllowList refuses any other).
        keyManagementAlgorithms: algs.jweAlg as readonly KeyManagementAlgorithm[],
        contentEncryptionAlgorithms: algs.jweEnc as readonly ContentEncryptionAlgorithm[],
      });
      claims = decrypted.claims;
    } else {
      throw shape('the token is neither a compact JWS nor a compact JWE');
    }
    checkPatterns(settings, claims);
    ctx.set(settings.output, claims);
    return claims;
  };
}

/**
 * Validates a jwt-validate policy once and returns an executor a gateway calls per request.
 * Accepts the bare properties or the assembly entry `{ "jwt-validate": { ... } }`.
 *
 * Per request the token (the `jwt` variable, else `request.headers.authorization`, then
 * `message.headers.authorization`, `Bearer` scheme) is decrypted when `jwe-*` is set, verified
 * when `jws-*` is set (a nested token is decrypted, then verified), its `exp` and `nbf` are
 * checked, and `iss` / one `aud` value must match the `iss-claim` / `aud-claim` PCREs (anywhere
 * unless anchored, or whole with `patternMatch: 'whole'`). Keys come only from the policy: a
 * crypto object wins over a JWK variable, a JWK Set is searched by `kid` and `alg`, a token's
 * `jwk` header must be the configured key, and the accepted algorithms are those the key fits
 * (narrowed by `env.algorithms`).
 *
 * @param policy - the policy's properties, hyphenated names as in the API definition
 * @param env - crypto objects; optionally a clock, a logger, a catch handler and the controls
 * @throws {PolicyError} (`RuntimeError`, 401, `Invalid-JWT-Validate`) when the policy is invalid;
 *   `detail` names the property at fault
 * @example
 * ```ts
 * const validator = compileJwtValidate({ 'jws-crypto': 'hmac', 'iss-claim': '^https://gw\\.example$' }, { cryptoObjects })
 * const claims = validator.execute(createContext({ 'message.headers.authorization': `Bearer ${token}` }))
 * ```
 */
export function compileJwtValidate(
  policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy },
  env: JwtValidateEnv,
): CompiledJwtValidate {
  return compileSteps(CONTRACT, env, () => compile(policy, env));
}

/**
 * One-shot jwt-validate: compiles and executes. A compile-time problem is reported like any
 * runtime failure: it sets `jwt-validate.error-message`, goes to the logger, and is thrown
 * (or handed to `env.catch`).
 *
 * @returns the verified claims (also written to `output-claims`), or `undefined` when `env.catch`
 *   handled a failure
 * @throws {PolicyError} (`RuntimeError`, 401, `Invalid-JWT-Validate`) on any failure when no
 *   `env.catch` is given; `detail` says what was wrong
 * @example
 * ```ts
 * const claims = jwtValidate({ 'jws-crypto': 'hmac' }, ctx, { cryptoObjects })
 * ctx.get('decoded.claims') === claims // true
 * ```
 */
export function jwtValidate(
  policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy },
  context: RuntimeContext,
  env: JwtValidateEnv,
): JWTClaims | undefined {
  return runStepsOnce(CONTRACT, env, context, () => compile(policy, env));
}
