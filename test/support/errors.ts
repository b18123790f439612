import { JoseError } from '../../src/util/errors.js';

/**
 * The JoseError a call throws. The test fails, with the cause attached, when the call returns
 * or throws anything else.
 */
export function errorOf(f: () => unknown): JoseError {
  let result: unknown;
  try {
    result = f();
  } catch (e) {
    if (e instanceof JoseError) return e;
    throw new Error(`expected a JoseError, got ${String(e)}`, { cause: e });
  }
  throw new Error(`expected a JoseError, but the call returned ${typeof result}`);
}

/** What a call did, as one string: `'no error'` when it returned, else its JoseError's code. */
export const NO_ERROR = 'no error';

/**
 * The code of the JoseError a call throws, or {@link NO_ERROR} when it returns. Anything thrown
 * that is not a JoseError fails the test with its own stack.
 */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof JoseError) return e.code;
    throw e;
  }
  return NO_ERROR;
}
