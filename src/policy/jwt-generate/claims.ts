import { randomUUID } from 'node:crypto';
import type { JWTClaims } from '../../jwt/claims.js';
import { JoseError } from '../../util/errors.js';
import { isObject, parseJsonObject } from '../../util/json.js';
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';
import { readString } from '../jwk-variable.js';
import type { GenerateSettings } from './properties.js';

function privateClaims(ctx: RuntimeContext, variable: string): JWTClaims {
  const v = ctx.get(variable);
  if (isObject(v)) return { ...v };
  if (typeof v === 'string') {
    try {
      return parseJsonObject(v, 'ERR_JWT_INVALID', 'private claims');
    } catch (e) {
      const why = e instanceof JoseError ? e.message : 'not a JSON object';
      throw new PolicyProblem(
        `private-claims: variable "${variable}": ${why}`,
        'ERR_POLICY_VARIABLE',
      );
    }
  }
  const why = v === undefined ? 'is not set' : 'must hold a JSON object or its text';
  throw new PolicyProblem(`private-claims: variable "${variable}" ${why}`, 'ERR_POLICY_VARIABLE');
}

// 2.x: the aud-claim variable may hold a string, a comma-separated string, or an array of strings.
function audValues(ctx: RuntimeContext, variable: string): string[] {
  const v = ctx.get(variable);
  const values = Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v.split(',').map((s) => s.trim())
      : undefined;
  if (
    values === undefined ||
    values.length === 0 ||
    !values.every((s) => typeof s === 'string' && s !== '')
  ) {
    throw new PolicyProblem(
      `aud-claim: variable "${variable}" ${v === undefined ? 'is not set' : 'must hold a string, a comma-separated string or an array of non-empty strings'}`,
      'ERR_POLICY_VARIABLE',
    );
  }
  return values as string[];
}

/**
 * The claim set for one request. Private claims come first and the policy's own claims are
 * written over them, so a private claim can never forge `iss`, `exp` and the rest.
 * @internal
 */
export function buildClaims(settings: GenerateSettings, ctx: RuntimeContext, now: Date): JWTClaims {
  const claims: JWTClaims =
    settings.privateClaimsVar === undefined ? {} : privateClaims(ctx, settings.privateClaimsVar);
  claims.iss = readString(ctx, 'iss-claim', settings.issVar);
  if (settings.subVar !== undefined) claims.sub = readString(ctx, 'sub-claim', settings.subVar);
  if (settings.audVars.length > 0) {
    const auds: string[] = [];
    for (const name of settings.audVars) {
      if (settings.dialect === 'api-gateway') auds.push(...audValues(ctx, name));
      else auds.push(readString(ctx, 'aud-claim', name));
    }
    claims.aud = auds.length === 1 ? (auds[0] as string) : auds;
  }
  const iat = Math.floor(now.getTime() / 1000);
  if (!Number.isSafeInteger(iat)) throw new PolicyProblem('the clock gave an invalid date');
  claims.iat = iat;
  // A NumericDate beyond 2^53 is no longer exact, and could not be compared reliably.
  const exp = iat + settings.expSeconds;
  if (!Number.isSafeInteger(exp))
    throw new PolicyProblem(
      'exp-claim: now plus the validity period is beyond the largest exact NumericDate',
    );
  claims.exp = exp;
  if (settings.jti) claims.jti = randomUUID();
  return claims;
}
