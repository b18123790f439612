// Where a jwt-validate policy finds the token of a request, kept apart from what it then checks.
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';

// IBM: "The default value is: request.headers.authorization"; the message's header is read next,
// for flows that moved the token there.
const DEFAULT_SOURCES = ['request.headers.authorization', 'message.headers.authorization'];
// RFC 6750 s2.1: the scheme is case-insensitive; a compact token has no whitespace.
const BEARER = /^Bearer +(\S+) *$/i;

function bearer(value: string): string {
  const match = BEARER.exec(value);
  if (match === null)
    throw new PolicyProblem(
      'jwt: the Authorization header does not hold a Bearer token',
      'ERR_POLICY_NO_TOKEN',
    );
  return match[1] as string;
}

/**
 * The compact token of a request: from the variable `tokenVar` when the policy names one (a
 * header variable is read as a `Bearer` Authorization header), else from the first
 * Authorization header of the default sources that is set.
 *
 * @throws {PolicyProblem} (`ERR_POLICY_NO_TOKEN`) when there is no token, it is not a string, or
 *   the header holds no `Bearer` token
 */
export function readToken(ctx: RuntimeContext, tokenVar: string | undefined): string {
  if (tokenVar === undefined) {
    for (const name of DEFAULT_SOURCES) {
      const value = ctx.get(name);
      if (typeof value === 'string' && value !== '') return bearer(value);
    }
    throw new PolicyProblem('jwt: the request has no Authorization header', 'ERR_POLICY_NO_TOKEN');
  }
  const value = ctx.get(tokenVar);
  if (typeof value !== 'string' || value === '') {
    throw new PolicyProblem(
      `jwt: variable "${tokenVar}" ${value === undefined ? 'is not set' : 'must hold the token as a string'}`,
      'ERR_POLICY_NO_TOKEN',
    );
  }
  return DEFAULT_SOURCES.includes(tokenVar.toLowerCase()) ? bearer(value) : value;
}
