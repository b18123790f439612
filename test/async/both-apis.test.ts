// Every behaviour below runs through the synchronous main entry and through jose-core/async:
// the two must give the same results and the same JoseError codes.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContentEncryptionAlgorithm,
  exportJWK,
  generateKey,
  type JoseKey,
  type JWSAlgorithm,
  type KeyManagementAlgorithm,
} from '../../src/index.js';
import { APIS, rejection } from '../support/both-apis.js';

const RSA = generateKey('RS256', { kid: 'rsa' });
const PS = generateKey('PS256');
const EC = generateKey('ES256');
const ED = generateKey('EdDSA');
const HS = generateKey('HS256');
const OAEP = generateKey('RSA-OAEP-256');
const OAEP1 = generateKey('RSA-OAEP');
const ECDH = generateKey('ECDH-ES', { crv: 'P-256' });
const ECDH_KW = generateKey('ECDH-ES+A128KW', { crv: 'X25519' });
const KW = generateKey('A128KW');
const DIR = generateKey('A256GCM');
const now = (): number => Math.floor(Date.now() / 1000);

const SIGNERS: Array<[JWSAlgorithm, JoseKey]> = [
  ['HS256', HS],
  ['RS256', RSA],
  ['PS256', PS],
  ['ES256', EC],
  ['EdDSA', ED],
];

const ENCRYPTERS: Array<[KeyManagementAlgorithm, ContentEncryptionAlgorithm, JoseKey | string]> = [
  ['RSA-OAEP-256', 'A256GCM', OAEP],
  ['RSA-OAEP', 'A128CBC-HS256', OAEP1],
  ['ECDH-ES', 'A128GCM', ECDH],
  ['ECDH-ES+A128KW', 'A256GCM', ECDH_KW],
  ['A128KW', 'A128CBC-HS256', KW],
  ['dir', 'A256GCM', generateKey('A256GCM')],
  ['PBES2-HS256+A128KW', 'A128GCM', 'correct horse battery staple'],
];

// Flips one character of part `index` of a token, keeping it base64url.
function tamper(token: string, index: number): string {
  const parts = token.split('.');
  const p = parts[index] as string;
  parts[index] = (p[0] === 'A' ? 'B' : 'A') + p.slice(1);
  return parts.join('.');
}

describe.each(APIS)('$name API', (api) => {
  describe('JWS compact (RFC 7515 s7.1)', () => {
    it.each(SIGNERS)('%s: signs, verifies, refuses a tampered signature', async (alg, key) => {
      const token = await api.signCompact('hello', { alg, kid: 'k' }, key);
      const {
        payload,
        protectedHeader,
        key: used,
      } = await api.verifyCompact(token, key, { algorithms: [alg] });
      expect(Buffer.from(payload).toString()).toBe('hello');
      expect(protectedHeader).toEqual({ alg, kid: 'k' });
      expect(used).toBe(key);
      expect(await rejection(api.verifyCompact(tamper(token, 2), key, { algorithms: [alg] }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
      expect(await rejection(api.verifyCompact(tamper(token, 1), key, { algorithms: [alg] }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('RS256 output is deterministic, equal across the APIs, and readable by the other API', async () => {
      const other = APIS.find((a) => a !== api)!;
      const token = await api.signCompact('x', { alg: 'RS256' }, RSA);
      expect(await other.signCompact('x', { alg: 'RS256' }, RSA)).toBe(token);
      await expect(other.verifyCompact(token, RSA)).resolves.toMatchObject({
        protectedHeader: { alg: 'RS256' },
      });
    });

    it('refuses an alg outside the allow-list, none, an unsuitable key, and an oversized token', async () => {
      const token = await api.signCompact('x', { alg: 'ES256' }, EC);
      expect(await rejection(api.verifyCompact(token, EC, { algorithms: ['RS256'] }))).toBe(
        'ERR_ALG_NOT_ALLOWED',
      );
      expect(await rejection(api.verifyCompact(token, RSA))).toBe('ERR_KEY_UNSUITABLE');
      expect(await rejection(api.verifyCompact(token, EC, { maxTokenLength: 10 }))).toBe(
        'ERR_JWS_INVALID',
      );
      expect(await rejection(api.signCompact('x', { alg: 'none' }, EC))).toBe(
        'ERR_ALG_NOT_ALLOWED',
      );
      expect(await rejection(api.signCompact('x', { alg: 'RS256' }, EC))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
      expect(await rejection(api.verifyCompact('a.b', EC))).toBe('ERR_JWS_INVALID');
      expect(await rejection(api.verifyCompact(token, EC, 'options' as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    });

    it('detached and unencoded payloads (RFC 7515 Appendix F, RFC 7797)', async () => {
      const detached = await api.signCompact('body', { alg: 'ES256' }, EC, { detached: true });
      expect(detached).toMatch(/^[\w-]+\.\.[\w-]+$/);
      await expect(
        api.verifyCompact(detached, EC, { detachedPayload: 'body' }),
      ).resolves.toBeDefined();
      // Without detachedPayload an empty payload part is the empty payload (RFC 7515 s7), which
      // this signature does not cover.
      expect(await rejection(api.verifyCompact(detached, EC))).toBe('ERR_JWS_SIGNATURE_INVALID');
      const raw = await api.signCompact('$.02', { alg: 'RS256', b64: false, crit: ['b64'] }, RSA);
      expect(
        Buffer.from(
          (await api.verifyCompact(raw, RSA, { detachedPayload: '$.02' })).payload,
        ).toString(),
      ).toBe('$.02');
      expect(await rejection(api.verifyCompact(raw, RSA, { detachedPayload: '$.03' }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('a resolver picks the key from the header; its own errors pass through', async () => {
      const token = await api.signCompact('x', { alg: 'RS256', kid: 'rsa' }, RSA);
      const seen: unknown[] = [];
      await api.verifyCompact(token, (h) => (seen.push(h.kid), RSA));
      expect(seen).toEqual(['rsa']);
      expect(await rejection(api.verifyCompact(token, () => generateKey('RS256')))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });
  });

  describe('JWS JSON (RFC 7515 s7.2)', () => {
    it('signs for several signers and verifies with each key, reporting the index', async () => {
      const jws = await api.signJSON('hello', [
        { protectedHeader: { alg: 'RS256' }, key: RSA },
        { protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'e' }, key: EC },
        { protectedHeader: { alg: 'HS256' }, key: HS },
      ]);
      expect((await api.verifyJSON(jws, EC)).signatureIndex).toBe(1);
      expect((await api.verifyJSON(jws, HS, { algorithms: ['HS256'] })).signatureIndex).toBe(2);
      expect(await rejection(api.verifyJSON(jws, generateKey('ES256')))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
      expect(await rejection(api.verifyJSON(jws, EC, { algorithms: ['PS256'] }))).toBe(
        'ERR_ALG_NOT_ALLOWED',
      );
      expect(await rejection(api.signJSON('x', []))).toBe('ERR_INVALID_ARGUMENT');
    });
  });

  describe('JWE compact (RFC 7516 s7.1)', () => {
    it.each(ENCRYPTERS)(
      '%s with %s: encrypts, decrypts, fails as one error when tampered',
      async (alg, enc, key) => {
        const options = { keyManagementAlgorithms: [alg] };
        const jwe = await api.encryptCompact('secret', { alg, enc, zip: 'DEF' }, key);
        const { plaintext, protectedHeader } = await api.decryptCompact(jwe, key, options);
        expect(Buffer.from(plaintext).toString()).toBe('secret');
        expect(protectedHeader).toMatchObject({ alg, enc, zip: 'DEF' });
        expect(await rejection(api.decryptCompact(tamper(jwe, 4), key, options))).toBe(
          'ERR_JWE_DECRYPTION_FAILED',
        );
        expect(await rejection(api.decryptCompact(tamper(jwe, 3), key, options))).toBe(
          'ERR_JWE_DECRYPTION_FAILED',
        );
        if (alg.startsWith('RSA'))
          expect(await rejection(api.decryptCompact(tamper(jwe, 1), key, options))).toBe(
            'ERR_JWE_DECRYPTION_FAILED',
          );
      },
      20_000,
    );

    it('allow-lists, limits and keys are checked before any decryption', async () => {
      const jwe = await api.encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, OAEP);
      expect(
        await rejection(api.decryptCompact(jwe, OAEP, { keyManagementAlgorithms: ['A128KW'] })),
      ).toBe('ERR_ALG_NOT_ALLOWED');
      expect(
        await rejection(
          api.decryptCompact(jwe, OAEP, { contentEncryptionAlgorithms: ['A256GCM'] }),
        ),
      ).toBe('ERR_ALG_NOT_ALLOWED');
      expect(await rejection(api.decryptCompact(jwe, KW))).toBe('ERR_KEY_UNSUITABLE');
      expect(await rejection(api.decryptCompact(jwe, generateKey('RSA-OAEP-256')))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      expect(await rejection(api.decryptCompact(jwe, OAEP, { maxTokenLength: 100 }))).toBe(
        'ERR_JWE_INVALID',
      );
      expect(await rejection(api.decryptCompact(1 as never, OAEP))).toBe('ERR_INVALID_ARGUMENT');
      const pbes = await api.encryptCompact(
        'x',
        { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 2000 },
        'pw',
      );
      expect(await rejection(api.decryptCompact(pbes, 'pw'))).toBe('ERR_ALG_NOT_ALLOWED');
      const opts = {
        keyManagementAlgorithms: ['PBES2-HS256+A128KW' as const],
        maxPbes2Count: 1999,
      };
      expect(await rejection(api.decryptCompact(pbes, 'pw', opts))).toBe('ERR_JWE_INVALID');
      expect(
        await rejection(
          api.encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 10 }, 'pw'),
        ),
      ).toBe('ERR_INVALID_ARGUMENT');
    });

    it('an ECDH-ES epk on another curve than the key is refused before agreement', async () => {
      const jwe = await api.encryptCompact(
        'x',
        { alg: 'ECDH-ES', enc: 'A128GCM' },
        generateKey('ECDH-ES', { crv: 'P-384' }),
      );
      expect(await rejection(api.decryptCompact(jwe, ECDH))).toBe('ERR_KEY_UNSUITABLE');
    });
  });

  describe('JWE JSON (RFC 7516 s7.2)', () => {
    it("several recipients: each key opens its own; a stranger's key fits none", async () => {
      const jwe = await api.encryptJSON(
        'multi',
        { protectedHeader: { enc: 'A128CBC-HS256' }, aad: 'extra' },
        [
          { header: { alg: 'RSA-OAEP-256', kid: 'o' }, key: OAEP },
          { header: { alg: 'ECDH-ES+A128KW' }, key: ECDH_KW },
          { header: { alg: 'A128KW' }, key: KW },
          { header: { alg: 'PBES2-HS256+A128KW', p2c: 2000 }, key: 'pw' },
        ],
      );
      for (const key of [OAEP, ECDH_KW, KW]) {
        const r = await api.decryptJSON(jwe, key);
        expect(Buffer.from(r.plaintext).toString()).toBe('multi');
        expect(Buffer.from(r.additionalAuthenticatedData!).toString()).toBe('extra');
      }
      const pw = await api.decryptJSON(jwe, 'pw', {
        keyManagementAlgorithms: ['PBES2-HS256+A128KW'],
      });
      expect(pw.header).toMatchObject({ alg: 'PBES2-HS256+A128KW', p2c: 2000 });
      expect(await rejection(api.decryptJSON(jwe, generateKey('ES256')))).toBe('ERR_KEY_NOT_FOUND');
      expect(await rejection(api.decryptJSON(jwe, generateKey('A128KW')))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      const seen: unknown[] = [];
      const r = await api.decryptJSON(
        jwe,
        (h) => (seen.push(h.alg), h.alg === 'A128KW' ? KW : OAEP),
      );
      expect(Buffer.from(r.plaintext).toString()).toBe('multi');
      expect(seen).toContain('RSA-OAEP-256');
    }, 20_000);

    it('a tampered ciphertext fails as one error; malformed JSON as ERR_JWE_INVALID', async () => {
      const jwe = (await api.encryptJSON(
        'x',
        { protectedHeader: { alg: 'RSA-OAEP', enc: 'A256GCM' } },
        [{ key: OAEP1 }],
      )) as { ciphertext: string };
      const bad = {
        ...jwe,
        ciphertext: (jwe.ciphertext[0] === 'A' ? 'B' : 'A') + jwe.ciphertext.slice(1),
      };
      expect(await rejection(api.decryptJSON(bad as never, OAEP1))).toBe(
        'ERR_JWE_DECRYPTION_FAILED',
      );
      expect(await rejection(api.decryptJSON('{', OAEP1))).toBe('ERR_JWE_INVALID');
      expect(await rejection(api.encryptJSON('x', {}, []))).toBe('ERR_INVALID_ARGUMENT');
    });
  });

  describe('JWT (RFC 7519)', () => {
    it('signs and verifies claims; expired, wrong issuer, JWE given to verify', async () => {
      const token = await api.signJWT(
        { sub: 'a', iss: 'idp', exp: now() + 60 },
        { alg: 'ES256' },
        EC,
      );
      expect((await api.verifyJWT(token, EC, { issuer: 'idp' })).claims.sub).toBe('a');
      expect(await rejection(api.verifyJWT(token, EC, { issuer: 'other' }))).toBe(
        'ERR_JWT_CLAIM_INVALID',
      );
      const old = await api.signJWT({ exp: now() - 600 }, { alg: 'RS256' }, RSA);
      expect(await rejection(api.verifyJWT(old, RSA))).toBe('ERR_JWT_EXPIRED');
      const jwe = await api.encryptJWT({ a: 1 }, { alg: 'A128KW', enc: 'A128GCM' }, KW);
      expect(await rejection(api.verifyJWT(jwe, RSA))).toBe('ERR_JWT_INVALID');
      expect(await rejection(api.verifyJWT(token, EC, { maxTokenLength: 20 }))).toBe(
        'ERR_JWT_INVALID',
      );
      expect(await rejection(api.verifyJWT(token, EC, { detachedPayload: 'x' } as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    });

    it('nests sign-then-encrypt and refuses a stripped signature', async () => {
      const inner = await api.signJWT({ sub: 'n', exp: now() + 60 }, { alg: 'PS256' }, PS);
      const nested = await api.encryptJWT(inner, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }, OAEP);
      const r = await api.decryptJWT(nested, OAEP, { verificationKey: PS, algorithms: ['PS256'] });
      expect(r.claims.sub).toBe('n');
      expect(r.protectedHeader.cty).toBe('JWT');
      expect(r.jwsHeader).toEqual({ alg: 'PS256' });
      expect(await rejection(api.decryptJWT(nested, OAEP))).toBe('ERR_JWT_INVALID');
      const plain = await api.encryptJWT({ sub: 'p' }, { alg: 'dir', enc: 'A256GCM' }, DIR);
      expect(await rejection(api.decryptJWT(plain, DIR, { verificationKey: PS }))).toBe(
        'ERR_JWT_INVALID',
      );
      expect(
        await rejection(api.encryptJWT({ a: 1 }, { alg: 'dir', enc: 'A256GCM', cty: 'JWT' }, DIR)),
      ).toBe('ERR_JWT_INVALID');
      const forged = await api.signJWT({ sub: 'n' }, { alg: 'PS256' }, generateKey('PS256'));
      const nestedForged = await api.encryptJWT(
        forged,
        { alg: 'RSA-OAEP-256', enc: 'A256GCM' },
        OAEP,
      );
      expect(await rejection(api.decryptJWT(nestedForged, OAEP, { verificationKey: PS }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('JWKs go where keys go', async () => {
      const token = await api.signJWT(
        { a: 1 },
        { alg: 'ES256' },
        exportJWK(EC, { private: true } as never) as never,
      );
      await expect(api.verifyJWT(token, exportJWK(EC) as never)).resolves.toBeDefined();
    });
  });

  it('property: any one-character change of a signed token gives a result or a JoseError, the same in both APIs', async () => {
    const token = await api.signJWT({ sub: 'p', exp: now() + 600 }, { alg: 'ES256' }, EC);
    const other = APIS.find((a) => a !== api)!;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(token.length - 1),
        fc.constantFrom('A', '.', '-', '_', '=', 'z', '~'),
        async (i, ch) => {
          const mutated = token.slice(0, i) + ch + token.slice(i + 1);
          const [a, b] = await Promise.all([
            rejection(api.verifyJWT(mutated, EC)),
            rejection(other.verifyJWT(mutated, EC)),
          ]);
          expect(a).toBe(b);
          expect(a).not.toMatch(/^not a JoseError/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
