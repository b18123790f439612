import { Buffer } from 'node:buffer';
import type { JWK } from '../jwk/types.js';
import type { Base64Url, JsonObject } from './types.js';

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON object an encoded header holds; throws when it is not one. */
export function decodeHeader(b64u: Base64Url): JsonObject {
  const v: unknown = JSON.parse(Buffer.from(b64u, 'base64url').toString('utf8'));
  if (!isObject(v)) throw new Error('an encoded header is not a JSON object');
  return v;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

/** The public JWK of a published key (its private members removed), or `null` for a symmetric key. */
export function publicJwk(jwk: JWK): JWK | null {
  if (jwk.kty === 'oct') return null;
  const out: JWK = { kty: jwk.kty };
  for (const [name, value] of Object.entries(jwk))
    if (!PRIVATE_MEMBERS.includes(name)) out[name] = value;
  return out;
}
