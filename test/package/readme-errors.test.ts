import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { codeOf } from '../support/errors.js';

// The README's errors table is what users branch on: each code it lists must exist, and what it
// names as unsupported must be refused with that code, while supported features must not be listed.
const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const errors = /^## Errors\n([\s\S]*?)\n## /m.exec(read('../../README.md'))?.[1] ?? '';
const rows = [...errors.matchAll(/^\| (`ERR_[^|]+) \| ([^|]+) \|$/gm)].map((m) => ({
  codes: [...(m[1] as string).matchAll(/`(ERR_\w+)`/g)].map((c) => c[1] as string),
  meaning: m[2] as string,
}));
const notSupported = rows.find((r) => r.codes.includes('ERR_NOT_SUPPORTED'))?.meaning ?? '';

describe('README errors table', () => {
  it('lists only codes of the JoseErrorCode union', () => {
    const union =
      /export type JoseErrorCode =([\s\S]*?);/.exec(read('../../src/util/errors.ts'))?.[1] ?? '';
    const declared = [...union.matchAll(/'(ERR_\w+)'/g)].map((m) => m[1] as string);
    expect(rows.length).toBeGreaterThan(10);
    for (const code of rows.flatMap((r) => r.codes)) expect(declared, code).toContain(code);
  });

  it('ERR_NOT_SUPPORTED names what is refused with it (RFC 7516 s4.1.3 zip, RFC 7518 s6.3.2.7 oth)', () => {
    const kek = generateKey('A128KW');
    const rsa = exportJWK(generateKey('RS256'), { private: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = { format: 'pem', type: 'pkcs8', cipher: 'aes-128-cbc', passphrase: 'pw' } as const;
    const encryptedPem = privateKey.export(pem) as string;
    const gcm = { alg: 'A128KW', enc: 'A128GCM' } as const;
    const oth = [{ r: 'AQAB', d: 'AQAB', t: 'AQAB' }];
    const probes: Array<[string, () => unknown]> = [
      ['a `zip` other than `DEF`', () => encryptCompact('x', { ...gcm, zip: 'Z' }, kek)],
      ['an encrypted PEM key', () => importKey(encryptedPem)],
      ['a multi-prime RSA JWK with `oth`', () => importJWK({ ...rsa, oth })],
    ];
    for (const [named, probe] of probes) {
      expect(notSupported, named).toContain(named);
      expect(codeOf(probe), named).toBe('ERR_NOT_SUPPORTED');
    }
  });

  it('does not list as unsupported what works: zip DEF (RFC 7516 s4.1.3) and b64 false (RFC 7797)', () => {
    expect(notSupported).not.toMatch(/`b64`/);
    expect(notSupported).not.toMatch(/\(e\.g\. `zip`/);
    const kek = generateKey('A128KW');
    const zipped = encryptCompact('z', { alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }, kek);
    expect(new TextDecoder().decode(decryptCompact(zipped, kek).plaintext)).toBe('z');
    const mac = generateKey('HS256');
    const jws = signCompact('$.02', { alg: 'HS256', b64: false, crit: ['b64'] }, mac);
    expect(codeOf(() => verifyCompact(jws, mac, { detachedPayload: '$.02' }))).toBe('no error');
  });
});
