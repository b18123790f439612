import { Buffer } from 'node:buffer';
import { validateClaims, type JWTClaims } from '../../jwt/claims.js';
import { claimsFromBytes, isNestedJwt } from '../../jwt/encode.js';
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';
import { unwrapPolicy, type PolicyContract, type PolicyEnvironment } from '../runner.js';
import { compileSteps, runStepsOnce, steps, type PolicyRun } from '../token-steps.js';
import { compileDecryptionKey, compileVerificationKey, VALIDATE_JWE_ALGS, VALIDATE_JWE_ENCS, VALIDATE_JWS_ALGS } from './keys.js';
import { readValidateSettings, type JwtValidatePolicy, type ValidateSettings } from './properties.js';

/**
 * What a compiled jwt-validate policy needs besides its properties (see {@link PolicyEnvironment}).
 *
 * @example
 * ```ts
 * const env: JwtValidateEnv = { cryptoObjects, now: () => new Date(), logger: { error: (m) => log.warn(m) } }
 * ```
 */
export interface JwtValidateEnv extends PolicyEnvironment {}

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

const CONTRACT: PolicyContract = { policy: 'jwt-validate', status: 401, reason: 'Invalid-JWT-Validate' };
const AUTHORIZATION = 'message.headers.authorization';
// RFC 6750 s2.1: the scheme is case-insensitive; a compact token has no whitespace.
const BEARER = /^Bearer +(\S+) *$/i;

function readToken(ctx: RuntimeContext, tokenVar: string | undefined): string {
  const name = tokenVar ?? AUTHORIZATION;
  const value = ctx.get(name);
  if (typeof value !== 'string' || value === '') {
    if (tokenVar === undefined) throw new PolicyProblem('jwt: the request has no Authorization header');
    throw new PolicyProblem(`jwt: variable "${name}" ${value === undefined ? 'is not set' : 'must hold the token as a string'}`);
  }
  if (name.toLowerCase() !== AUTHORIZATION) return value;
  const bearer = BEARER.exec(value);
  if (bearer === null) throw new PolicyProblem('jwt: the Authorization header does not hold a Bearer token');
  return bearer[1] as string;
}

function segments(token: string): number {
  let n = 1;
  for (let i = token.indexOf('.'); i !== -1 && n < 6; i = token.indexOf('.', i + 1)) n++;
  return n;
}

// Every `aud` value must match, so a token that also names other audiences is refused unless the
// pattern admits them too (the stricter reading of the "each aud value").
function checkPatterns(settings: ValidateSettings, claims: JWTClaims): void {
  if (settings.iss !== undefined) {
    if (claims.iss === undefined) throw new PolicyProblem('iss-claim: the token has no "iss" claim');
    if (!settings.iss(claims.iss)) throw new PolicyProblem('iss-claim: the token\'s "iss" claim does not match');
  }
  if (settings.aud !== undefined) {
    const aud = claims.aud;
    const values = aud === undefined ? [] : typeof aud === 'string' ? [aud] : aud;
    if (values.length === 0) throw new PolicyProblem('aud-claim: the token has no "aud" claim');
    if (!values.every((a) => settings.aud?.(a))) throw new PolicyProblem('aud-claim: an "aud" value of the token does not match');
  }
}

function compile(policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy }, env: JwtValidateEnv): (ctx: RuntimeContext) => PolicyRun<JWTClaims> {
  const settings = readValidateSettings(unwrapPolicy(policy, 'jwt-validate') as JwtValidatePolicy);
  const jwsKey = settings.jws && compileVerificationKey(settings.jws, env.cryptoObjects);
  const jweKey = settings.jwe && compileDecryptionKey(settings.jwe, env.cryptoObjects);
  const now = env.now ?? (() => new Date());
  function* verify(token: string, ctx: RuntimeContext, currentDate: Date): PolicyRun<JWTClaims> {
    return (yield* steps.verifyJWT(token, (jwsKey as NonNullable<typeof jwsKey>)(ctx), { algorithms: VALIDATE_JWS_ALGS, currentDate })).claims;
  }

  return function* (ctx) {
    const token = readToken(ctx, settings.tokenVar);
    const currentDate = now();
    const parts = segments(token);
    let claims: JWTClaims;
    if (parts === 3) {
      if (jweKey !== undefined) throw new PolicyProblem('jwt: the token is not encrypted, but jwe-crypto or jwe-jwk asks for an encrypted token');
      claims = yield* verify(token, ctx, currentDate);
    } else if (parts === 5) {
      if (jweKey === undefined) throw new PolicyProblem('jwt: the token is encrypted (JWE), but neither jwe-crypto nor jwe-jwk is set');
      const { plaintext, protectedHeader } = yield* steps.decryptCompact(token, jweKey(ctx), {
        keyManagementAlgorithms: VALIDATE_JWE_ALGS,
        contentEncryptionAlgorithms: VALIDATE_JWE_ENCS,
      });
      const nested = isNestedJwt(protectedHeader.cty);
      // Anyone holding an RSA public key can encrypt claims: when a signature is configured, an
      // encrypted token without one inside is refused rather than trusted.
      if (nested && jwsKey === undefined) throw new PolicyProblem('jws-jwk: the token is signed, then encrypted, but neither jws-crypto nor jws-jwk is set to verify it');
      if (!nested && jwsKey !== undefined) throw new PolicyProblem('jwt: the token is encrypted but not signed (its "cty" is not "JWT"), while jws-crypto or jws-jwk asks for a signature');
      if (nested) {
        claims = yield* verify(Buffer.from(plaintext).toString('latin1'), ctx, currentDate);
      } else {
        claims = claimsFromBytes(plaintext);
        validateClaims(claims, protectedHeader, { currentDate });
      }
    } else {
      throw new PolicyProblem('jwt: the token is neither a compact JWS nor a compact JWE');
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
 * Per request the token (the `jwt` variable, else the `Authorization: Bearer` header) is
 * decrypted when `jwe-*` is set, verified when `jws-*` is set (a nested token is decrypted, then
 * verified), its `exp` and `nbf` are checked, and `iss` / every `aud` value must match the
 * `iss-claim` / `aud-claim` patterns, whole. Keys come only from the policy: a crypto object wins
 * over a JWK variable, a JWK Set is searched by `kid` and `alg`, a token's `jwk` header must be the
 * configured key, and the accepted algorithms are those the key fits.
 *
 * @param policy - the policy's properties, hyphenated names as in the API definition
 * @param env - crypto objects, and optionally a clock, a logger and a catch handler
 * @throws {PolicyError} (`RuntimeError`, 401, `Invalid-JWT-Validate`) when the policy is invalid;
 *   `detail` names the property at fault
 * @example
 * ```ts
 * const validator = compileJwtValidate({ 'jws-crypto': 'hmac', 'iss-claim': 'https://gw\\.example' }, { cryptoObjects })
 * const claims = validator.execute(createContext({ 'message.headers.authorization': `Bearer ${token}` }))
 * ```
 */
export function compileJwtValidate(policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy }, env: JwtValidateEnv): CompiledJwtValidate {
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
export function jwtValidate(policy: JwtValidatePolicy | { 'jwt-validate': JwtValidatePolicy }, context: RuntimeContext, env: JwtValidateEnv): JWTClaims | undefined {
  return runStepsOnce(CONTRACT, env, context, () => compile(policy, env));
}
