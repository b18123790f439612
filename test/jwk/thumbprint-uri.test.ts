import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { thumbprintUri } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { publishedVector } from '../support/vectors.js';
import { code } from './helpers.js';

const v = publishedVector('rfc9278-thumbprint-uri.json', 'RFC9278-3', ['jwk', 'thumbprint_uri']);
const ed25519 = publishedVector('rfc8037-appendix-a.json', 'RFC8037-A.3', [
  'jwk',
  'thumbprint_b64u',
]);

describe('thumbprintUri (RFC 9278)', () => {
  it('RFC 9278 s3: the example URI of the RFC 7638 s3.1 key, from the JWK, a JoseKey and a KeyObject', () => {
    expect(v.thumbprint_uri).toBe(
      'urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    );
    const key = importJWK(v.jwk);
    for (const k of [v.jwk, key, key.keyObject]) expect(thumbprintUri(k)).toBe(v.thumbprint_uri);
    expect(thumbprintUri(v.jwk, 'sha256')).toBe(v.thumbprint_uri);
  });

  it('RFC 8037 A.3 key: the URI carries the published Ed25519 thumbprint', () => {
    expect(thumbprintUri(ed25519.jwk)).toBe(
      `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${ed25519.thumbprint_b64u}`,
    );
  });

  it('names SHA-384 and SHA-512 as the Named Information Hash Algorithm Registry does', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    }) as JWK;
    const canonical = `{"crv":"P-256","kty":"EC","x":"${jwk.x as string}","y":"${jwk.y as string}"}`;
    for (const [hash, name] of [
      ['sha384', 'sha-384'],
      ['sha512', 'sha-512'],
    ] as const) {
      expect(thumbprintUri(jwk, hash)).toBe(
        `urn:ietf:params:oauth:jwk-thumbprint:${name}:${createHash(hash).update(canonical).digest('base64url')}`,
      );
    }
  });

  it('refuses what thumbprint refuses', () => {
    expect(code(() => thumbprintUri(v.jwk, 'sha1' as 'sha256'))).toBe('ERR_INVALID_ARGUMENT');
    expect(code(() => thumbprintUri({ kty: 'OKP', crv: 'Ed25519' }))).toBe('ERR_JWK_INVALID');
  });
});
