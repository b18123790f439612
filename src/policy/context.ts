import { JoseError } from '../util/errors.js';

/**
 * The runtime variables a policy reads and writes, by flat dotted name (`iss.claim`,
 * `jws.jwk`). Message headers are `message.headers.<name>`, looked up case-insensitively.
 */
export interface RuntimeContext {
  /** The value of variable `name`, or `undefined` when it is not set. */
  get(name: string): unknown;
  /** Sets variable `name` to `value`, replacing any earlier value. */
  set(name: string, value: unknown): void;
}

const HEADERS = 'message.headers.';

function normalize(name: string): string {
  if (typeof name !== 'string') throw new JoseError('ERR_INVALID_ARGUMENT', 'variable name must be a string');
  return name.length > HEADERS.length && name.slice(0, HEADERS.length).toLowerCase() === HEADERS ? name.toLowerCase() : name;
}

/**
 * Creates a {@link RuntimeContext} backed by a map, seeded with `variables`.
 *
 * @param variables - initial variables by name (e.g. `{ 'iss.claim': 'https://gw.example' }`)
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` when `variables` is not an object
 * @example
 * ```ts
 * const ctx = createContext({ 'iss.claim': 'gw', 'message.headers.X-Trace': 'abc' })
 * ctx.get('message.headers.x-trace') // 'abc'
 * ```
 */
export function createContext(variables: Record<string, unknown> = {}): RuntimeContext {
  if (typeof variables !== 'object' || variables === null) throw new JoseError('ERR_INVALID_ARGUMENT', 'variables must be an object');
  const store = new Map<string, unknown>();
  for (const [name, value] of Object.entries(variables)) store.set(normalize(name), value);
  return {
    get: (name) => store.get(normalize(name)),
    set: (name, value) => void store.set(normalize(name), value),
  };
}
