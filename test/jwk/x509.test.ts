import { Buffer } from 'node:buffer';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JWK } from '../../src/jwk/types.js';
import { JoseError } from '../../src/util/errors.js';
import { publishedVectors } from '../support/vectors.js';
import { code, fixture, sorted, without } from './helpers.js';

// The DER of a PEM certificate as x5c writes it: standard base64 with padding (RFC 7517 s4.7).
const x5cOf = (pem: string): string => new X509Certificate(pem).raw.toString('base64');
const digest = (hash: string, b64: string): string =>
  createHash(hash).update(Buffer.from(b64, 'base64')).digest('base64url');

const certs = {
  rsa: {
    cert: x5cOf(fixture('rsa-cert.pem')),
    key: createPrivateKey(fixture('rsa-key.pem')).export({ format: 'jwk' }) as JWK,
  },
  ec: {
    cert: x5cOf(fixture('ec-cert.pem')),
    key: createPrivateKey(fixture('ec-key.pem')).export({ format: 'jwk' }) as JWK,
  },
  ed25519: {
    cert: x5cOf(fixture('ed25519-cert.pem')),
    key: createPrivateKey(fixture('ed25519-key.pem')).export({ format: 'jwk' }) as JWK,
  },
};
const publicOf = (jwk: JWK): JWK => without(jwk, 'd', 'p', 'q', 'dp', 'dq', 'qi');
const withCert = (name: keyof typeof certs, extra: Partial<JWK> = {}): JWK => ({
  ...publicOf(certs[name].key),
  x5c: [certs[name].cert],
  x5t: digest('sha1', certs[name].cert),
  'x5t#S256': digest('sha256', certs[name].cert),
  ...extra,
});
const rfc7517B = publishedVectors('rfc7517-appendix.json').find((v) => v.id === 'RFC7517-B')
  ?.jwk as JWK;

describe('x5c, x5t and x5t#S256 checked against the key (RFC 7517 s4.7-4.9)', () => {
  for (const name of ['rsa', 'ec', 'ed25519'] as const) {
    it(`${name}: a JWK whose first certificate holds its key imports, public or private, and exports its X.509 members`, () => {
      const jwk = withCert(name, { x5c: [certs[name].cert, certs.rsa.cert] });
      const key = importJWK(jwk);
      expect(key.x509).toEqual({ x5c: jwk.x5c, x5t: jwk.x5t, 'x5t#S256': jwk['x5t#S256'] });
      expect(sorted(exportJWK(key))).toEqual(sorted(jwk));
      const priv = importJWK({ ...certs[name].key, x5c: [certs[name].cert] });
      expect(exportJWK(priv).x5c).toEqual([certs[name].cert]);
      expect(exportJWK(priv.toPublic()).x5c).toEqual([certs[name].cert]);
    });
  }

  it('RFC 7517 B: the published x5c holds the published key', () => {
    expect(importJWK(rfc7517B).x509?.x5c).toEqual(rfc7517B.x5c);
    expect(code(() => importJWK({ ...rfc7517B, x5c: [certs.rsa.cert] }))).toBe('ERR_JWK_INVALID');
  });

  it('a first certificate holding another key is ERR_JWK_INVALID, even when a later one holds the key', () => {
    expect(code(() => importJWK({ ...publicOf(certs.rsa.key), x5c: [certs.ec.cert] }))).toBe(
      'ERR_JWK_INVALID',
    );
    expect(
      code(() => importJWK({ ...publicOf(certs.ec.key), x5c: [certs.rsa.cert, certs.ec.cert] })),
    ).toBe('ERR_JWK_INVALID');
    expect(code(() => importJWK({ ...certs.ed25519.key, x5c: [certs.ec.cert] }))).toBe(
      'ERR_JWK_INVALID',
    );
  });

  it('x5c must be a non-empty array of canonical standard base64 DER certificates', () => {
    // This certificate's base64 has padding and both "+" and "/", so each misspelling differs.
    const cert = certs.ed25519.cert;
    expect([cert.endsWith('='), /\+/.test(cert), /\//.test(cert)]).toEqual([true, true, true]);
    const base = publicOf(certs.ed25519.key);
    const der = Buffer.from(cert, 'base64');
    for (const x5c of [
      [],
      cert,
      [5],
      [''],
      [Buffer.from(cert, 'base64').toString('base64url')],
      [cert.replace(/=+$/, '')],
      [`${cert}\n`],
      [` ${cert}`],
      [Buffer.concat([der, Buffer.of(0)]).toString('base64')],
      [der.subarray(0, der.length - 1).toString('base64')],
      [Buffer.from('not a certificate').toString('base64')],
      [cert, 'AAAA'],
    ]) {
      expect(
        code(() => importJWK({ ...base, x5c } as JWK)),
        JSON.stringify(x5c).slice(0, 40),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('x5t and x5t#S256 must be the SHA-1 and SHA-256 digests of the first certificate', () => {
    const jwk = withCert('ec');
    expect(code(() => importJWK({ ...jwk, x5t: digest('sha1', certs.rsa.cert) }))).toBe(
      'ERR_JWK_INVALID',
    );
    expect(code(() => importJWK({ ...jwk, 'x5t#S256': digest('sha256', certs.rsa.cert) }))).toBe(
      'ERR_JWK_INVALID',
    );
    expect(code(() => importJWK({ ...jwk, x5t: jwk['x5t#S256'] as string }))).toBe(
      'ERR_JWK_INVALID',
    );
    expect(
      code(() =>
        importJWK({
          ...jwk,
          'x5t#S256': Buffer.from(jwk['x5t#S256'] as string, 'base64url').toString('base64'),
        }),
      ),
    ).toBe('ERR_JWK_INVALID');
    expect(importJWK(without(jwk, 'x5t')).x509).toEqual({
      x5c: jwk.x5c,
      'x5t#S256': jwk['x5t#S256'],
    });
  });

  it('without x5c, x5t and x5t#S256 only need to be base64url digests of the right length', () => {
    const base = publicOf(certs.ec.key);
    const key = importJWK({
      ...base,
      x5t: digest('sha1', certs.rsa.cert),
      'x5t#S256': digest('sha256', certs.rsa.cert),
    });
    expect(exportJWK(key).x5t).toBe(digest('sha1', certs.rsa.cert));
    for (const bad of [
      { x5t: digest('sha256', certs.ec.cert) },
      { 'x5t#S256': digest('sha1', certs.ec.cert) },
      { x5t: 5 },
      { x5t: '' },
      { 'x5t#S256': `${digest('sha256', certs.ec.cert)}=` },
    ]) {
      expect(
        code(() => importJWK({ ...base, ...bad } as JWK)),
        JSON.stringify(bad),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('a symmetric JWK cannot carry X.509 members', () => {
    for (const extra of [
      { x5c: [certs.ec.cert] },
      { x5t: digest('sha1', certs.ec.cert) },
      { 'x5t#S256': digest('sha256', certs.ec.cert) },
    ]) {
      expect(
        code(() => importJWK({ kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ', ...extra })),
      ).toBe('ERR_JWK_INVALID');
    }
  });

  it('the exported members are copies: changing them or the imported JWK changes no key', () => {
    const jwk = withCert('ec');
    const key = importJWK(jwk);
    (jwk.x5c as string[])[0] = 'changed';
    const out = exportJWK(key);
    (out.x5c as string[])[0] = 'changed too';
    expect(exportJWK(key).x5c).toEqual([certs.ec.cert]);
    expect(Object.isFrozen(key.x509?.x5c)).toBe(true);
  });

  it('random x5c entries give a key or a JoseError, never anything else', () => {
    const base = publicOf(certs.ec.key);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.base64String({ maxLength: 60 }),
            fc.string({ maxLength: 20 }),
            fc.constant(certs.ec.cert),
          ),
          { maxLength: 3 },
        ),
        (x5c) => {
          try {
            expect(importJWK({ ...base, x5c }).x509?.x5c?.[0]).toBe(certs.ec.cert);
          } catch (e) {
            expect(e).toBeInstanceOf(JoseError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
