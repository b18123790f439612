import { Buffer } from 'node:buffer';
import { createPublicKey, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { requireSecret } from '../../src/jwk/fit.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { type DerFormat, importKey } from '../../src/jwk/import-key.js';
import type { JoseKey } from '../../src/jwk/key.js';
import { thumbprint } from '../../src/jwk/thumbprint.js';
import { code, fixture } from './helpers.js';

// Generated once per file: RSA generation is slow.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ec521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
const pem = (k: KeyObject, type: string): string =>
  k.export({ format: 'pem', type } as never) as string;
const der = (k: KeyObject, type: string): Buffer =>
  k.export({ format: 'der', type } as never) as Buffer;
const same = (a: JoseKey, b: KeyObject): boolean => a.keyObject.equals(b);

const certPem = fixture('rsa-cert.pem');
const certDer = new X509Certificate(certPem).raw;
const ecCertPem = fixture('ec-cert.pem');

/** Every public form of a public key: the texts an attacker could hope to see used as an HMAC secret. */
const publicTexts: [string, string][] = [
  ['SPKI PEM', pem(rsa.publicKey, 'spki')],
  ['PKCS#1 PEM', pem(rsa.publicKey, 'pkcs1')],
  ['EC SPKI PEM', pem(ec.publicKey, 'spki')],
  ['X.509 PEM', certPem],
  ['EC X.509 PEM', ecCertPem],
  ['RSA JWK text', JSON.stringify(rsa.publicKey.export({ format: 'jwk' }))],
  ['EC JWK text', JSON.stringify(ec.publicKey.export({ format: 'jwk' }))],
];

describe('importKey: PEM text of each label', () => {
  const cases: [string, string, KeyObject, string][] = [
    ['PRIVATE KEY (PKCS#8, RSA)', pem(rsa.privateKey, 'pkcs8'), rsa.privateKey, 'private'],
    ['PRIVATE KEY (PKCS#8, EC)', pem(ec.privateKey, 'pkcs8'), ec.privateKey, 'private'],
    ['RSA PRIVATE KEY (PKCS#1)', pem(rsa.privateKey, 'pkcs1'), rsa.privateKey, 'private'],
    ['EC PRIVATE KEY (SEC1)', pem(ec521.privateKey, 'sec1'), ec521.privateKey, 'private'],
    ['PUBLIC KEY (SPKI, RSA)', pem(rsa.publicKey, 'spki'), rsa.publicKey, 'public'],
    ['PUBLIC KEY (SPKI, EC)', pem(ec.publicKey, 'spki'), ec.publicKey, 'public'],
    ['RSA PUBLIC KEY (PKCS#1)', pem(rsa.publicKey, 'pkcs1'), rsa.publicKey, 'public'],
  ];
  for (const [label, text, key, type] of cases) {
    it(`${label} imports as the same ${type} key`, () => {
      const k = importKey(text);
      expect(k.type).toBe(type);
      expect(same(k, key)).toBe(true);
    });
  }

  it('CERTIFICATE gives the certificate public key (RSA and EC fixtures)', () => {
    const k = importKey(certPem);
    expect([k.type, k.kty, k.bits]).toEqual(['public', 'RSA', 2048]);
    expect(same(k, createPublicKey(fixture('rsa-key.pem')))).toBe(true);
    const e = importKey(ecCertPem);
    expect([e.type, e.kty, e.crv]).toEqual(['public', 'EC', 'P-256']);
    expect(same(e, createPublicKey(fixture('ec-key.pem')))).toBe(true);
  });

  it('accepts CRLF line ends and surrounding whitespace', () => {
    const text = pem(ec.publicKey, 'spki');
    expect(same(importKey(text.replaceAll('\n', '\r\n')), ec.publicKey)).toBe(true);
    expect(same(importKey(`\n  ${text}\n\n`), ec.publicKey)).toBe(true);
  });

  it('binds the key with the options', () => {
    const k = importKey(pem(rsa.publicKey, 'spki'), {
      alg: 'RS256',
      use: 'sig',
      keyOps: ['verify'],
      kid: 'r1',
    });
    expect([k.alg, k.use, k.keyOps, k.kid]).toEqual(['RS256', 'sig', ['verify'], 'r1']);
    expect(exportJWK(k)).toMatchObject({
      alg: 'RS256',
      use: 'sig',
      key_ops: ['verify'],
      kid: 'r1',
    });
  });
});

describe('importKey: DER bytes with options.format', () => {
  const cases: [DerFormat, Buffer, KeyObject][] = [
    ['pkcs8', der(rsa.privateKey, 'pkcs8'), rsa.privateKey],
    ['pkcs8', der(ec.privateKey, 'pkcs8'), ec.privateKey],
    ['sec1', der(ec.privateKey, 'sec1'), ec.privateKey],
    ['spki', der(rsa.publicKey, 'spki'), rsa.publicKey],
    ['spki', der(ec521.publicKey, 'spki'), ec521.publicKey],
    ['pkcs1', der(rsa.privateKey, 'pkcs1'), rsa.privateKey],
    ['pkcs1', der(rsa.publicKey, 'pkcs1'), rsa.publicKey],
  ];
  for (const [format, bytes, key] of cases) {
    it(`${format} (${key.asymmetricKeyType} ${key.type})`, () => {
      expect(same(importKey(bytes, { format }), key)).toBe(true);
      expect(same(importKey(new Uint8Array(bytes), { format }), key)).toBe(true);
    });
  }

  it('x509 gives the certificate public key', () => {
    expect(
      same(importKey(certDer, { format: 'x509' }), createPublicKey(fixture('rsa-key.pem'))),
    ).toBe(true);
  });

  it('refuses DER of another form than the one named (ERR_KEY_INVALID)', () => {
    const wrong: [DerFormat, Buffer][] = [
      ['pkcs8', der(rsa.publicKey, 'spki')],
      ['pkcs8', der(ec.privateKey, 'sec1')],
      ['spki', der(rsa.privateKey, 'pkcs8')],
      ['spki', certDer],
      ['sec1', der(rsa.privateKey, 'pkcs1')],
      ['pkcs1', der(ec.privateKey, 'sec1')],
      ['pkcs1', der(rsa.publicKey, 'spki')],
      ['x509', der(rsa.publicKey, 'spki')],
      // OpenSSL alone would take these: PKCS#8 passes its PKCS#1 and SEC1 decoders.
      ['pkcs1', der(rsa.privateKey, 'pkcs8')],
      ['sec1', der(ec.privateKey, 'pkcs8')],
    ];
    for (const [format, bytes] of wrong)
      expect(
        code(() => importKey(bytes, { format })),
        format,
      ).toBe('ERR_KEY_INVALID');
  });

  it('refuses DER followed by extra bytes', () => {
    for (const [format, bytes] of [
      ['spki', der(ec.publicKey, 'spki')],
      ['pkcs8', der(ec.privateKey, 'pkcs8')],
      ['pkcs1', der(rsa.privateKey, 'pkcs1')],
      ['x509', certDer],
    ] as const) {
      expect(
        code(() => importKey(Buffer.concat([bytes, Buffer.of(0)]), { format })),
        format,
      ).toBe('ERR_KEY_INVALID');
    }
  });

  it('refuses empty or garbage DER, and unknown format names (ERR_INVALID_ARGUMENT)', () => {
    for (const format of ['pkcs8', 'spki', 'pkcs1', 'sec1', 'x509'] as const) {
      expect(
        code(() => importKey(new Uint8Array(0), { format })),
        format,
      ).toBe('ERR_KEY_INVALID');
      expect(
        code(() => importKey(Buffer.from('30030201', 'hex'), { format })),
        format,
      ).toBe('ERR_KEY_INVALID');
    }
    for (const format of ['pem', 'jwk', 'der', 'PKCS8', '']) {
      expect(
        code(() => importKey(der(ec.publicKey, 'spki'), { format: format as DerFormat })),
        format,
      ).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('importKey: secrets, JWKs and keys', () => {
  it('takes bytes without a format as a raw secret', () => {
    const k = importKey(Buffer.alloc(32, 7), { alg: 'HS256', kid: 's' });
    expect([k.type, k.kty, k.bits, k.alg, k.kid]).toEqual(['secret', 'oct', 256, 'HS256', 's']);
    expect(exportJWK(k, { private: true }).k).toBe(Buffer.alloc(32, 7).toString('base64url'));
    expect(importKey(new Uint8Array([1, 2, 3])).bits).toBe(24);
  });

  it('refuses empty secret bytes', () => {
    expect(code(() => importKey(new Uint8Array(0)))).toBe('ERR_KEY_INVALID');
  });

  it('takes JWK text and JWK objects as importJWK does, options adding to the binding', () => {
    const jwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k1' };
    expect(same(importKey(JSON.stringify(jwk)), rsa.publicKey)).toBe(true);
    expect(same(importKey(`  \n${JSON.stringify(jwk)}\n`), rsa.publicKey)).toBe(true);
    const k = importKey(jwk as never, { alg: 'PS256', use: 'sig' });
    expect([k.kid, k.alg, k.use]).toEqual(['k1', 'PS256', 'sig']);
    expect(importKey({ kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA' }).type).toBe('secret');
  });

  it('refuses options that contradict the JWK (ERR_KEY_UNSUITABLE)', () => {
    const jwk = { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A128KW', use: 'enc', kid: 'a' };
    expect(code(() => importKey(jwk, { alg: 'HS256' }))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importKey(jwk, { use: 'sig' }))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importKey(JSON.stringify(jwk), { kid: 'b' }))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importKey(jwk, { keyOps: ['sign'] }))).toBe('ERR_JWK_INVALID');
  });

  it('refuses malformed options (ERR_INVALID_ARGUMENT) on every path', () => {
    const bad = [
      { use: 'sign' },
      { use: 5 },
      { keyOps: ['fly'] },
      { keyOps: 'sign' },
      { keyOps: ['sign', 'sign'] },
      { kid: 5 },
      { alg: '' },
      { alg: 5 },
      { use: 'sig', keyOps: ['encrypt'] },
    ];
    const inputs: unknown[] = [
      Buffer.alloc(32, 1),
      pem(ec.publicKey, 'spki'),
      ec.publicKey,
      JSON.stringify(ec.publicKey.export({ format: 'jwk' })),
      ec.publicKey.export({ format: 'jwk' }),
    ];
    for (const input of inputs) {
      for (const o of bad)
        expect(
          code(() => importKey(input as never, o as never)),
          JSON.stringify(o),
        ).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('refuses options.format for anything but bytes, rather than ignore it', () => {
    expect(code(() => importKey(pem(ec.publicKey, 'spki'), { format: 'spki' }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(code(() => importKey(ec.publicKey, { format: 'spki' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(
      code(() => importKey(ec.publicKey.export({ format: 'jwk' }) as never, { format: 'spki' })),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(code(() => importKey(Buffer.alloc(32, 1), null as never))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('wraps a KeyObject with the options binding', () => {
    const k = importKey(ec.privateKey, { alg: 'ES256' });
    expect([k.type, k.crv, k.alg]).toEqual(['private', 'P-256', 'ES256']);
  });

  it('returns a JoseKey as is, and refuses options that would change its binding', () => {
    const k = importJWK({ kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'HS256' });
    expect(importKey(k)).toBe(k);
    expect(importKey(k, { alg: 'HS256' })).toBe(k);
    expect(code(() => importKey(k, { alg: 'HS512' }))).toBe('ERR_KEY_UNSUITABLE');
    expect(code(() => importKey(k, { kid: 'x' }))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('refuses other material types (ERR_INVALID_ARGUMENT)', () => {
    for (const m of [undefined, null, 5, true, [], [1, 2]])
      expect(
        code(() => importKey(m as never)),
        String(m),
      ).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('importKey: refusals (CVE-2023-48223 family and malformed text)', () => {
  for (const [name, text] of publicTexts) {
    it(`${name} where an HMAC secret is expected never becomes a secret`, () => {
      for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
        const outcome = code(() => requireSecret(importKey(text, { alg }), alg, 32));
        expect(outcome).toBe('ERR_KEY_UNSUITABLE');
        expect(code(() => importKey(Buffer.from(text, 'utf8'), { alg }))).toBe('ERR_KEY_INVALID');
        expect(code(() => importKey(new TextEncoder().encode(`\n${text}`)))).toBe(
          'ERR_KEY_INVALID',
        );
      }
    });
  }

  it('refuses strings that are neither one PEM block nor JWK text', () => {
    const spki = pem(ec.publicKey, 'spki');
    const body = spki.split('\n').slice(1, -2).join('');
    const bad = [
      '',
      ' ',
      'secret',
      'my-hmac-secret',
      body,
      Buffer.alloc(32, 1).toString('base64url'),
      spki.replace('-----END PUBLIC KEY-----', ''),
      spki.replace('END PUBLIC KEY', 'END PRIVATE KEY'),
      `key: ${spki}`,
      `${spki}trailer`,
      spki + spki,
      spki + pem(rsa.publicKey, 'spki'),
      spki
        .replace('PUBLIC KEY', 'CERTIFICATE REQUEST')
        .replace('PUBLIC KEY', 'CERTIFICATE REQUEST'),
      spki.replaceAll('PUBLIC KEY', 'X509 CRL'),
      spki.replaceAll('PUBLIC KEY', 'public key'),
      spki.replace(/\n(.)/, '\n!$1'),
    ];
    for (const s of bad)
      expect(
        code(() => importKey(s)),
        JSON.stringify(s).slice(0, 60),
      ).toBe('ERR_KEY_INVALID');
  });

  it('refuses a PEM whose label does not name its contents', () => {
    const swaps: [string, string, string][] = [
      [pem(rsa.privateKey, 'pkcs1'), 'RSA PRIVATE KEY', 'PRIVATE KEY'],
      [pem(rsa.privateKey, 'pkcs8'), 'PRIVATE KEY', 'RSA PRIVATE KEY'],
      [pem(rsa.publicKey, 'spki'), 'PUBLIC KEY', 'RSA PUBLIC KEY'],
      [pem(rsa.publicKey, 'pkcs1'), 'RSA PUBLIC KEY', 'PUBLIC KEY'],
      [pem(ec.privateKey, 'sec1'), 'EC PRIVATE KEY', 'PRIVATE KEY'],
      [pem(rsa.publicKey, 'spki'), 'PUBLIC KEY', 'CERTIFICATE'],
      [certPem, 'CERTIFICATE', 'PUBLIC KEY'],
      // OpenSSL alone would take these: the PKCS#1 public decoder derives a public key from private ones.
      [pem(rsa.privateKey, 'pkcs1'), 'RSA PRIVATE KEY', 'RSA PUBLIC KEY'],
      [pem(rsa.privateKey, 'pkcs8'), 'PRIVATE KEY', 'RSA PUBLIC KEY'],
    ];
    for (const [text, from, to] of swaps)
      expect(
        code(() => importKey(text.replaceAll(from, to))),
        `${from} as ${to}`,
      ).toBe('ERR_KEY_INVALID');
  });

  it('refuses PEM whose base64 body is not canonical or carries extra bytes', () => {
    const spki = pem(ec.publicKey, 'spki');
    expect(code(() => importKey(spki.replace('-----END', 'AAAA\n-----END')))).toBe(
      'ERR_KEY_INVALID',
    );
    expect(code(() => importKey(spki.replace(/\n(.)/, '\n=$1')))).toBe('ERR_KEY_INVALID');
  });

  it('refuses encrypted PEM, PKCS#8 and legacy OpenSSL forms alike, as not supported', () => {
    const p8 = rsa.privateKey.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as string;
    const legacy = rsa.privateKey.export({
      format: 'pem',
      type: 'pkcs1',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as string;
    const legacyEc = ec.privateKey.export({
      format: 'pem',
      type: 'sec1',
      cipher: 'aes-128-cbc',
      passphrase: 'pw',
    }) as string;
    expect(p8).toContain('ENCRYPTED PRIVATE KEY');
    expect(legacy).toContain('Proc-Type: 4,ENCRYPTED');
    for (const text of [p8, legacy, legacyEc])
      expect(code(() => importKey(text))).toBe('ERR_NOT_SUPPORTED');
  });

  it('imports RSASSA-PSS-restricted keys, which have no JWK form (exportJWK: ERR_NOT_SUPPORTED)', () => {
    const pss = generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
    });
    const priv = importKey(pem(pss.privateKey, 'pkcs8'));
    const pub = importKey(der(pss.publicKey, 'spki'), { format: 'spki' });
    expect([priv.kty, priv.type, pub.type, pub.bits]).toEqual(['RSA', 'private', 'public', 2048]);
    for (const k of [priv, pub, pss.publicKey]) {
      expect(code(() => exportJWK(k))).toBe('ERR_NOT_SUPPORTED');
      expect(code(() => thumbprint(k))).toBe('ERR_NOT_SUPPORTED');
    }
    expect(code(() => exportJWK(priv, { private: true }))).toBe('ERR_NOT_SUPPORTED');
  });
});
