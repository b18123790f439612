import { JoseError } from '../util/errors.js';
import type { RuntimeContext } from './context.js';
import { PolicyError, PolicyProblem, type PolicyLogger } from './errors.js';

/** The parts of a policy environment the error contract uses. @internal */
export interface PolicyEnv {
  logger?: PolicyLogger;
  catch?: (error: PolicyError, context: RuntimeContext) => void;
}

/** The detailed message of any failure: ours as written, a library error with its code. @internal */
export function toPolicyError(policy: string, status: number, reason: string, e: unknown): PolicyError {
  if (e instanceof PolicyError) return e;
  let detail: string;
  if (e instanceof PolicyProblem) detail = e.message;
  else if (e instanceof JoseError) detail = `${e.code}: ${e.message}`;
  else detail = 'internal error';
  return new PolicyError(policy, status, reason, detail, { cause: e });
}

/**
 * Runs one policy step under the gateway's error contract: on failure the detail goes to
 * `<policy>.error-message` and the logger, then to `env.catch` when given, else it is thrown.
 * @internal
 */
export function guard<T>(policy: string, status: number, reason: string, env: PolicyEnv, ctx: RuntimeContext, step: () => T): T | undefined {
  try {
    return step();
  } catch (e) {
    const error = toPolicyError(policy, status, reason, e);
    ctx.set(`${policy}.error-message`, error.detail);
    (env.logger ?? console).error(`${policy}: ${error.detail}`);
    if (env.catch === undefined) throw error;
    env.catch(error, ctx);
    return undefined;
  }
}
