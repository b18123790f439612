import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { cli, cliTempDir } from '../support/cli.js';

const { file } = cliTempDir('jose-core-cli-keygen-');
const b64uBytes = (s: unknown): number => Buffer.from(s as string, 'base64url').length;

describe('jose-core keygen', () => {
  it('prints a new private JWK bound to the algorithm and kid (RFC 7518 s3.2: HS256 keys, 256 bits)', () => {
    const r = cli('keygen', 'HS256', '--kid', 'k1');
    expect([r.code, r.err]).toEqual([0, '']);
    const jwk = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'k', 'kid', 'kty']);
    expect(jwk).toMatchObject({ kty: 'oct', alg: 'HS256', kid: 'k1' });
    expect(b64uBytes(jwk.k)).toBe(32);
    expect(cli('keygen', 'HS256').out).not.toBe(r.out);
  });

  it('gives each algorithm its key: EC on its curve, OKP, RSA, a dir key named by its enc', () => {
    const ec = JSON.parse(cli('keygen', 'ES384').out);
    expect(ec).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384' });
    expect(b64uBytes(ec.d)).toBe(48);
    expect(JSON.parse(cli('keygen', 'ES256K').out)).toMatchObject({ kty: 'EC', crv: 'secp256k1' });
    const ed448 = JSON.parse(cli('keygen', 'EdDSA', '--crv', 'Ed448').out);
    expect(ed448).toMatchObject({ kty: 'OKP', crv: 'Ed448', alg: 'EdDSA' });
    const x25519 = JSON.parse(cli('keygen', 'ECDH-ES+A128KW', '--crv', 'X25519').out);
    expect(x25519).toMatchObject({ kty: 'OKP', crv: 'X25519' });
    const rsa = JSON.parse(cli('keygen', 'RSA-OAEP-256').out);
    expect(rsa).toMatchObject({ kty: 'RSA', alg: 'RSA-OAEP-256', e: 'AQAB' });
    expect(b64uBytes(rsa.n)).toBe(256);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(rsa[member], member).toBeTypeOf('string');
    const dir = JSON.parse(cli('keygen', 'A128GCM').out);
    expect(dir).toMatchObject({ kty: 'oct', alg: 'A128GCM' });
    expect(b64uBytes(dir.k)).toBe(16);
  });

  it('the JWK keeps its binding: it cannot be used for another algorithm', () => {
    const jwk = JSON.parse(cli('keygen', 'ES256').out);
    expect(() => importJWK(jwk, 'ES256')).not.toThrow();
    expect(() => importJWK(jwk, 'ES384')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUITABLE' }),
    );
  });

  it('--pem prints PKCS #8 PEM that node:crypto reads back as the same kind of key', () => {
    const r = cli('keygen', 'RS256', '--pem');
    expect(r.out).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const key = createPrivateKey(r.out);
    expect([key.asymmetricKeyType, key.asymmetricKeyDetails?.modulusLength]).toEqual(['rsa', 2048]);
    const ec = createPrivateKey(cli('keygen', 'ES256', '--pem').out);
    expect(ec.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('a generated key signs and verifies through the CLI, and its public half goes in a JWK Set', () => {
    const privateJwk = file('signer.jwk', cli('keygen', 'ES256', '--kid', 'gw').out);
    const token = cli(
      'sign',
      '--key',
      privateJwk,
      '--alg',
      'ES256',
      '--payload',
      'hello',
    ).out.trim();
    const { d, ...publicJwk } = JSON.parse(readFileSync(privateJwk, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(d).toBeTypeOf('string');
    const jwks = file('jwks.json', JSON.stringify({ keys: [publicJwk] }));
    expect(cli('verify', '--key', jwks, '--alg', 'ES256', token)).toMatchObject({
      code: 0,
      out: 'hello\n',
    });
  });

  it('usage mistakes exit 2; an algorithm with no key to generate exits 1 with the reason', () => {
    for (const [argv, message] of [
      [['keygen'], 'keygen takes exactly one algorithm'],
      [['keygen', 'HS256', 'HS384'], 'keygen takes exactly one algorithm'],
      [['keygen', 'HS256', '--pem'], '--pem: a HS256 key is a secret, which has no PEM form'],
      [['keygen', 'HS256', '--bits', '512'], "Unknown option '--bits'"],
    ] as const) {
      const r = cli(...argv);
      expect([r.code, r.out], argv.join(' ')).toEqual([2, '']);
      expect(r.err, argv.join(' ')).toContain(message);
    }
    expect(cli('keygen', 'PBES2-HS256+A128KW')).toEqual({
      code: 1,
      out: '',
      err: 'jose-core: ERR_NOT_SUPPORTED: cannot generate a key for algorithm PBES2-HS256+A128KW\n',
    });
    expect(cli('keygen', 'EdDSA', '--crv', 'P-256').code).toBe(1);
  });
});
