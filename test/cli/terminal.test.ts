import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import { signCompact } from '../../src/jws/compact.js';
import { b64u } from '../../src/util/base64url.js';
import { cli, cliTempDir } from '../support/cli.js';

// What a terminal acts on: C0 but tab and newline, DEL, C1, the bidi marks, embeddings, overrides
// and isolates (Unicode UAX #9; CVE-2021-42574 "Trojan Source"), and the line/paragraph separators.
const UNSAFE = new RegExp(
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f' +
    '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]',
);
const HOSTILE = 'x\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil\u2066\u0085y';
const token = (header: object, claims: unknown): string =>
  `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}.c2ln`;

// The header and claims printed by inspect, parsed back from its output.
function printed(out: string): { header: unknown; claims: unknown } {
  const m = /^JWS \(NOT VERIFIED: decoded only\)\nheader: ([\s\S]*)\nclaims: ([\s\S]*)\n$/.exec(
    out,
  );
  if (m === null) throw new Error(`unexpected inspect output: ${out}`);
  return { header: JSON.parse(m[1] as string), claims: JSON.parse(m[2] as string) };
}

describe('inspect escapes what a terminal would act on', () => {
  it('ESC sequences, C1 CSI, NEL and U+202E/U+2066 in header and claims are printed as \\u escapes', () => {
    const r = cli('inspect', token({ alg: 'HS256', kid: HOSTILE, [HOSTILE]: 1 }, { sub: HOSTILE }));
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(UNSAFE);
    for (const sequence of [
      '\\u001b]0;owned\\u0007',
      '\\u009b31m',
      '\\u202eevil\\u2066',
      '\\u0085y',
    ]) {
      expect(r.out).toContain(sequence);
    }
    // The escapes are JSON's own: the printed JSON still means the token's exact values.
    const header = { alg: 'HS256', kid: HOSTILE, [HOSTILE]: 1 };
    expect(printed(r.out)).toEqual({ header, claims: { sub: HOSTILE } });
  });

  it('property: for any header and claims, nothing unsafe is printed and the JSON means the same', () => {
    const text = fc.string({ unit: 'binary', maxLength: 24 });
    fc.assert(
      fc.property(text, text, text, (kid, name, value) => {
        const header = { alg: 'HS256', kid };
        const claims = { [name]: value };
        const r = cli('inspect', token(header, claims));
        expect(r.code).toBe(0);
        expect(r.out).not.toMatch(UNSAFE);
        expect(printed(r.out)).toEqual({ header, claims });
      }),
      { numRuns: 300 },
    );
  });

  it('verify escapes the header it prints on stderr; the verified payload stays as it is', () => {
    const { file } = cliTempDir('jose-core-cli-terminal-');
    const key = generateKey('HS256');
    const jwk = file('k.jwk', JSON.stringify(exportJWK(key, { private: true })));
    const jws = signCompact('p\u202eq', { alg: 'HS256', kid: HOSTILE }, key);
    const r = cli('verify', '--key', jwk, '--alg', 'HS256', jws);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(UNSAFE);
    expect(r.err).toContain('\\u202eevil');
    expect(r.out).toBe('p\u202eq\n');
  });
});
