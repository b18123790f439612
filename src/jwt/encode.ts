import { utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import type { JWTClaims } from './claims.js';

/** JSON text of a claim set; refuses anything that is not a plain JSON object. */
export function claimsToJson(claims: unknown): string {
  if (!isObject(claims)) throw new JoseError('ERR_JWT_INVALID', 'JWT claims must be a JSON object');
  let text: string | undefined;
  try {
    text = JSON.stringify(claims);
  } catch {
    text = undefined;
  }
  if (text === undefined)
    throw new JoseError('ERR_JWT_INVALID', 'JWT claims cannot be serialized as JSON');
  return text;
}

/** Claims from a JWS payload or JWE plaintext: strict UTF-8, strict JSON, an object. */
export function claimsFromBytes(bytes: Uint8Array): JWTClaims {
  return parseJsonObject(
    utf8Decode(bytes, 'ERR_JWT_INVALID', 'JWT claims'),
    'ERR_JWT_INVALID',
    'JWT claims',
  ) as JWTClaims;
}

/** Whether a `cty` value says the content is a JWT (RFC 7519 s5.2: compared case-insensitively). */
export function isNestedJwt(cty: unknown): boolean {
  return (
    typeof cty === 'string' &&
    (cty.toUpperCase() === 'JWT' || cty.toLowerCase() === 'application/jwt')
  );
}

/** The number of dot-separated parts of a compact token, counted no further than 6. */
export function partCount(token: string): number {
  let parts = 1;
  for (let dot = token.indexOf('.'); dot >= 0 && parts < 6; dot = token.indexOf('.', dot + 1))
    parts++;
  return parts;
}
