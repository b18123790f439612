import { JoseError, type JoseErrorCode } from './errors.js';
import { isObject, type JsonObject } from './json.js';

/** A header parameter's name and the check its value must pass. */
export type ParameterCheck = readonly [string, (v: unknown) => boolean];

const isString = (v: unknown): boolean => typeof v === 'string';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);

/**
 * Header parameter names that RFC 7515 s4.1 and RFC 7516 s4.1 register for JWS and JWE alike
 * (`enc` and `zip` included: a JWE name in a JWS header is a confusion, never an extension).
 * `crit` may never list a registered name: its processing is already mandatory.
 */
export const COMMON_REGISTERED: readonly string[] = [
  'alg',
  'enc',
  'zip',
  'jku',
  'jwk',
  'kid',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'typ',
  'cty',
  'crit',
];

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

/**
 * RFC 7515 s4.1.11 / RFC 7516 s4.1.13: `crit` is a non-empty list of distinct names, none of
 * them `registered`, each present in the protected header (critical parameters must be
 * integrity protected, or an attacker could alter them). With `understood` (a recipient's list),
 * each name must also be in it or in `builtIn` (extensions the room processes itself); a
 * producer passes `undefined`, since it understands the extensions it writes.
 */
export function checkCrit(
  protectedHeader: JsonObject,
  registered: ReadonlySet<string>,
  understood: readonly string[] | undefined,
  builtIn: ReadonlySet<string>,
  code: JoseErrorCode,
): void {
  const fail = (message: string): JoseError => new JoseError(code, message);
  const crit = protectedHeader.crit;
  if (!Array.isArray(crit) || crit.length === 0)
    throw fail('"crit" must be a non-empty array of names');
  const seen = new Set<string>();
  for (const name of crit) {
    if (typeof name !== 'string') throw fail('"crit" must be a non-empty array of names');
    if (seen.has(name)) throw fail('"crit" lists a name twice');
    if (registered.has(name)) throw fail('"crit" lists a registered header parameter');
    if (!Object.hasOwn(protectedHeader, name))
      throw fail('"crit" lists a parameter the protected header does not have');
    if (understood !== undefined && !builtIn.has(name) && !understood.includes(name))
      throw fail('"crit" lists an extension that is not understood');
    seen.add(name);
  }
}
