import { JoseError } from './errors.js';
import { isObject, type JsonObject, parseJsonObject } from './json.js';

/**
 * The JSON text a caller's header object serializes to (a `toJSON` may make it anything, or
 * nothing). Shared by the JWS and JWE producers so both refuse the same headers.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for a non-object or one JSON cannot write as text
 */
export function headerJson(header: unknown, what: string): string {
  if (!isObject(header)) throw new JoseError('ERR_INVALID_ARGUMENT', `${what} must be an object`);
  let text: unknown;
  try {
    text = JSON.stringify(header);
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', `${what} cannot be serialized as JSON`);
  }
  if (typeof text !== 'string')
    throw new JoseError('ERR_INVALID_ARGUMENT', `${what} must serialize to a JSON object`);
  return text;
}

/**
 * {@link headerJson}'s text read back by the same strict parser a recipient uses, so a producer
 * refuses up front what its consumer would refuse later (duplicate names, nesting deeper than
 * `MAX_JSON_DEPTH`, a `toJSON` that made it something other than an object).
 * @throws {JoseError} `ERR_INVALID_ARGUMENT`
 */
export function parseHeaderJson(text: string, what: string): JsonObject {
  return parseJsonObject(text, 'ERR_INVALID_ARGUMENT', what);
}

/**
 * A caller's header as the JSON text we will emit and the object that text parses back to.
 * Checks then run on exactly what a recipient will see, so members JSON drops (`undefined`,
 * functions) or rewrites (`toJSON`, dates) cannot slip past them.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT`
 */
export function serializeHeader(
  header: unknown,
  what: string,
): { text: string; header: JsonObject } {
  const text = headerJson(header, what);
  return { text, header: parseHeaderJson(text, what) };
}
