import { JoseError } from './errors.js';

/**
 * Marks a resolver that answers with a promise (a remote key set), so that a synchronous
 * function refuses it before calling it, and so before it starts a fetch for nothing.
 */
export const ASYNC_RESOLVER: unique symbol = Symbol('jose-core.asyncResolver');

const ADVICE = "use jose-core/async, or a remote key set's snapshot() for the synchronous API";

/** Whether `value` is a promise or another thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * Refuses, in a synchronous function, a resolver that can only answer with a promise: an
 * `async function` or a marked key set.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT`
 */
export function refuseAsyncResolver(resolver: (...args: never[]) => unknown): void {
  if (
    (resolver as { [ASYNC_RESOLVER]?: unknown })[ASYNC_RESOLVER] === true ||
    resolver.constructor?.name === 'AsyncFunction'
  ) {
    throw new JoseError('ERR_INVALID_ARGUMENT', `the key resolver is asynchronous: ${ADVICE}`);
  }
}

/**
 * The error for a promise where a synchronous function needs a key (a resolver that returned
 * one). The promise's own failure, if any, is observed here so that it is not reported as unhandled.
 */
export function promiseForKey(value: PromiseLike<unknown>): JoseError {
  value.then(undefined, () => undefined);
  return new JoseError(
    'ERR_INVALID_ARGUMENT',
    `a promise was given where a key is needed: ${ADVICE}`,
  );
}
