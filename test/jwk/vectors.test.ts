import { Buffer } from 'node:buffer';
import { createHash, createHmac, sign, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import type { JoseKey } from '../../src/jwk/key.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import type { JWK } from '../../src/jwk/types.js';
import { type Published, publishedVectors } from '../support/vectors.js';
import { sorted, without } from './helpers.js';

const rfc7517 = publishedVectors('rfc7517-appendix.json');
const rfc7638 = publishedVectors('rfc7638-thumbprint.json');
const rfc7520 = publishedVectors('rfc7520-jwk.json');
const byId = (list: Published[], id: string): Published =>
  list.find((v) => v.id === id) as Published;
const setOf = (id: string): JWK[] => byId(rfc7517, id).jwk_set?.keys as JWK[];

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const publicPart = (jwk: JWK): JWK => without(jwk, ...PRIVATE);

/** RFC 7638 s3.2 canonical JSON, spelled out here so the expected hash does not come from thumbprint(). */
function canonical(jwk: JWK): string {
  if (jwk.kty === 'RSA') return `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`;
  if (jwk.kty === 'EC') return `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
  return `{"k":"${jwk.k}","kty":"oct"}`;
}
const sha256b64u = (s: string): string => createHash('sha256').update(s).digest('base64url');

/** Checks a key against a signature published with it: HS/RS are deterministic, ES is verified. */
function checkSignature(key: JoseKey, v: Published): void {
  const c = v.crosscheck;
  if (c === undefined) throw new Error(`${v.id} has no crosscheck`);
  const input = Buffer.from(c.signing_input_ascii, 'ascii');
  if (c.alg === 'HS256') {
    expect(createHmac('sha256', key.keyObject).update(input).digest('base64url')).toBe(
      c.signature_b64u,
    );
  } else if (c.alg === 'RS256' && key.type === 'private') {
    expect(sign('sha256', input, key.keyObject).toString('base64url')).toBe(c.signature_b64u);
  } else if (c.alg === 'RS256') {
    expect(verify('sha256', input, key.keyObject, Buffer.from(c.signature_b64u, 'base64url'))).toBe(
      true,
    );
  } else if (c.alg === 'ES512') {
    const sig = Buffer.from(c.signature_b64u, 'base64url');
    expect(verify('sha512', input, { key: key.keyObject, dsaEncoding: 'ieee-p1363' }, sig)).toBe(
      true,
    );
  } else {
    throw new Error(`unexpected crosscheck alg ${c.alg}`);
  }
}

describe('RFC 7517 Appendix A key sets', () => {
  for (const id of ['RFC7517-A.1', 'RFC7517-A.2', 'RFC7517-A.3']) {
    const v = byId(rfc7517, id);
    it(`${v.source}: every key imports and exports back to the same members`, () => {
      const keys = setOf(id);
      expect(keys.length).toBe(2);
      for (const jwk of keys) {
        const key = importJWK(jwk);
        const isPrivate = jwk.d !== undefined || jwk.k !== undefined;
        expect(key.type).toBe(jwk.kty === 'oct' ? 'secret' : isPrivate ? 'private' : 'public');
        expect(sorted(exportJWK(key, { private: isPrivate }))).toEqual(sorted(jwk));
        if (jwk.kty !== 'oct') expect(sorted(exportJWK(key))).toEqual(sorted(publicPart(jwk)));
        expect(key.kid).toBe(jwk.kid);
        expect(key.alg).toBe(jwk.alg);
        expect(key.use).toBe(jwk.use);
      }
    });
  }

  it('RFC 7517 A.1 is the public half of RFC 7517 A.2 (private keys match their public keys)', () => {
    const pub = setOf('RFC7517-A.1');
    const priv = setOf('RFC7517-A.2');
    for (let i = 0; i < pub.length; i++) {
      const fromPrivate = importJWK(priv[i] as JWK).toPublic();
      expect(sorted(exportJWK(fromPrivate))).toEqual(sorted(pub[i] as JWK));
      expect(fromPrivate.keyObject.equals(importJWK(pub[i] as JWK).keyObject)).toBe(true);
    }
  });

  it('RFC 7517 A.1 / A.2: RSA and EC sizes', () => {
    const [ec, rsa] = setOf('RFC7517-A.2').map((j) => importJWK(j));
    expect(ec?.crv).toBe('P-256');
    expect(rsa?.bits).toBe(2048);
  });

  it('RFC 7517 A.3: the HMAC key is the RFC 7515 A.1 key and reproduces its HS256 signature', () => {
    const v = byId(rfc7517, 'RFC7517-A.3');
    const [aes, hmac] = setOf('RFC7517-A.3');
    expect(hmac?.k).toBe(v.crosscheck?.k_b64u);
    const key = importJWK(hmac as JWK);
    expect(key.bits).toBe(512);
    checkSignature(key, v);
    const kw = importJWK(aes as JWK);
    expect([kw.bits, kw.alg]).toEqual([128, 'A128KW']);
  });

  it('RFC 7517 A.3: a secret key is not exported without { private: true }', () => {
    for (const jwk of setOf('RFC7517-A.3'))
      expect(() => exportJWK(importJWK(jwk))).toThrow(/private: true/);
  });
});

describe('RFC 7517 Appendix B (x5c)', () => {
  const v = byId(rfc7517, 'RFC7517-B');
  const jwk = v.jwk as JWK;
  const der = Buffer.from((jwk.x5c as string[])[0] as string, 'base64');

  it('RFC 7517 B: x5c is standard base64, and its certificate carries the n/e of the JWK', () => {
    expect(der.toString('base64')).toBe((jwk.x5c as string[])[0]);
    expect(der.toString('base64url')).not.toBe((jwk.x5c as string[])[0]);
    const fromCert = importKey(der, { format: 'x509' });
    expect(fromCert.type).toBe('public');
    const exported = exportJWK(fromCert);
    expect([exported.n, exported.e]).toEqual([jwk.n, jwk.e]);
    expect(fromCert.keyObject.equals(importJWK(jwk).keyObject)).toBe(true);
  });

  it('RFC 7517 B: the certificate as PEM text gives the same key', () => {
    const pem = new X509Certificate(der).toString();
    expect(importKey(pem).keyObject.equals(importJWK(jwk).keyObject)).toBe(true);
  });

  it('RFC 7517 B: the JWK imports with its binding, its x5c checked against the key, and exports as published', () => {
    const key = importJWK(jwk);
    expect([key.kid, key.use, key.bits]).toEqual(['1b94c', 'sig', 2048]);
    expect(key.x509?.x5c).toEqual(jwk.x5c);
    expect(sorted(exportJWK(key))).toEqual(sorted(jwk));
  });
});

describe('RFC 7638 thumbprints', () => {
  const v = byId(rfc7638, 'RFC7638-3.1');
  const jwk = v.jwk as JWK;
  const published = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

  it('RFC 7638 s3.1: the published thumbprint, from the JWK, its JoseKey and its KeyObject', () => {
    expect(v.thumbprint_b64u).toBe(published);
    expect(Buffer.from(published, 'base64url').toString('hex')).toBe(v.sha256_hex);
    expect(thumbprint(jwk)).toBe(published);
    expect(thumbprint(importJWK(jwk))).toBe(published);
    expect(thumbprint(importJWK(jwk).keyObject)).toBe(published);
  });

  it('RFC 7638 s3.1: the private key (RFC 7517 A.2) has the same thumbprint', () => {
    const rsa = setOf('RFC7517-A.2')[1] as JWK;
    expect(thumbprint(rsa)).toBe(published);
    expect(thumbprint(importJWK(rsa))).toBe(published);
  });

  it('RFC 7638 s3.1: SHA-384 and SHA-512 hash the same canonical JSON', () => {
    const text = v.canonical_json_utf8 as string;
    expect(canonical(jwk)).toBe(text);
    expect(thumbprint(jwk, 'sha384')).toBe(createHash('sha384').update(text).digest('base64url'));
    expect(thumbprint(jwk, 'sha512')).toBe(createHash('sha512').update(text).digest('base64url'));
  });

  it('RFC 7638 s3.2: EC and oct keys of RFC 7517 A.2/A.3 hash their required members only', () => {
    for (const key of [...setOf('RFC7517-A.2'), ...setOf('RFC7517-A.3')]) {
      expect(thumbprint(key)).toBe(sha256b64u(canonical(key)));
      expect(thumbprint(importJWK(key))).toBe(sha256b64u(canonical(key)));
    }
  });
});

describe('RFC 7520 Section 3 keys', () => {
  for (const v of rfc7520) {
    const jwk = v.jwk as JWK;
    const isPrivate = jwk.d !== undefined || jwk.kty === 'oct';

    it(`${v.source} (${v.title}): imports and exports back to the same members`, () => {
      const key = importJWK(jwk);
      expect(key.type).toBe(jwk.kty === 'oct' ? 'secret' : isPrivate ? 'private' : 'public');
      expect(sorted(exportJWK(key, { private: isPrivate }))).toEqual(sorted(jwk));
      if (jwk.kty !== 'oct') expect(sorted(exportJWK(key))).toEqual(sorted(publicPart(jwk)));
      expect(thumbprint(key)).toBe(sha256b64u(canonical(jwk)));
      expect(thumbprint(jwk)).toBe(sha256b64u(canonical(jwk)));
    });

    if (v.public_ref !== undefined) {
      it(`${v.source}: the private key matches the public key of ${v.public_ref}`, () => {
        const pub = byId(rfc7520, v.public_ref as string).jwk as JWK;
        expect(sorted(exportJWK(importJWK(jwk)))).toEqual(sorted(pub));
        expect(thumbprint(jwk)).toBe(thumbprint(pub));
      });
    }

    if (v.crosscheck !== undefined) {
      it(`${v.source}: makes or verifies the ${v.crosscheck.alg} signature of ${v.crosscheck.source}`, () => {
        checkSignature(importJWK(jwk), v);
      });
    }
  }

  it('RFC 7520 3.1/3.2: P-521 coordinates keep their leading zero octets (66 octets)', () => {
    const jwk = byId(rfc7520, 'RFC7520-3.2').jwk as JWK;
    const out = exportJWK(importJWK(jwk), { private: true });
    for (const m of ['x', 'y', 'd'])
      expect(Buffer.from(out[m] as string, 'base64url').length).toBe(66);
  });

  it('RFC 7520 3.4 without CRT members: recovers the primes, signs as with them (RFC 7520 4.1)', () => {
    const v = byId(rfc7520, 'RFC7520-3.4');
    const full = v.jwk as JWK;
    const bare = without(full, 'p', 'q', 'dp', 'dq', 'qi');
    const key = importJWK(bare);
    expect(key.type).toBe('private');
    checkSignature(key, v);
    expect(sorted(exportJWK(key))).toEqual(sorted(publicPart(full)));
  });

  it('RFC 7520 3.4 without CRT members: the recovered primes come out in the same order every time (p > q)', () => {
    const full = byId(rfc7520, 'RFC7520-3.4').jwk as JWK;
    const bare = without(full, 'p', 'q', 'dp', 'dq', 'qi');
    // Recovery is randomized; eight imports make a 50/50 ordering show up with probability 255/256.
    for (let i = 0; i < 8; i++)
      expect(sorted(exportJWK(importJWK(bare), { private: true }))).toEqual(sorted(full));
  });

  it('RFC 7520 3.5/3.6: symmetric keys are bound to their alg and use', () => {
    const mac = importJWK(byId(rfc7520, 'RFC7520-3.5').jwk as JWK);
    const enc = importJWK(byId(rfc7520, 'RFC7520-3.6').jwk as JWK);
    expect([mac.alg, mac.use, mac.bits]).toEqual(['HS256', 'sig', 256]);
    expect([enc.alg, enc.use, enc.bits]).toEqual(['A256GCM', 'enc', 256]);
  });
});
