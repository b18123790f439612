// A compiled policy's run is a generator that yields its token operations (sign, encrypt,
// verify, decrypt) instead of calling them: one implementation of each policy, whose steps
// `execute` performs with the synchronous functions and `executeAsync` with jose-core/async's.
import { decryptJWT, encryptJWT, signJWT, verifyJWT } from '../jwt/jwt.js';
import type { RuntimeContext } from './context.js';
import {
  compilePolicy,
  guard,
  type PolicyContract,
  type PolicyEnvironment,
  runOnce,
} from './runner.js';

const SYNC = { signJWT, encryptJWT, verifyJWT, decryptJWT };

type Tokens = typeof SYNC;
type Name = keyof Tokens;

/** One token operation a policy asks for. @internal */
export interface TokenCall {
  readonly name: Name;
  readonly args: readonly unknown[];
}

/** A policy run: yields token operations, is sent their results, returns the policy's result. @internal */
export type PolicyRun<T> = Generator<TokenCall, T, unknown>;

function* call<N extends Name>(
  name: N,
  ...args: Parameters<Tokens[N]>
): PolicyRun<ReturnType<Tokens[N]>> {
  return (yield { name, args }) as ReturnType<Tokens[N]>;
}

/** The token operations, as steps of a policy run. @internal */
export const steps = {
  signJWT: (...a: Parameters<typeof signJWT>) => call('signJWT', ...a),
  encryptJWT: (...a: Parameters<typeof encryptJWT>) => call('encryptJWT', ...a),
  verifyJWT: (...a: Parameters<typeof verifyJWT>) => call('verifyJWT', ...a),
  decryptJWT: (...a: Parameters<typeof decryptJWT>) => call('decryptJWT', ...a),
};

// An operation's failure is thrown into the run at its step, so the policy's own try/catch sees it.
function runSync<T>(run: PolicyRun<T>): T {
  let next = run.next();
  while (!next.done) {
    const { name, args } = next.value;
    let result: unknown;
    try {
      result = (SYNC[name] as (...a: readonly unknown[]) => unknown)(...args);
    } catch (e) {
      next = run.throw(e);
      continue;
    }
    next = run.next(result);
  }
  return next.value;
}

// jose-core/async is loaded on first use, so that importing jose-core never reads it.
let asyncTokens: Promise<Record<Name, (...a: readonly unknown[]) => Promise<unknown>>> | undefined;
function loadAsync(): Promise<Record<Name, (...a: readonly unknown[]) => Promise<unknown>>> {
  asyncTokens ??= import('../jwt/async.js').then((jwt) => ({
    signJWT: jwt.signJWT as never,
    encryptJWT: jwt.encryptJWT as never,
    verifyJWT: jwt.verifyJWT as never,
    decryptJWT: jwt.decryptJWT as never,
  }));
  return asyncTokens;
}

async function runAsync<T>(run: PolicyRun<T>): Promise<T> {
  const tokens = await loadAsync();
  let next = run.next();
  while (!next.done) {
    const { name, args } = next.value;
    let result: unknown;
    try {
      result = await tokens[name](...args);
    } catch (e) {
      next = run.throw(e);
      continue;
    }
    next = run.next(result);
  }
  return next.value;
}

// guard's contract for a step that settles later: the context check and the failure reporting
// (variable, logger, catch handler) are guard's own.
async function guardAsync<T>(
  c: PolicyContract,
  env: PolicyEnvironment,
  ctx: RuntimeContext,
  step: () => Promise<T>,
): Promise<T | undefined> {
  let pending: Promise<T> | undefined;
  guard(c, env, ctx, () => void (pending = step()));
  if (pending === undefined) return undefined;
  try {
    return await pending;
  } catch (e) {
    return guard(c, env, ctx, () => {
      throw e;
    });
  }
}

/** A compiled policy with both executors. @internal */
export interface CompiledSteps<T> {
  execute(context: RuntimeContext): T | undefined;
  executeAsync(context: RuntimeContext): Promise<T | undefined>;
}

/** {@link compilePolicy} for a policy written as a run of token steps. @internal */
export function compileSteps<T>(
  c: PolicyContract,
  env: PolicyEnvironment,
  compile: () => (ctx: RuntimeContext) => PolicyRun<T>,
): CompiledSteps<T> {
  // Set by compilePolicy, which throws when compiling fails, before anything could run.
  let run!: (ctx: RuntimeContext) => PolicyRun<T>;
  const { execute } = compilePolicy(c, env, () => {
    run = compile();
    return (ctx) => runSync(run(ctx));
  });
  return { execute, executeAsync: (ctx) => guardAsync(c, env, ctx, () => runAsync(run(ctx))) };
}

/** {@link runOnce} for a policy written as a run of token steps. @internal */
export function runStepsOnce<T>(
  c: PolicyContract,
  env: PolicyEnvironment,
  ctx: RuntimeContext,
  compile: () => (ctx: RuntimeContext) => PolicyRun<T>,
): T | undefined {
  return runOnce(c, env, ctx, () => {
    const run = compile();
    return (context) => runSync(run(context));
  });
}
