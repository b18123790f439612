import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentEncryptionNames } from '../../src/jwe/content/table.js';
import { keyManagementNames } from '../../src/jwe/keys/table.js';
import { signatureAlgorithmNames } from '../../src/jws/algs/registry.js';
import { cli, cliTempDir, rawSecret } from '../support/cli.js';

const { file } = cliTempDir('jose-core-cli-choices-');
const secret = file('hmac.key', rawSecret(32));
const kek = file('kek.key', rawSecret(16));
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const JWE = 'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0.a.b.c.d';
const JWS_NAMES = signatureAlgorithmNames().join(', ');
const KM_NAMES = keyManagementNames().join(', ');
const ENC_NAMES = contentEncryptionNames().join(', ');
const SIGN = ['sign', '--key', secret, '--payload', 'x'];
const ENCRYPT = ['encrypt', '--key', kek, '--plaintext', 'x'];
const DECRYPT = ['decrypt', '--key', kek, JWE];
// The first line of what the CLI printed on stderr: the message, before the help text.
const message = (argv: string[]): string => cli(...argv).err.split('\n')[0] as string;

describe('an algorithm name outside the tables is a usage error (exit 2), not a failed operation', () => {
  const cases: Array<[string[], string]> = [
    [[...SIGN, '--alg', 'HS257'], `--alg HS257 is not a JWS algorithm; one of: ${JWS_NAMES}`],
    [[...SIGN, '--alg', 'none'], '--alg none is not a JWS algorithm'],
    [
      ['verify', '--key', secret, '--alg', 'HS256,HS257', TOKEN],
      '--alg HS257 is not a JWS algorithm',
    ],
    [
      [...ENCRYPT, '--alg', 'A128KV', '--enc', 'A128GCM'],
      `--alg A128KV is not a JWE key management algorithm; one of: ${KM_NAMES}`,
    ],
    [
      [...ENCRYPT, '--alg', 'A128KW', '--enc', 'A128GCN'],
      `--enc A128GCN is not a JWE content encryption algorithm; one of: ${ENC_NAMES}`,
    ],
    [
      [...DECRYPT, '--alg', 'HS256', '--enc', 'A128GCM'],
      '--alg HS256 is not a JWE key management algorithm',
    ],
    [
      [...DECRYPT, '--alg', 'A128KW', '--enc', 'A128KW'],
      '--enc A128KW is not a JWE content encryption',
    ],
    [['keygen', 'ES257'], 'algorithm ES257 is not a JOSE algorithm'],
  ];
  for (const [argv, expected] of cases) {
    it(`${argv[0] as string}: ${expected.split(';')[0] as string}`, () => {
      const r = cli(...argv);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toContain(`jose-core: ${expected}`);
      expect(r.err).toContain(`usage: jose-core ${argv[0] as string}`);
    });
  }

  it("the choices offered are the tables' names, with RFC 8037 EdDSA and RFC 8812 ES256K", () => {
    const offered = message([...SIGN, '--alg', 'X'])
      .split('one of: ')[1]
      ?.split(', ');
    expect(offered).toEqual(expect.arrayContaining(['HS256', 'RS256', 'PS512', 'ES256K', 'EdDSA']));
    expect(offered).not.toContain('none');
    const km = message([...ENCRYPT, '--alg', 'X', '--enc', 'A128GCM'])
      .split('one of: ')[1]
      ?.split(', ');
    const newer = ['RSA-OAEP-256', 'dir', 'ECDH-ES+A256KW', 'PBES2-HS512+A256KW'];
    expect(km).toEqual(expect.arrayContaining(newer));
  });

  it('the CLI sources name no algorithm and sniff no name: they ask the tables (help text aside)', () => {
    const dir = new URL('../../src/cli/', import.meta.url);
    const quoted = /['"`]((HS|RS|PS|ES)\d{3}K?|dir)['"`]/;
    const family = /PBES2|EdDSA|RSA-OAEP|A\d{3}(GCM)?KW|A\d{3}GCM|CBC-HS|ECDH-ES/;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'help.ts')) {
      // Comments may name algorithms; code may not.
      const source = readFileSync(new URL(name, dir), 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, name).not.toMatch(quoted);
      expect(code, name).not.toMatch(family);
      expect(code, name).not.toMatch(/\balg\.(startsWith|endsWith|includes)\(/);
    }
  });
});
