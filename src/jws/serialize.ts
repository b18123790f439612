import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject, type JsonObject } from '../util/json.js';

/**
 * The JSON text we will emit for a caller's header.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for a non-object or one JSON cannot write
 */
export function headerJson(header: unknown, what: string): string {
  if (!isObject(header)) throw new JoseError('ERR_INVALID_ARGUMENT', `${what} must be an object`);
  let text: string | undefined;
  try {
    text = JSON.stringify(header);
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', `${what} cannot be serialized as JSON`);
  }
  if (typeof text !== 'string') throw new JoseError('ERR_INVALID_ARGUMENT', `${what} cannot be serialized as JSON`);
  return text;
}

/**
 * A caller's header as the JSON text we will emit and the object that text parses back to.
 * Checks then run on exactly what a verifier will see, so members JSON drops (`undefined`,
 * functions) or rewrites (`toJSON`, dates) cannot slip past them.
 */
export function serializeHeader(header: unknown, what: string): { text: string; header: JsonObject } {
  const text = headerJson(header, what);
  return { text, header: parseJsonObject(text, 'ERR_INVALID_ARGUMENT', what) };
}
