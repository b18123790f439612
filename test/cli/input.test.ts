import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { signCompact } from '../../src/jws/compact.js';
import { cli, cliTempDir, cliWith, rawSecret } from '../support/cli.js';

const { dir, file } = cliTempDir('jose-core-cli-input-');
const secret = file('hmac.key', rawSecret(32));
const policy = file('policy.json', JSON.stringify({ 'jws-alg': 'HS256', 'jws-crypto': 'h' }));
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateJwk = (alg: string): string =>
  JSON.stringify(exportJWK(generateKey(alg as never), { private: true }));
// What a command refused with exit 2 and a message naming its input, without the help text.
const refused = (message: string) => ({ code: 2, out: '', err: `jose-core: ${message}\n` });

describe('a file that cannot be read: exit 2, its path named, no usage text', () => {
  const missing = join(dir, 'missing');
  const gone = join(dir, 'gone.key');
  const ENCRYPT = ['encrypt', '--key', secret, '--alg', 'dir', '--enc', 'A256GCM'];
  const crypto = file(
    'crypto.json',
    JSON.stringify({ h: { type: 'shared-secret-key', file: 'gone.key' } }),
  );
  const cases: Array<[string[], string]> = [
    [['sign', '--key', missing, '--alg', 'HS256', '--payload', 'x'], `key file ${missing}`],
    [
      ['sign', '--key', secret, '--alg', 'HS256', '--payload-file', missing],
      `payload file ${missing}`,
    ],
    [[...ENCRYPT, '--plaintext-file', missing], `plaintext file ${missing}`],
    [['verify', '--key', missing, '--alg', 'HS256', 'a.b.c'], `key file ${missing}`],
    [
      ['decrypt', '--key', missing, '--alg', 'dir', '--enc', 'A256GCM', 'a.b.c.d.e'],
      `key file ${missing}`,
    ],
    [['thumbprint', '--key', missing], `key file ${missing}`],
    [['generate', '--policy', missing], `policy file ${missing}`],
    [['generate', '--policy', policy, '--vars', missing], `vars file ${missing}`],
    [['validate', '--policy', policy, '--crypto', missing], `crypto file ${missing}`],
    // Read by the policy layer and the vectors loader, which answered exit 1 without the path.
    [['generate', '--policy', policy, '--crypto', crypto], `key file of crypto object "h" ${gone}`],
    [['conformance', '--vectors', missing], `vectors folder ${missing}`],
  ];
  for (const [argv, what] of cases) {
    it(argv.slice(0, 3).join(' '), () => {
      expect(cli(...argv)).toEqual(refused(`${what} does not exist`));
    });
  }

  it('a folder given as a key file cannot be read, and says so', () => {
    expect(cli('thumbprint', '--key', dir)).toEqual(refused(`cannot read key file ${dir}`));
  });
});

describe('raw secret files', () => {
  it('a secret ending in a newline is refused with a message saying so (LF and CRLF)', () => {
    for (const ending of ['\n', '\r\n']) {
      const path = file('newline.key', `a-shared-secret-of-more-than-32-octets${ending}`);
      const r = cli('sign', '--key', path, '--alg', 'HS256', '--payload', 'x');
      expect([r.code, r.out], JSON.stringify(ending)).toEqual([2, '']);
      expect(r.err).toContain(
        `key file ${path} ends in a newline, which a raw secret would include`,
      );
      expect(cli('verify', '--key', path, '--alg', 'HS256', 'a.b.c').code).toBe(2);
    }
  });

  it('the same secret without the newline signs; JWK and PEM text may end in a newline', () => {
    const plain = file('plain.key', 'a-shared-secret-of-more-than-32-octets');
    expect(cli('sign', '--key', plain, '--alg', 'HS256', '--payload', 'x').code).toBe(0);
    const jwk = file('hmac.jwk', `${privateJwk('HS256')}\n`);
    expect(cli('sign', '--key', jwk, '--alg', 'HS256', '--payload', 'x').code).toBe(0);
    const pem = file('ec.pem', ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    expect(cli('sign', '--key', pem, '--alg', 'ES256', '--payload', 'x').code).toBe(0);
  });

  it('DER and empty files are refused, naming the file', () => {
    const der = file('ec.der', ec.publicKey.export({ format: 'der', type: 'spki' }));
    const empty = file('empty.key', '');
    const sign = (key: string) => cli('sign', '--key', key, '--alg', 'HS256', '--payload', 'x');
    expect(sign(der)).toEqual(refused(`key file ${der} holds DER; give keys as PEM or JWK text`));
    expect(sign(empty)).toEqual(refused(`key file ${empty} is empty`));
  });
});

describe('- reads stdin', () => {
  const key = generateKey('HS256');
  const keyText = JSON.stringify(exportJWK(key, { private: true }));
  const jwk = file('stdin.jwk', keyText);
  const token = signCompact('from stdin', { alg: 'HS256' }, key);

  it('as the token of verify, decrypt and inspect (surrounding whitespace ignored)', () => {
    const verified = cliWith(['verify', '--key', jwk, '--alg', 'HS256', '-'], `${token}\n`);
    expect(verified).toMatchObject({ code: 0, out: 'from stdin\n' });
    const kek = generateKey('A128KW');
    const kekFile = file('kek.jwk', JSON.stringify(exportJWK(kek, { private: true })));
    const jwe = encryptCompact('secret', { alg: 'A128KW', enc: 'A128GCM' }, kek);
    const argv = ['decrypt', '--key', kekFile, '--alg', 'A128KW', '--enc', 'A128GCM', '-'];
    const decrypted = cliWith(argv, `${jwe}\r\n`);
    expect(decrypted).toMatchObject({ code: 0, out: 'secret\n' });
    expect(cliWith(['inspect', '-'], token).out).toContain('JWS (NOT VERIFIED');
  });

  it('as a key file or a payload file', () => {
    expect(cliWith(['verify', '--key', '-', '--alg', 'HS256', token], keyText).out).toBe(
      'from stdin\n',
    );
    const argv = ['sign', '--key', jwk, '--alg', 'HS256', '--payload-file', '-'];
    const signed = cliWith(argv, Buffer.from([0, 255, 10]));
    expect(signed.out.split('.')[1]).toBe('AP8K');
  });

  it('as the token of validate (--token -), put where the policy reads it', () => {
    const objects = { h: { type: 'shared-secret-key', jwk: JSON.parse(keyText) } };
    const crypto = file('stdin-crypto.json', JSON.stringify(objects));
    const policy = file(
      'stdin-validate.json',
      JSON.stringify({ 'jwt-validate': { 'jws-crypto': 'h' } }),
    );
    const jwt = signCompact(JSON.stringify({ sub: 'alice' }), { alg: 'HS256' }, key);
    const fromStdin = ['validate', '--policy', policy, '--crypto', crypto, '--token', '-'];
    const validated = cliWith(fromStdin, `${jwt}\n`);
    expect(validated).toMatchObject({
      code: 0,
      err: 'valid; claims written to variable decoded.claims\n',
    });
    expect(JSON.parse(validated.out)).toEqual({ sub: 'alice' });
    const other = signCompact(
      JSON.stringify({ sub: 'alice' }),
      { alg: 'HS256' },
      generateKey('HS256'),
    );
    expect(cliWith(fromStdin, other).code).toBe(1);
    const argv = ['validate', '--policy', '-', '--crypto', crypto, '--token', '-'];
    const twice = cliWith(argv, JSON.stringify({ 'jws-crypto': 'h' }));
    expect(twice.code).toBe(2);
    expect(twice.err.split('\n')[0]).toBe('jose-core: only one input can be read from stdin (-)');
  });

  it('only once per command, and only when there is a stdin', () => {
    const twice = cliWith(['verify', '--key', '-', '--alg', 'HS256', '-'], token);
    expect(twice.code).toBe(2);
    expect(twice.err.split('\n')[0]).toBe('jose-core: only one input can be read from stdin (-)');
    const none = cli('inspect', '-');
    expect([none.code, none.err.split('\n')[0]]).toEqual([
      2,
      'jose-core: there is no stdin to read - from',
    ]);
  });
});

describe('JWK Set files: the key picked by kid and alg, as createLocalKeySet does', () => {
  const a = generateKey('ES256', { kid: 'a' });
  const b = generateKey('ES256', { kid: 'b' });
  const rsa = generateKey('RSA-OAEP-256', { kid: 'enc-1' });
  const set = { keys: [exportJWK(a), exportJWK(b), exportJWK(rsa, { private: true })] };
  const jwks = file('jwks.json', JSON.stringify(set));
  const verify = (token: string) => cli('verify', '--key', jwks, '--alg', 'ES256', token);

  it('verify finds the signer by kid among keys of the same type', () => {
    for (const [key, kid] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const r = verify(signCompact(kid, { alg: 'ES256', kid }, key));
      expect([r.code, r.out], kid).toEqual([0, `${kid}\n`]);
    }
  });

  it('a kid the set does not hold, or no kid among look-alikes, is an operation failure (exit 1)', () => {
    expect(verify(signCompact('x', { alg: 'ES256', kid: 'c' }, a))).toEqual({
      code: 1,
      out: '',
      err: 'jose-core: ERR_KEY_NOT_FOUND: no key in the set fits the token header\n',
    });
    const ambiguous = verify(signCompact('x', { alg: 'ES256' }, a));
    expect([ambiguous.code, ambiguous.err]).toEqual([
      1,
      expect.stringContaining('ERR_KEY_AMBIGUOUS'),
    ]);
  });

  it('decrypt finds the recipient key; sign, encrypt and thumbprint need one key', () => {
    const header = { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' };
    const jwe = encryptCompact('to the set', header, rsa.toPublic());
    const r = cli('decrypt', '--key', jwks, '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', jwe);
    expect(r).toMatchObject({ code: 0, out: 'to the set\n' });
    for (const argv of [
      ['sign', '--key', jwks, '--alg', 'ES256', '--payload', 'x'],
      ['encrypt', '--key', jwks, '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', '--plaintext', 'x'],
      ['thumbprint', '--key', jwks],
    ]) {
      const refusal = cli(...argv);
      expect(refusal.code, argv[0]).toBe(2);
      expect(refusal.err, argv[0]).toContain(`key file ${jwks} holds a JWK Set`);
    }
  });
});
