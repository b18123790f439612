import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP, USAGE } from '../../src/cli/help.js';
import { describeError } from '../../src/cli/main.js';
import { PolicyError } from '../../src/policy/errors.js';
import { JoseError } from '../../src/util/errors.js';
import { cli, cliTempDir, rawSecret } from '../support/cli.js';

const { file } = cliTempDir('jose-core-cli-args-');
const secret = file('hmac.key', rawSecret(32));

describe('options, parsed by node:util parseArgs', () => {
  it('takes --name=value as well as --name value, and -- before positionals', () => {
    const token = cli('sign', `--key=${secret}`, '--alg=HS256', '--payload=hi').out.trim();
    expect(token.split('.')).toHaveLength(3);
    const r = cli('verify', '--key', secret, '--alg', 'HS256', '--', token);
    expect(r).toMatchObject({ code: 0, out: 'hi\n' });
  });

  it('refuses unknown options, missing values, repeated options, a value to a switch (exit 2)', () => {
    const mistakes: Array<[string[], string]> = [
      [['sign', '--bogus', 'x'], "Unknown option '--bogus'"],
      [['sign', '-k', secret], "Unknown option '-k'"],
      [['sign', '--key'], "Option '--key <value>' argument missing"],
      [['sign', '--key', '--alg', 'HS256'], "Option '--key' argument is ambiguous"],
      [['sign', '--key', secret, '--key', secret, '--alg', 'HS256'], '--key is given twice'],
      [['keygen', 'ES256', '--pem=yes'], "Option '--pem' does not take an argument"],
    ];
    for (const [argv, message] of mistakes) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toContain(message);
      expect(r.err, argv.join(' ')).toContain(`usage: jose-core ${argv[0] as string}`);
    }
  });
});

describe('--version', () => {
  it('prints the version of package.json', () => {
    const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(manifest) as { version: string };
    expect(cli('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(cli('-v').out).toBe(`${version}\n`);
    expect(USAGE).toContain('"jose-core --version" prints the version');
  });
});

describe('exit codes are documented in every help text', () => {
  it('0, 1 and 2, with what each means', () => {
    const documented = new RegExp(
      'exit codes: 0 success; 1 the operation failed .*; 2 usage\\nerror: .*unknown algorithm, ' +
        'or a file that\\ndoes not exist or cannot be used',
      's',
    );
    for (const text of [USAGE, ...Object.values(HELP)]) expect(text).toMatch(documented);
    expect(Object.keys(HELP).sort()).toEqual([
      'conformance',
      'decrypt',
      'encrypt',
      'generate',
      'inspect',
      'keygen',
      'sign',
      'thumbprint',
      'validate',
      'verify',
    ]);
  });
});

describe('errors are routed by their type, never by name or message', () => {
  it('a PolicyError prints its reason and detail, whatever its name', () => {
    const e = new PolicyError('jwt-validate', 401, 'Invalid-JWT-Validate', 'exp: expired');
    e.name = 'SomethingElse';
    expect(describeError(e)).toBe('Invalid-JWT-Validate: exp: expired');
  });

  it('another error named RuntimeError with a detail is not taken for a policy failure', () => {
    const impostor = Object.assign(new Error('plain failure'), { detail: 'x', reason: 'y' });
    impostor.name = 'RuntimeError';
    expect(describeError(impostor)).toBe('plain failure');
  });

  it('a JoseError prints its code and message; anything else its message or text', () => {
    const e = new JoseError('ERR_KEY_NOT_FOUND', 'no key');
    expect(describeError(e)).toBe('ERR_KEY_NOT_FOUND: no key');
    expect(describeError('text')).toBe('text');
  });
});
