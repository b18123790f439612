import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importKey } from '../../src/jwk/import-key.js';
import { decryptJWT } from '../../src/jwt/jwt.js';
import { cli } from '../support/cli.js';

const ex = (f: string) =>
  fileURLToPath(new URL(`../../examples/jwt-generate/${f}`, import.meta.url));

describe('jose-core CLI', () => {
  it('generate runs the bundled seed example: a nested HS256 token in A128KW/A128CBC-HS256 made with the crypto objects', () => {
    const r = cli(
      'generate',
      '--policy',
      ex('policy.json'),
      '--vars',
      ex('vars.json'),
      '--crypto',
      ex('crypto.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('written to variable generated.jwt');
    const token = r.out.trim();
    const kek = importKey(readFileSync(ex('keys/jwe-a128kw.key')));
    const hmac = importKey(readFileSync(ex('keys/jws-hs256.key')));
    const { claims, protectedHeader, jwsHeader } = decryptJWT(token, kek, {
      verificationKey: hmac,
      algorithms: ['HS256'],
    });
    expect(protectedHeader).toEqual({
      alg: 'A128KW',
      enc: 'A128CBC-HS256',
      typ: 'JWT',
      cty: 'JWT',
    });
    expect(jwsHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({
      iss: 'https://gateway.example.com',
      sub: 'alice@example.com',
      aud: 'https://api.example.com',
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('generate without jwt writes to the Authorization header and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jose-core-cli-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ 'jws-alg': 'HS256', 'jws-crypto': 'h' }));
    writeFileSync(join(dir, 'v.json'), JSON.stringify({ 'iss.claim': 'me' }));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ h: { type: 'shared-secret-key', file: ex('keys/jws-hs256.key') } }),
    );
    const r = cli(
      'generate',
      '--policy',
      join(dir, 'p.json'),
      '--vars',
      join(dir, 'v.json'),
      '--crypto',
      join(dir, 'c.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('header Authorization (Bearer)');
    expect(r.out.trim().split('.')).toHaveLength(3);
  });

  it('generate reports a policy failure with exit code 1 and the detail', () => {
    const r = cli('generate', '--policy', ex('policy.json'), '--crypto', ex('crypto.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('Invalid-JWT-Generate: iss-claim: variable "iss.claim" is not set');
    expect(r.out).toBe('');
  });

  it('usage errors exit 2 with the usage text', () => {
    const mistakes = [
      [],
      ['frobnicate'],
      ['generate'],
      ['generate', '--policy'],
      ['generate', '--bogus', 'x'],
      ['inspect'],
    ];
    for (const argv of mistakes) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out + r.err).toContain('usage: jose-core');
    }
    expect(cli('help').code).toBe(0);
  });

  it('inspect prints header and claims, marked as not verified', () => {
    const token = cli(
      'generate',
      '--policy',
      ex('policy.json'),
      '--vars',
      ex('vars.json'),
      '--crypto',
      ex('crypto.json'),
    ).out.trim();
    const jwe = cli('inspect', token);
    expect(jwe.code).toBe(0);
    expect(jwe.out).toContain('JWE (NOT VERIFIED');
    expect(jwe.out).toContain('"cty": "JWT"');
    const jws = cli('inspect', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    expect(jws.out).toContain('JWS (NOT VERIFIED');
    expect(jws.out).toContain('"sub": "x"');
    const bad = cli('inspect', 'not-a-token');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ERR_JWT_INVALID');
  });
});
