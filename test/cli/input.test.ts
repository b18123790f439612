import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { signCompact } from '../../src/jws/compact.js';
import { encryptCompact } from '../../src/jwe/compact.js';
import { cli, cliTempDir, cliWith, rawSecret } from '../support/cli.js';

const { dir, file } = cliTempDir('jose-core-cli-input-');
const secret = file('hmac.key', rawSecret(32));
const policy = file('policy.json', JSON.stringify({ 'jws-alg': 'HS256', 'jws-crypto': 'h' }));

describe('a file that cannot be read: exit 2, its path named, no usage text', () => {
  const missing = join(dir, 'missing');
  const cryptoWithMissingKey = file('crypto.json', JSON.stringify({ h: { type: 'shared-secret-key', file: 'missing.key' } }));
  const cases: Array<[string[], string]> = [
    [['sign', '--key', missing, '--alg', 'HS256', '--payload', 'x'], `key file ${missing} does not exist`],
    [['sign', '--key', secret, '--alg', 'HS256', '--payload-file', missing], `payload file ${missing} does not exist`],
    [['encrypt', '--key', secret, '--alg', 'dir', '--enc', 'A256GCM', '--plaintext-file', missing], `plaintext file ${missing} does not exist`],
    [['verify', '--key', missing, '--alg', 'HS256', 'a.b.c'], `key file ${missing} does not exist`],
    [['decrypt', '--key', missing, '--alg', 'dir', '--enc', 'A256GCM', 'a.b.c.d.e'], `key file ${missing} does not exist`],
    [['thumbprint', '--key', missing], `key file ${missing} does not exist`],
    [['generate', '--policy', missing], `policy file ${missing} does not exist`],
    [['generate', '--policy', policy, '--vars', missing], `vars file ${missing} does not exist`],
    [['validate', '--policy', policy, '--crypto', missing], `crypto file ${missing} does not exist`],
    // Read by the policy layer and the conformance loader, which used to answer exit 1 without the path.
    [['generate', '--policy', policy, '--crypto', cryptoWithMissingKey], `key file of crypto object "h" ${join(dir, 'missing.key')} does not exist`],
    [['conformance', '--vectors', missing], `vectors folder ${missing} does not exist`],
  ];
  for (const [argv, message] of cases) {
    it(argv.slice(0, 3).join(' '), () => {
      expect(cli(...argv)).toEqual({ code: 2, out: '', err: `jose-core: ${message}\n` });
    });
  }

  it('a folder given as a key file cannot be read, and says so', () => {
    expect(cli('thumbprint', '--key', dir)).toEqual({ code: 2, out: '', err: `jose-core: cannot read key file ${dir}\n` });
  });
});

describe('raw secret files', () => {
  it('a secret ending in a newline is refused with a message saying so (LF and CRLF)', () => {
    for (const ending of ['\n', '\r\n']) {
      const path = file('newline.key', `a-shared-secret-of-more-than-32-octets${ending}`);
      const r = cli('sign', '--key', path, '--alg', 'HS256', '--payload', 'x');
      expect([r.code, r.out], JSON.stringify(ending)).toEqual([2, '']);
      expect(r.err).toContain(`key file ${path} ends in a newline, which a raw secret would include as its last octet`);
      expect(cli('verify', '--key', path, '--alg', 'HS256', 'a.b.c').code).toBe(2);
    }
  });

  it('the same secret without the newline signs; JWK and PEM text may end in a newline', () => {
    const plain = file('plain.key', 'a-shared-secret-of-more-than-32-octets');
    expect(cli('sign', '--key', plain, '--alg', 'HS256', '--payload', 'x').code).toBe(0);
    const jwk = file('hmac.jwk', `${JSON.stringify(exportJWK(generateKey('HS256'), { private: true }))}\n`);
    expect(cli('sign', '--key', jwk, '--alg', 'HS256', '--payload', 'x').code).toBe(0);
    const pem = file('ec.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    expect(cli('sign', '--key', pem, '--alg', 'ES256', '--payload', 'x').code).toBe(0);
  });

  it('DER and empty files are refused, naming the file', () => {
    const der = file('rsa.der', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }));
    expect(cli('sign', '--key', der, '--alg', 'HS256', '--payload', 'x')).toEqual({ code: 2, out: '', err: `jose-core: key file ${der} holds DER; give keys as PEM or JWK text\n` });
    const empty = file('empty.key', '');
    expect(cli('sign', '--key', empty, '--alg', 'HS256', '--payload', 'x')).toEqual({ code: 2, out: '', err: `jose-core: key file ${empty} is empty\n` });
  });
});

describe('- reads stdin', () => {
  const key = generateKey('HS256');
  const jwk = file('stdin.jwk', JSON.stringify(exportJWK(key, { private: true })));
  const token = signCompact('from stdin', { alg: 'HS256' }, key);

  it('as the token of verify, decrypt and inspect (surrounding whitespace ignored)', () => {
    expect(cliWith(['verify', '--key', jwk, '--alg', 'HS256', '-'], `${token}\n`)).toMatchObject({ code: 0, out: 'from stdin\n' });
    const kek = generateKey('A128KW');
    const kekFile = file('kek.jwk', JSON.stringify(exportJWK(kek, { private: true })));
    const jwe = encryptCompact('secret', { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(cliWith(['decrypt', '--key', kekFile, '--alg', 'A128KW', '--enc', 'A128GCM', '-'], `${jwe}\r\n`)).toMatchObject({ code: 0, out: 'secret\n' });
    expect(cliWith(['inspect', '-'], token).out).toContain('JWS (NOT VERIFIED');
  });

  it('as a key file or a payload file', () => {
    expect(cliWith(['verify', '--key', '-', '--alg', 'HS256', token], JSON.stringify(exportJWK(key, { private: true }))).out).toBe('from stdin\n');
    const signed = cliWith(['sign', '--key', jwk, '--alg', 'HS256', '--payload-file', '-'], Buffer.from([0, 255, 10]));
    expect(signed.out.split('.')[1]).toBe('AP8K');
  });

  it('only once per command, and only when there is a stdin', () => {
    const twice = cliWith(['verify', '--key', '-', '--alg', 'HS256', '-'], token);
    expect([twice.code, twice.err.split('\n')[0]]).toEqual([2, 'jose-core: only one input can be read from stdin (-)']);
    const none = cli('inspect', '-');
    expect([none.code, none.err.split('\n')[0]]).toEqual([2, 'jose-core: there is no stdin to read - from']);
  });
});

describe('JWK Set files: the key picked by kid and alg, as createLocalKeySet does', () => {
  const a = generateKey('ES256', { kid: 'a' });
  const b = generateKey('ES256', { kid: 'b' });
  const rsa = generateKey('RSA-OAEP-256', { kid: 'enc-1' });
  const jwks = file('jwks.json', JSON.stringify({ keys: [exportJWK(a), exportJWK(b), exportJWK(rsa, { private: true })] }));

  it('verify finds the signer by kid among keys of the same type', () => {
    for (const [key, kid] of [[a, 'a'], [b, 'b']] as const) {
      const r = cli('verify', '--key', jwks, '--alg', 'ES256', signCompact(kid, { alg: 'ES256', kid }, key));
      expect([r.code, r.out], kid).toEqual([0, `${kid}\n`]);
    }
  });

  it('a kid the set does not hold, or a missing kid among look-alikes, is an operation failure (exit 1)', () => {
    expect(cli('verify', '--key', jwks, '--alg', 'ES256', signCompact('x', { alg: 'ES256', kid: 'c' }, a)).err).toBe(
      'jose-core: ERR_KEY_NOT_FOUND: no key in the set fits the token header\n',
    );
    expect(cli('verify', '--key', jwks, '--alg', 'ES256', signCompact('x', { alg: 'ES256' }, a))).toMatchObject({ code: 1, err: expect.stringContaining('ERR_KEY_AMBIGUOUS') });
  });

  it('decrypt finds the recipient key; sign, encrypt and thumbprint need one key', () => {
    const jwe = encryptCompact('to the set', { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' }, rsa.toPublic());
    expect(cli('decrypt', '--key', jwks, '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', jwe)).toMatchObject({ code: 0, out: 'to the set\n' });
    for (const argv of [
      ['sign', '--key', jwks, '--alg', 'ES256', '--payload', 'x'],
      ['encrypt', '--key', jwks, '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', '--plaintext', 'x'],
      ['thumbprint', '--key', jwks],
    ]) {
      const r = cli(...argv);
      expect(r.code, argv[0]).toBe(2);
      expect(r.err, argv[0]).toContain(`key file ${jwks} holds a JWK Set`);
    }
  });
});
