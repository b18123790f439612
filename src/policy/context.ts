import { JoseError } from '../util/errors.js';

/**
 * The runtime variables a policy reads and writes, by flat dotted name (`iss.claim`,
 * `jws.jwk`). Headers are `message.headers.<name>` and `request.headers.<name>` (the request as
 * it arrived, which the gateway keeps apart from the message a flow rewrites), looked up
 * case-insensitively as HTTP header names are (RFC 9110 s5.1).
 */
export interface RuntimeContext {
  /** The value of variable `name`, or `undefined` when it is not set. */
  get(name: string): unknown;
  /** Sets variable `name` to `value`, replacing any earlier value. */
  set(name: string, value: unknown): void;
}

const HEADER_PREFIXES = ['message.headers.', 'request.headers.'];

function normalize(name: string): string {
  if (typeof name !== 'string')
    throw new JoseError('ERR_INVALID_ARGUMENT', 'variable name must be a string');
  // Every lookup passes here: a name that does not start with m or r (any case) is returned
  // before any text is sliced or lower-cased.
  const first = name.charCodeAt(0) | 0x20;
  if (first !== 0x6d && first !== 0x72) return name;
  for (const prefix of HEADER_PREFIXES) {
    if (name.length > prefix.length && name.slice(0, prefix.length).toLowerCase() === prefix)
      return name.toLowerCase();
  }
  return name;
}

/**
 * Creates a {@link RuntimeContext} backed by a map, seeded with `variables`.
 *
 * @param variables - initial variables by name (e.g. `{ 'iss.claim': 'https://gw.example' }`)
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` when `variables` is not an object
 * @example
 * ```ts
 * const ctx = createContext({ 'iss.claim': 'gw', 'request.headers.Authorization': 'Bearer eyJ...' })
 * ctx.get('request.headers.authorization') // 'Bearer eyJ...'
 * ```
 */
export function createContext(variables: Record<string, unknown> = {}): RuntimeContext {
  if (typeof variables !== 'object' || variables === null)
    throw new JoseError('ERR_INVALID_ARGUMENT', 'variables must be an object');
  const store = new Map<string, unknown>();
  for (const [name, value] of Object.entries(variables)) store.set(normalize(name), value);
  return {
    get: (name) => store.get(normalize(name)),
    set: (name, value) => void store.set(normalize(name), value),
  };
}
