import type { JWEHeaderParameters } from '../../jwe/index.js';
import type { JWSHeaderParameters } from '../../jws/index.js';
import { JoseError } from '../../util/errors.js';
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';
import { clockOf, type PolicyContract, type PolicyEnvironment, unwrapPolicy } from '../runner.js';
import { compileSteps, type PolicyRun, runStepsOnce, steps } from '../token-steps.js';
import { buildClaims } from './claims.js';
import { compileKeySource } from './keys.js';
import { type JwtGeneratePolicy, readSettings } from './properties.js';

/**
 * What a compiled jwt-generate policy needs besides its properties (see {@link PolicyEnvironment}).
 *
 * @example
 * ```ts
 * const env: JwtGenerateEnv = { cryptoObjects, currentDate: new Date('2030-01-01T00:00:00Z') }
 * ```
 */
export interface JwtGenerateEnv extends PolicyEnvironment {}

/** A validated jwt-generate policy, ready to run per request. */
export interface CompiledJwtGenerate {
  /**
   * Generates the token, writes it where the policy says, and returns it (or `undefined` when a `catch`
   * handled a failure).
   */
  execute(context: RuntimeContext): string | undefined;
  /**
   * `execute`, with the private-key work through jose-core/async (off the event loop): the same
   * token, variables and errors, as a promise.
   */
  executeAsync(context: RuntimeContext): Promise<string | undefined>;
}

const CONTRACT: PolicyContract = {
  policy: 'jwt-generate',
  status: 500,
  reason: 'Invalid-JWT-Generate',
};

// A library error while using a key is reported against the property the key came from.
function* blame<T>(property: string, step: PolicyRun<T>): PolicyRun<T> {
  try {
    return yield* step;
  } catch (e) {
    if (e instanceof JoseError)
      throw new PolicyProblem(`${property}: ${e.code}: ${e.message}`, e.code);
    throw e;
  }
}

// IBM: without `jwt` the token is "written to the Authorization Header as a Bearer token"; a
// `jwt` naming that header (any case, message or request) gets the same form.
const AUTHORIZATION = ['message.headers.authorization', 'request.headers.authorization'];

function header<T extends JWSHeaderParameters | JWEHeaderParameters>(
  base: T,
  kid: string | undefined,
): T {
  if (kid !== undefined) base.kid = kid;
  return base;
}

function compile(
  policy: JwtGeneratePolicy | { 'jwt-generate': JwtGeneratePolicy },
  env: JwtGenerateEnv,
): (ctx: RuntimeContext) => PolicyRun<string> {
  const settings = readSettings(unwrapPolicy(policy, 'jwt-generate') as JwtGeneratePolicy);
  const jwsKey = settings.jws && compileKeySource('jws', settings.jws, env.cryptoObjects);
  const jweKey =
    settings.jwe && compileKeySource('jwe', settings.jwe, env.cryptoObjects, settings.jwe.enc);
  const clock = clockOf(env);
  const output = settings.output ?? 'message.headers.authorization';
  const asBearer = AUTHORIZATION.includes(output.toLowerCase());
  return function* (ctx) {
    const claims = buildClaims(settings, ctx, clock());
    let token: string | undefined;
    if (jwsKey !== undefined) {
      const { key, alg, kid, property } = jwsKey(ctx);
      token = yield* blame(
        property,
        steps.signJWT(claims, header<JWSHeaderParameters>({ alg, typ: 'JWT' }, kid), key),
      );
    }
    if (jweKey !== undefined) {
      const { key, alg, enc, kid, property } = jweKey(ctx);
      // A signed token is nested by encryptJWT, which adds cty "JWT" (RFC 7519 s5.2).
      const content = token ?? claims;
      token = yield* blame(
        property,
        steps.encryptJWT(
          content,
          header<JWEHeaderParameters>({ alg, enc: enc as string, typ: 'JWT' }, kid),
          key,
        ),
      );
    }
    const out = token as string;
    ctx.set(output, asBearer ? `Bearer ${out}` : out);
    return out;
  };
}

/**
 * Validates a jwt-generate policy once and returns an executor a gateway calls per request.
 * Accepts the bare properties or the assembly entry `{ "jwt-generate": { ... } }`.
 *
 * @param policy - the policy's properties, hyphenated names as in the API definition
 * @param env - crypto objects, and optionally a clock, a logger and a catch handler
 * @throws {PolicyError} (`RuntimeError`, 500, `Invalid-JWT-Generate`) when the policy is invalid;
 *   `detail` names the property at fault
 * @example
 * ```ts
 * const gen = compileJwtGenerate({ 'iss-claim': 'iss.claim', 'jws-alg': 'HS256', 'jws-crypto': 'hmac' }, { cryptoObjects })
 * const token = gen.execute(createContext({ 'iss.claim': 'https://gw.example' }))
 * ```
 */
export function compileJwtGenerate(
  policy: JwtGeneratePolicy | { 'jwt-generate': JwtGeneratePolicy },
  env: JwtGenerateEnv,
): CompiledJwtGenerate {
  return compileSteps(CONTRACT, env, () => compile(policy, env));
}

/**
 * One-shot jwt-generate: compiles and executes. A compile-time problem is reported like any
 * runtime failure: it sets `jwt-generate.error-message`, goes to the logger, and is thrown
 * (or handed to `env.catch`).
 *
 * @returns the token, or `undefined` when `env.catch` handled a failure
 * @throws {PolicyError} on any failure when no `env.catch` is given
 * @example
 * ```ts
 * const token = jwtGenerate(policy, ctx, { cryptoObjects })
 * ctx.get('message.headers.authorization') // 'Bearer eyJ...'
 * ```
 */
export function jwtGenerate(
  policy: JwtGeneratePolicy | { 'jwt-generate': JwtGeneratePolicy },
  context: RuntimeContext,
  env: JwtGenerateEnv,
): string | undefined {
  return runStepsOnce(CONTRACT, env, context, () => compile(policy, env));
}
