import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { signatureAlgorithmNames } from '../../src/jws/algs/registry.js';
import { keyManagementNames } from '../../src/jwe/keys/table.js';
import { contentEncryptionNames } from '../../src/jwe/content/table.js';
import { cli, cliTempDir, rawSecret } from '../support/cli.js';

const { file } = cliTempDir('jose-core-cli-choices-');
const secret = file('hmac.key', rawSecret(32));
const kek = file('kek.key', rawSecret(16));
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const JWE = 'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0.a.b.c.d';

describe('an algorithm name outside the tables is a usage error (exit 2), not a failed operation', () => {
  const cases: Array<[string[], string]> = [
    [['sign', '--key', secret, '--alg', 'HS257', '--payload', 'x'], `--alg HS257 is not a JWS algorithm; one of: ${signatureAlgorithmNames().join(', ')}`],
    [['sign', '--key', secret, '--alg', 'none', '--payload', 'x'], '--alg none is not a JWS algorithm'],
    [['verify', '--key', secret, '--alg', 'HS256,HS257', TOKEN], '--alg HS257 is not a JWS algorithm'],
    [['encrypt', '--key', kek, '--alg', 'A128KV', '--enc', 'A128GCM', '--plaintext', 'x'], `--alg A128KV is not a JWE key management algorithm; one of: ${keyManagementNames().join(', ')}`],
    [['encrypt', '--key', kek, '--alg', 'A128KW', '--enc', 'A128GCN', '--plaintext', 'x'], `--enc A128GCN is not a JWE content encryption algorithm; one of: ${contentEncryptionNames().join(', ')}`],
    [['decrypt', '--key', kek, '--alg', 'HS256', '--enc', 'A128GCM', JWE], '--alg HS256 is not a JWE key management algorithm'],
    [['decrypt', '--key', kek, '--alg', 'A128KW', '--enc', 'A128KW', JWE], '--enc A128KW is not a JWE content encryption algorithm'],
    [['keygen', 'ES257'], 'algorithm ES257 is not a JOSE algorithm'],
  ];
  for (const [argv, message] of cases) {
    it(`${argv[0] as string} ${argv.includes('--enc') && message.startsWith('--enc') ? '--enc' : '--alg'} (${message.split(' ')[1] as string})`, () => {
      const r = cli(...argv);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toContain(`jose-core: ${message}`);
      expect(r.err).toContain(`usage: jose-core ${argv[0] as string}`);
    });
  }

  it('the choices offered are the tables\' names, newer algorithms included (RFC 8037 EdDSA, RFC 8812 ES256K)', () => {
    const offered = cli('sign', '--key', secret, '--alg', 'X', '--payload', 'x').err.split('\n')[0]!.split('one of: ')[1]!.split(', ');
    expect(offered).toEqual(expect.arrayContaining(['HS256', 'RS256', 'PS512', 'ES256K', 'EdDSA']));
    expect(offered).not.toContain('none');
    const enc = cli('encrypt', '--key', kek, '--alg', 'X', '--enc', 'A128GCM', '--plaintext', 'x').err.split('\n')[0]!.split('one of: ')[1]!.split(', ');
    expect(enc).toEqual(expect.arrayContaining(['RSA-OAEP-256', 'dir', 'ECDH-ES+A256KW', 'PBES2-HS512+A256KW']));
  });

  it('the CLI sources name no algorithm and sniff no name: they ask the tables (help text aside)', () => {
    const dir = new URL('../../src/cli/', import.meta.url);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'help.ts')) {
      // Comments may name algorithms; code may not.
      const text = readFileSync(new URL(name, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(text, name).not.toMatch(/['"`](HS|RS|PS|ES)\d{3}K?['"`]|PBES2|EdDSA|RSA-OAEP|A\d{3}(GCM)?KW|A\d{3}GCM|CBC-HS|ECDH-ES|['"`]dir['"`]/);
      expect(text, name).not.toMatch(/\balg\.(startsWith|endsWith|includes)\(/);
    }
  });
});
