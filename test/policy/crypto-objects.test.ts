import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { JoseError } from '../../src/util/errors.js';
import { ec, rsa } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'jose-core-co-'));
const file = (name: string, data: string | Uint8Array) => (
  writeFileSync(join(dir, name), data), join(dir, name)
);
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof JoseError ? `${e.code} ${e.message}` : `not a JoseError: ${String(e)}`;
  }
  return 'no error';
};

describe('createCryptoObjects', () => {
  it('loads shared secret keys from bytes, a raw file, or an oct JWK', () => {
    const s = randomBytes(32);
    const objs = createCryptoObjects({
      a: { type: 'shared-secret-key', value: s },
      b: { type: 'shared-secret-key', file: file('s.key', s) },
      c: { type: 'shared-secret-key', jwk: { kty: 'oct', k: s.toString('base64url') } },
    });
    for (const name of ['a', 'b', 'c']) {
      const o = objs.get(name)!;
      expect(o.type).toBe('shared-secret-key');
      expect(o.key.keyObject.export().equals(s)).toBe(true);
    }
    expect(objs.names()).toEqual(['a', 'b', 'c']);
    expect(objs.get('d')).toBeUndefined();
  });

  it('loads crypto keys from PEM text, DER bytes, PEM and DER files, or a private JWK', () => {
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const der = ec.privateKey.export({ format: 'der', type: 'sec1' });
    const objs = createCryptoObjects({
      pem: { type: 'crypto-key', value: pem },
      der: { type: 'crypto-key', value: der },
      pemFile: { type: 'crypto-key', file: file('k.pem', pem) },
      derFile: {
        type: 'crypto-key',
        file: file('k.der', rsa.privateKey.export({ format: 'der', type: 'pkcs1' })),
      },
      jwk: { type: 'crypto-key', jwk: ec.privateKey.export({ format: 'jwk' }) },
    });
    for (const name of objs.names()) expect(objs.get(name)!.key.type).toBe('private');
    expect(objs.get('der')!.key.kty).toBe('EC');
    expect(objs.get('derFile')!.key.kty).toBe('RSA');
  });

  it('loads crypto certificates from a certificate or public key (PEM, DER, JWK)', () => {
    const objs = createCryptoObjects({
      spki: {
        type: 'crypto-certificate',
        value: rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string,
      },
      der: {
        type: 'crypto-certificate',
        value: ec.publicKey.export({ format: 'der', type: 'spki' }),
      },
      jwk: { type: 'crypto-certificate', jwk: rsa.publicKey.export({ format: 'jwk' }) },
    });
    for (const name of objs.names()) expect(objs.get(name)!.key.type).toBe('public');
  });

  it('refuses material of the wrong kind, naming the object', () => {
    const pub = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    expect(
      err(() => createCryptoObjects({ s: { type: 'shared-secret-key', value: pub } })),
    ).toMatch(/^ERR_KEY_INVALID crypto object "s": a shared secret key must be given as bytes/);
    expect(
      err(() =>
        createCryptoObjects({
          s: { type: 'shared-secret-key', jwk: rsa.publicKey.export({ format: 'jwk' }) },
        }),
      ),
    ).toMatch(/crypto object "s": material is not a shared secret key/);
    expect(err(() => createCryptoObjects({ k: { type: 'crypto-key', value: pub } }))).toMatch(
      /crypto object "k": material is not a crypto key/,
    );
    expect(
      err(() =>
        createCryptoObjects({
          c: {
            type: 'crypto-certificate',
            value: rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
          },
        }),
      ),
    ).toMatch(/crypto object "c": material is not a crypto certificate/);
    expect(
      err(() => createCryptoObjects({ k: { type: 'crypto-key', value: 'not a key' } })),
    ).toMatch(/crypto object "k"/);
    expect(
      err(() =>
        createCryptoObjects({ k: { type: 'crypto-key', value: Buffer.from([0x30, 1, 2]) } }),
      ),
    ).toMatch(/crypto object "k": DER material cannot be read/);
    expect(
      err(() => createCryptoObjects({ f: { type: 'crypto-key', file: join(dir, 'absent.pem') } })),
    ).toMatch(/crypto object "f": file cannot be read/);
  });

  it('refuses unknown types and definitions with none or several sources', () => {
    expect(
      err(() => createCryptoObjects({ x: { type: 'password' as never, value: 'p' } })),
    ).toMatch(/^ERR_INVALID_ARGUMENT crypto object "x": type must be/);
    expect(err(() => createCryptoObjects({ x: { type: 'shared-secret-key' } }))).toMatch(
      /exactly one of value, file, jwk/,
    );
    expect(
      err(() =>
        createCryptoObjects({ x: { type: 'shared-secret-key', value: randomBytes(32), jwk: {} } }),
      ),
    ).toMatch(/exactly one of value, file, jwk/);
    expect(err(() => createCryptoObjects(null as never))).toMatch(/^ERR_INVALID_ARGUMENT/);
  });
});
