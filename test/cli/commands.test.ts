import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/help.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importKey } from '../../src/jwk/import-key.js';
import { signJWT } from '../../src/jwt/jwt.js';
import { cli, rawSecret } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jose-core-cli-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const secret = rawSecret(32);
const keys = {
  rsaPrivate: file('rsa.pem', rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
  rsaPublic: file('rsa.pub.pem', rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string),
  ecPrivate: file('ec.jwk', JSON.stringify(exportJWK(ec.privateKey, { private: true }))),
  ecPublic: file('ec.pub.jwk', JSON.stringify(exportJWK(ec.publicKey))),
  secret: file('hmac.key', secret),
  kek: file('kek.key', rawSecret(16)),
  password: file('password.txt', 'correct horse battery staple'),
};

describe('jose-core sign and verify', () => {
  it('signs and verifies with PEM, JWK and raw secret key files', () => {
    for (const [alg, signKey, verifyKey] of [
      ['RS256', keys.rsaPrivate, keys.rsaPublic],
      ['PS384', keys.rsaPrivate, keys.rsaPrivate],
      ['ES256', keys.ecPrivate, keys.ecPublic],
      ['HS256', keys.secret, keys.secret],
    ] as const) {
      const signed = cli(
        'sign',
        '--key',
        signKey,
        '--alg',
        alg,
        '--payload',
        'héllo',
        '--header',
        '{"kid":"k1"}',
      );
      expect(signed.code, alg).toBe(0);
      const token = signed.out.trim();
      const verified = cli('verify', '--key', verifyKey, '--alg', alg, token);
      expect([verified.code, verified.out], alg).toEqual([0, 'héllo\n']);
      expect(verified.err).toContain(`"alg":"${alg}","kid":"k1"`);
    }
  });

  it('signs a payload file as it is, octet for octet', () => {
    const payload = file('payload.bin', Buffer.from([0, 255, 10]));
    const token = cli(
      'sign',
      '--key',
      keys.secret,
      '--alg',
      'HS256',
      '--payload-file',
      payload,
    ).out.trim();
    expect(token.split('.')[1]).toBe('AP8K');
  });

  it('verify fails with exit 1 for a bad signature or an algorithm outside --alg', () => {
    const token = cli('sign', '--key', keys.secret, '--alg', 'HS256', '--payload', 'x').out.trim();
    const other = file('other.key', rawSecret(32));
    const bad = cli('verify', '--key', other, '--alg', 'HS256', token);
    expect([bad.code, bad.err]).toEqual([
      1,
      'jose-core: ERR_JWS_SIGNATURE_INVALID: the JWS signature does not verify\n',
    ]);
    expect(cli('verify', '--key', keys.secret, '--alg', 'HS384,HS512', token).err).toMatch(
      /ERR_ALG_NOT_ALLOWED/,
    );
  });

  it('verifies an RFC 7515 Appendix A.1 token with the published key (RFC 7517 A.3 JWK file)', () => {
    const jwk = file(
      'rfc7515-a1.jwk',
      JSON.stringify({
        kty: 'oct',
        k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
      }),
    );
    const token =
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(cli('verify', '--key', jwk, '--alg', 'HS256', token).out).toBe(
      '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}\n',
    );
  });
});

describe('jose-core encrypt and decrypt', () => {
  it('encrypts and decrypts with a PEM key pair, a raw KEK, a dir key and a PBES2 password', () => {
    for (const [alg, enc, encKey, decKey] of [
      ['RSA-OAEP-256', 'A256GCM', keys.rsaPublic, keys.rsaPrivate],
      ['A128KW', 'A128CBC-HS256', keys.kek, keys.kek],
      ['dir', 'A128CBC-HS256', keys.secret, keys.secret],
      ['PBES2-HS256+A128KW', 'A128GCM', keys.password, keys.password],
    ] as const) {
      const encrypted = cli(
        'encrypt',
        '--key',
        encKey,
        '--alg',
        alg,
        '--enc',
        enc,
        '--plaintext',
        'secret stuff',
      );
      expect(encrypted.code, `${alg}: ${encrypted.err}`).toBe(0);
      const decrypted = cli(
        'decrypt',
        '--key',
        decKey,
        '--alg',
        alg,
        '--enc',
        enc,
        encrypted.out.trim(),
      );
      expect([decrypted.code, decrypted.out], alg).toEqual([0, 'secret stuff\n']);
    }
  });

  it('decrypt accepts only the given algorithms and fails with exit 1 on a wrong key', () => {
    const token = cli(
      'encrypt',
      '--key',
      keys.kek,
      '--alg',
      'A128KW',
      '--enc',
      'A128GCM',
      '--plaintext',
      'x',
    ).out.trim();
    expect(
      cli('decrypt', '--key', keys.kek, '--alg', 'A128KW', '--enc', 'A256GCM', token).err,
    ).toMatch(/ERR_ALG_NOT_ALLOWED/);
    const other = file('kek2.key', rawSecret(16));
    expect(
      cli('decrypt', '--key', other, '--alg', 'A128KW', '--enc', 'A128GCM', token),
    ).toMatchObject({ code: 1, err: expect.stringMatching(/ERR_JWE_DECRYPTION_FAILED/) });
  });
});

describe('jose-core thumbprint', () => {
  it('RFC 7638 Section 3.1: prints the published thumbprint of the example key', () => {
    const jwk = file(
      'rfc7638.jwk',
      JSON.stringify({
        kty: 'RSA',
        n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
        e: 'AQAB',
        alg: 'RS256',
        kid: '2011-04-29',
      }),
    );
    expect(cli('thumbprint', '--key', jwk)).toEqual({
      code: 0,
      out: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n',
      err: '',
    });
  });

  it('gives a private key the thumbprint of its public half, with any hash', () => {
    expect(cli('thumbprint', '--key', keys.rsaPrivate).out).toBe(
      cli('thumbprint', '--key', keys.rsaPublic).out,
    );
    expect(cli('thumbprint', '--key', keys.ecPublic, '--hash', 'sha512').out.trim()).toHaveLength(
      86,
    );
  });
});

describe('jose-core validate', () => {
  const crypto = file(
    'crypto.json',
    JSON.stringify({ hmac: { type: 'shared-secret-key', file: keys.secret } }),
  );
  const policy = file(
    'validate.json',
    JSON.stringify({
      'jwt-validate': { 'jws-crypto': 'hmac', 'iss-claim': 'https://gw\\.example' },
    }),
  );
  const now = Math.floor(Date.now() / 1000);
  const token = signJWT(
    { iss: 'https://gw.example', sub: 'alice', exp: now + 300 },
    { alg: 'HS256' },
    importKey(secret),
  );

  it('prints the verified claims of a token given with --token', () => {
    const r = cli('validate', '--policy', policy, '--crypto', crypto, '--token', token);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ iss: 'https://gw.example', sub: 'alice', exp: now + 300 });
    expect(r.err).toBe('valid; claims written to variable decoded.claims\n');
  });

  it('reads the token from the variables, where the policy says', () => {
    const own = file(
      'validate-jwt.json',
      JSON.stringify({ 'jws-crypto': 'hmac', jwt: 'request.jwt', 'output-claims': 'who' }),
    );
    const vars = file('vars.json', JSON.stringify({ 'request.jwt': token }));
    const r = cli('validate', '--policy', own, '--vars', vars, '--crypto', crypto);
    expect([r.code, r.err]).toEqual([0, 'valid; claims written to variable who\n']);
    const header = file(
      'vars-header.json',
      JSON.stringify({ 'message.headers.Authorization': `Bearer ${token}` }),
    );
    expect(cli('validate', '--policy', policy, '--vars', header, '--crypto', crypto).code).toBe(0);
  });

  it('reports an invalid token with exit 1 and the reason', () => {
    const expired = signJWT(
      { iss: 'https://gw.example', exp: now - 10 },
      { alg: 'HS256' },
      importKey(secret),
    );
    const r = cli('validate', '--policy', policy, '--crypto', crypto, '--token', expired);
    expect([r.code, r.out]).toEqual([1, '']);
    expect(r.err).toBe(
      'jose-core: Invalid-JWT-Validate: ERR_JWT_EXPIRED: "exp" claim timestamp check failed\n',
    );
    expect(cli('validate', '--policy', policy, '--crypto', crypto).err).toBe(
      'jose-core: Invalid-JWT-Validate: jwt: the request has no Authorization header\n',
    );
  });
});

describe('jose-core conformance (in-process)', () => {
  it('prints the table for jose-core and exits 0', () => {
    const r = cli('conformance');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^implementation: jose-core \(in-process\)\nprofile: everything supported\nVECTOR +SOURCE +KIND +ALGORITHMS +RESULT\n/,
    );
    expect(r.out).toMatch(/conformance: OK\n$/);
  });

  it('exits 1 when a vector cannot be read', () => {
    const vectors = mkdtempSync(join(dir, 'vectors-'));
    writeFileSync(
      join(vectors, 'odd.json'),
      JSON.stringify({
        format: 'jose-core-vectors/1',
        vectors: [{ id: 'ODD-1', source: 'RFC 0, Section 0' }],
      }),
    );
    const r = cli('conformance', '--vectors', vectors);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'ODD-1   RFC 0, Section 0  unrecognised  -           FAIL\n    FAIL [ODD-1#0] read the vector (expect accept)\n',
    );
    expect(r.out).toContain(
      '      received: unrecognised vector: it lacks the id, rfc, section or kind of the vector format\n',
    );
    expect(r.out).toContain(
      '1 vectors: 0 passed, 1 failed, 0 skipped\n1 checks: 0 pass, 1 fail, 0 unsupported, 0 skipped; coverage 1/1\nconformance: FAILED\n',
    );
  });
});

describe('jose-core usage', () => {
  it('every command prints its help with --help and exits 0', () => {
    for (const command of [
      'generate',
      'validate',
      'sign',
      'verify',
      'encrypt',
      'decrypt',
      'thumbprint',
      'inspect',
      'conformance',
    ]) {
      const r = cli(command, '--help');
      expect([r.code, r.out, r.err], command).toEqual([0, HELP[command], '']);
      expect(r.out.startsWith(`usage: jose-core ${command}`), command).toBe(true);
    }
    expect(cli('help').out).toContain('run "jose-core <command> --help"');
  });

  it("usage mistakes exit 2 with the command's help", () => {
    const mistakes: Array<[string[], string]> = [
      [['sign', '--alg', 'HS256', '--payload', 'x'], '--key is required'],
      [
        ['sign', '--key', keys.secret, '--alg', 'HS256'],
        'give exactly one of --payload and --payload-file',
      ],
      [
        [
          'sign',
          '--key',
          keys.secret,
          '--alg',
          'HS256',
          '--payload',
          'x',
          '--payload-file',
          keys.secret,
        ],
        'give exactly one of --payload and --payload-file',
      ],
      [
        ['sign', '--key', keys.secret, '--alg', 'HS256', '--payload', 'x', '--header', '[1]'],
        '--header must be a JSON object',
      ],
      [
        ['sign', '--key', keys.secret, '--alg', 'HS256', '--payload', 'x', '--header', '{'],
        '--header is not valid JSON',
      ],
      [
        [
          'sign',
          '--key',
          keys.secret,
          '--alg',
          'HS256',
          '--payload',
          'x',
          '--header',
          '{"alg":"none"}',
        ],
        '--header must not set "alg"; use --alg',
      ],
      [
        [
          'encrypt',
          '--key',
          keys.kek,
          '--alg',
          'A128KW',
          '--enc',
          'A128GCM',
          '--plaintext',
          'x',
          '--header',
          '{"enc":"A256GCM"}',
        ],
        '--header must not set "enc"; use --enc',
      ],
      [
        ['verify', '--key', keys.secret, '--alg', 'HS256'],
        'verify takes exactly one token (or - to read it',
      ],
      [['encrypt', '--key', keys.kek, '--alg', 'A128KW', '--plaintext', 'x'], '--enc is required'],
      [
        ['decrypt', '--key', keys.kek, '--alg', 'A128KW', '--enc', 'A128GCM', 'a', 'b'],
        'decrypt takes exactly one token',
      ],
      [
        ['thumbprint', '--key', keys.secret, '--hash', 'md5'],
        '--hash must be sha256, sha384 or sha512',
      ],
      [['thumbprint', '--key', keys.secret, 'extra'], 'unexpected argument extra'],
      [['validate', '--crypto', keys.secret], '--policy is required'],
      [['conformance', '--timeout', '0'], '--timeout must be a number of seconds'],
      [['conformance', '--bogus', 'x'], "Unknown option '--bogus'"],
      [['conformance', '--format', 'xml'], '--format is one of text, json, junit, tap'],
      [
        ['conformance', '--profile', file('profile-bad.json', '{"unsupported": [')],
        '--profile: the profile is not JSON',
      ],
      [
        ['conformance', '--profile', file('profile-shape.json', '{"unsupported":"RSA1_5"}')],
        '--profile: a profile is {"implementation"?: string',
      ],
      [
        [
          'conformance',
          '--unsupported',
          'RSA1_5',
          '--profile',
          file('profile-ok.json', '{"unsupported":["RSA1_5"]}'),
        ],
        'give --unsupported or --profile, not both',
      ],
    ];
    for (const [argv, message] of mistakes) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toContain(message);
      expect(r.err, argv.join(' ')).toContain(`usage: jose-core ${argv[0] as string}`);
    }
  });
});
