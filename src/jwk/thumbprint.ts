import { createHash, KeyObject } from 'node:crypto';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { asKey } from './coerce.js';
import { exportJWK } from './export.js';
import { JoseKey } from './key.js';
import type { JWK } from './types.js';

// RFC 7638 s3.2: the required members of each key type, already in lexicographic order.
const REQUIRED: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};
const HASHES = new Set(['sha256', 'sha384', 'sha512']);

/**
 * RFC 7638 JWK thumbprint: the base64url hash of the key's required members in canonical JSON.
 * A private JWK gives the same thumbprint as its public half.
 *
 * @param jwk - a JWK object, `JoseKey` or `KeyObject` (a secret key's thumbprint covers `k`)
 * @param hash - `sha256` (default), `sha384` or `sha512`
 * @throws {JoseError} `ERR_JWK_INVALID` when a required member is missing or not a string
 * @example
 * ```ts
 * thumbprint({ kty: 'RSA', n: '0vx7...', e: 'AQAB' }) // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 * ```
 */
export function thumbprint(
  jwk: JWK | JoseKey | KeyObject,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): string {
  if (!HASHES.has(hash))
    throw new JoseError('ERR_INVALID_ARGUMENT', 'hash must be sha256, sha384 or sha512');
  let j: unknown = jwk;
  if (jwk instanceof JoseKey || jwk instanceof KeyObject) {
    const k = asKey(jwk);
    j = exportJWK(k, { private: k.type === 'secret' });
  }
  if (!isObject(j)) throw new JoseError('ERR_JWK_INVALID', 'JWK must be an object');
  // hasOwn: a kty such as "toString" must not find an Object.prototype member.
  const members =
    typeof j.kty === 'string' && Object.hasOwn(REQUIRED, j.kty) ? REQUIRED[j.kty] : undefined;
  if (members === undefined)
    throw new JoseError('ERR_JWK_INVALID', 'JWK "kty" is missing or unknown');
  const parts: string[] = [];
  for (const m of members) {
    const v = j[m];
    if (typeof v !== 'string')
      throw new JoseError('ERR_JWK_INVALID', `JWK member "${m}" is missing`);
    parts.push(`${JSON.stringify(m)}:${JSON.stringify(v)}`);
  }
  return createHash(hash)
    .update(`{${parts.join(',')}}`)
    .digest('base64url');
}

// RFC 9278 s3 names the hash as the IANA Named Information Hash Algorithm Registry does.
const URI_HASH_NAMES = { sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' } as const;

/**
 * RFC 9278 JWK Thumbprint URI: `urn:ietf:params:oauth:jwk-thumbprint:<hash>:<thumbprint>`, the
 * {@link thumbprint} of the key as a URI (for example a `kid` or `sub` that must be a URI).
 *
 * @param jwk - a JWK object, `JoseKey` or `KeyObject`
 * @param hash - `sha256` (default, written `sha-256`), `sha384` or `sha512`
 * @throws {JoseError} as {@link thumbprint}
 * @example
 * ```ts
 * thumbprintUri({ kty: 'RSA', n: '0vx7...', e: 'AQAB' })
 * // 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 * ```
 */
export function thumbprintUri(
  jwk: JWK | JoseKey | KeyObject,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): string {
  const value = thumbprint(jwk, hash);
  return `urn:ietf:params:oauth:jwk-thumbprint:${URI_HASH_NAMES[hash]}:${value}`;
}
