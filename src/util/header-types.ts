import { isObject } from './json.js';

/** A header parameter's name and the check its value must pass. */
export type ParameterCheck = readonly [string, (v: unknown) => boolean];

const isString = (v: unknown): boolean => typeof v === 'string';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);

/**
 * The JSON types RFC 7515 s4.1 (and RFC 7516 s4.1, which reuses them) gives the registered header
 * parameters that JWS and JWE share; each room adds its own.
 */
export const COMMON_PARAMETER_TYPES: readonly ParameterCheck[] = [
  ['kid', isString],
  ['typ', isString],
  ['cty', isString],
  ['jku', isString],
  ['x5u', isString],
  ['x5t', isString],
  ['x5t#S256', isString],
  ['x5c', isStringArray],
  ['jwk', isObject],
];
