import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import type { RuntimeContext } from './context.js';
import type { CryptoObjects } from './crypto-objects.js';
import { PolicyError, type PolicyLogger, PolicyProblem } from './errors.js';

/**
 * What a compiled policy needs besides its properties: the named crypto objects it may refer
 * to, and optionally a clock, a logger and a catch handler.
 *
 * @example
 * ```ts
 * const env: PolicyEnvironment = { cryptoObjects, logger: { error: (m) => log.warn(m) } }
 * ```
 */
export interface PolicyEnvironment {
  /** The named crypto objects the policy may refer to. */
  cryptoObjects: CryptoObjects;
  /**
   * Clock for the time claims (default: the system clock): a fixed `Date`, or a function asked
   * once per request. The same name as the JWT functions' `currentDate`.
   */
  currentDate?: Date | (() => Date);
  /** Receives the detailed error message on failure (default: `console`). */
  logger?: PolicyLogger;
  /**
   * Handle a failure as an assembly `catch` would: when given, nothing is thrown and `execute` returns
   * `undefined`.
   */
  catch?: (error: PolicyError, context: RuntimeContext) => void;
}

/** How one policy reports failure: its name, HTTP status and reason phrase. @internal */
export interface PolicyContract {
  policy: string;
  status: number;
  reason: string;
}

/** The detailed message of any failure: ours as written, a library error with its code. @internal */
export function toPolicyError(c: PolicyContract, e: unknown): PolicyError {
  if (e instanceof PolicyError) return e;
  if (e instanceof PolicyProblem)
    return new PolicyError(c.policy, c.status, c.reason, e.message, { cause: e, code: e.code });
  if (e instanceof JoseError)
    return new PolicyError(c.policy, c.status, c.reason, `${e.code}: ${e.message}`, {
      cause: e,
      code: e.code,
    });
  return new PolicyError(c.policy, c.status, c.reason, 'internal error', { cause: e });
}

// The caller's runtime objects are checked before their first use, so that a wrong one is
// reported as the policy's error instead of a TypeError from inside the error reporting.
function checkEnvironment(c: PolicyContract, env: unknown): void {
  const ok =
    isObject(env) &&
    (env.logger === undefined ||
      (typeof env.logger === 'object' &&
        env.logger !== null &&
        typeof (env.logger as PolicyLogger).error === 'function')) &&
    (env.catch === undefined || typeof env.catch === 'function') &&
    (env.currentDate === undefined ||
      typeof env.currentDate === 'function' ||
      env.currentDate instanceof Date);
  if (!ok) {
    const detail =
      'env must be an object; its logger needs an error function, its catch must be a function, ' +
      'its currentDate a Date or a function';
    throw new PolicyError(c.policy, c.status, c.reason, detail);
  }
}

/** The environment's clock as a function asked once per request. @internal */
export function clockOf(env: Pick<PolicyEnvironment, 'currentDate'>): () => Date {
  const given = env.currentDate;
  if (given === undefined) return () => new Date();
  if (given instanceof Date) return () => given;
  return given;
}

/** Reports a compile-time warning through the logger (its `warn`, else its `error`). @internal */
export function warn(
  c: PolicyContract,
  env: Pick<PolicyEnvironment, 'logger'>,
  message: string,
): void {
  const logger = env.logger ?? console;
  if (typeof logger.warn === 'function') logger.warn(`${c.policy}: ${message}`);
  else logger.error(`${c.policy}: ${message}`);
}

function checkContext(c: PolicyContract, ctx: unknown): void {
  if (
    typeof ctx !== 'object' ||
    ctx === null ||
    typeof (ctx as RuntimeContext).get !== 'function' ||
    typeof (ctx as RuntimeContext).set !== 'function'
  ) {
    throw new PolicyError(
      c.policy,
      c.status,
      c.reason,
      'context must be a RuntimeContext, with get and set functions',
    );
  }
}

/**
 * Runs one policy step under the gateway's error contract: on failure the detail goes to
 * `<policy>.error-message` and the logger, then to `env.catch` when given, else it is thrown.
 * @internal
 */
export function guard<T>(
  c: PolicyContract,
  env: Pick<PolicyEnvironment, 'logger' | 'catch'>,
  ctx: RuntimeContext,
  step: () => T,
): T | undefined {
  checkContext(c, ctx);
  try {
    return step();
  } catch (e) {
    const error = toPolicyError(c, e);
    ctx.set(`${c.policy}.error-message`, error.detail);
    (env.logger ?? console).error(`${c.policy}: ${error.detail}`);
    if (env.catch === undefined) throw error;
    env.catch(error, ctx);
    return undefined;
  }
}

/**
 * Compiles a policy once; a compile-time problem is thrown as the policy's error. The executor
 * runs each request under {@link guard}.
 * @internal
 */
export function compilePolicy<T>(
  c: PolicyContract,
  env: PolicyEnvironment,
  compile: () => (ctx: RuntimeContext) => T,
): { execute(context: RuntimeContext): T | undefined } {
  checkEnvironment(c, env);
  let run: (ctx: RuntimeContext) => T;
  try {
    run = compile();
  } catch (e) {
    throw toPolicyError(c, e);
  }
  return { execute: (ctx) => guard(c, env, ctx, () => run(ctx)) };
}

/** Compiles and executes once, reporting a compile-time problem like a runtime failure. @internal */
export function runOnce<T>(
  c: PolicyContract,
  env: PolicyEnvironment,
  ctx: RuntimeContext,
  compile: () => (ctx: RuntimeContext) => T,
): T | undefined {
  checkEnvironment(c, env);
  return guard(c, env, ctx, () => compile()(ctx));
}

/** Accepts a policy's bare properties or its assembly entry `{ "<name>": { ... } }`. @internal */
export function unwrapPolicy(policy: unknown, name: string): Record<string, unknown> {
  if (!isObject(policy)) throw new PolicyProblem(`policy must be an object of ${name} properties`);
  const keys = Object.keys(policy);
  if (keys.length === 1 && keys[0] === name) {
    const inner = policy[name];
    if (!isObject(inner)) throw new PolicyProblem(`${name}: must be an object of properties`);
    return inner;
  }
  return policy;
}
