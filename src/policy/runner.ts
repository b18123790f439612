import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import type { RuntimeContext } from './context.js';
import type { CryptoObjects } from './crypto-objects.js';
import { PolicyError, PolicyProblem, type PolicyLogger } from './errors.js';

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
  /** The time for the time claims: a fixed `Date`, or a clock read once per execution (default: the system clock). */
  currentDate?: Date | (() => Date);
  /** Receives the detailed error message on failure (default: `console`). */
  logger?: PolicyLogger;
  /** Handle a failure as an assembly `catch` would: when given, nothing is thrown and `execute` returns `undefined`. */
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
  let detail: string;
  if (e instanceof PolicyProblem) detail = e.message;
  else if (e instanceof JoseError) detail = `${e.code}: ${e.message}`;
  else detail = 'internal error';
  return new PolicyError(c.policy, c.status, c.reason, detail, { cause: e });
}

// The caller's runtime objects are checked before their first use, so that a wrong one is
// reported as the policy's error instead of a TypeError from inside the error reporting.
function checkEnvironment(c: PolicyContract, env: unknown): void {
  const ok =
    isObject(env) &&
    (env.logger === undefined || (typeof env.logger === 'object' && env.logger !== null && typeof (env.logger as PolicyLogger).error === 'function')) &&
    (env.catch === undefined || typeof env.catch === 'function') &&
    (env.currentDate === undefined || typeof env.currentDate === 'function' || env.currentDate instanceof Date);
  if (!ok) {
    throw new PolicyError(c.policy, c.status, c.reason,
      'env must be an object; its logger needs an error function, its catch must be a function, its currentDate a Date or a function');
  }
}

/** The time of one execution from the environment's `currentDate`. @internal */
export function currentDateOf(env: Pick<PolicyEnvironment, 'currentDate'>): Date {
  const clock = env.currentDate;
  return clock === undefined ? new Date() : typeof clock === 'function' ? clock() : clock;
}

function checkContext(c: PolicyContract, ctx: unknown): void {
  if (typeof ctx !== 'object' || ctx === null || typeof (ctx as RuntimeContext).get !== 'function' || typeof (ctx as RuntimeContext).set !== 'function') {
    throw new PolicyError(c.policy, c.status, c.reason, 'context must be a RuntimeContext, with get and set functions');
  }
}

/**
 * Runs one policy step under the gateway's error contract: on failure the detail goes to
 * `<policy>.error-message` and the logger, then to `env.catch` when given, else it is thrown.
 * @internal
 */
export function guard<T>(c: PolicyContract, env: Pick<PolicyEnvironment, 'logger' | 'catch'>, ctx: RuntimeContext, step: () => T): T | undefined {
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
export function compilePolicy<T>(c: PolicyContract, env: PolicyEnvironment, compile: () => (ctx: RuntimeContext) => T): { execute(context: RuntimeContext): T | undefined } {
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
export function runOnce<T>(c: PolicyContract, env: PolicyEnvironment, ctx: RuntimeContext, compile: () => (ctx: RuntimeContext) => T): T | undefined {
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
