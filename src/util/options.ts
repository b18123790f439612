import { JoseError } from './errors.js';
import { isObject } from './json.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from './limits.js';

// The option readers the JWS, JWE and JWT rooms share, so one option is refused alike wherever
// it appears. Each throws ERR_INVALID_ARGUMENT naming the option, never echoing its value.

/** An allow-list option: absent, or an array of strings. */
export function stringList(value: unknown, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new JoseError('ERR_INVALID_ARGUMENT', `options.${name} must be an array of strings`);
  }
  return value;
}

/** A work limit option: `fallback` when absent, else an integer from 1 to `max`. */
export function limit(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw new JoseError('ERR_INVALID_ARGUMENT', `options.${name} must be ${range}`);
  }
  return value as number;
}

/** An options object's `maxTokenLength`: the default when absent, else an integer of at least 1. */
export function readMaxTokenLength(value: unknown): number {
  return limit(value, 'maxTokenLength', DEFAULT_MAX_TOKEN_LENGTH, Number.MAX_SAFE_INTEGER);
}

/** The `maxTokenLength` of an options argument that may be absent. */
export function maxTokenLengthOf(options: unknown): number {
  if (options === undefined) return DEFAULT_MAX_TOKEN_LENGTH;
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  return readMaxTokenLength(options.maxTokenLength);
}
