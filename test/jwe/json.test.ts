import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptJSON,
  encryptJSON,
  type FlattenedJWE,
  type GeneralJWE,
  type JWEHeaderParameters,
} from '../../src/jwe/index.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import { JoseError } from '../../src/util/errors.js';
import { codeOf, errorOf, text } from './support.js';

const jwk = (fill: number, kid: string) => ({
  kty: 'oct',
  k: Buffer.alloc(16, fill).toString('base64url'),
  kid,
});
const a = importJWK(jwk(1, 'a'));
const b = importJWK(jwk(2, 'b'));
const c = importJWK(jwk(3, 'c'));
const noKid = (k: JoseKey): JoseKey => new JoseKey(k.keyObject);
const twoRecipients = (): GeneralJWE =>
  encryptJSON(
    'for a and b',
    { protectedHeader: { enc: 'A128GCM' }, unprotectedHeader: { cty: 'text/plain' } },
    [
      { header: { alg: 'A128KW', kid: 'a' }, key: a },
      { header: { alg: 'A128KW', kid: 'b' }, key: b },
    ],
  ) as GeneralJWE;

describe('JSON serialization shapes', () => {
  it('one recipient gives the flattened syntax, several the general syntax; empty headers are omitted', () => {
    const flat = encryptJSON('x', { protectedHeader: { enc: 'A128GCM' }, unprotectedHeader: {} }, [
      { header: { alg: 'A128KW' }, key: a },
    ]) as FlattenedJWE;
    expect(Object.keys(flat).sort()).toEqual([
      'ciphertext',
      'encrypted_key',
      'header',
      'iv',
      'protected',
      'tag',
    ]);
    const general = twoRecipients();
    expect(Object.keys(general).sort()).toEqual([
      'ciphertext',
      'iv',
      'protected',
      'recipients',
      'tag',
      'unprotected',
    ]);
    expect(general.recipients.map((r) => Object.keys(r).sort())).toEqual([
      ['encrypted_key', 'header'],
      ['encrypted_key', 'header'],
    ]);
    const dir = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [
      { key: a },
    ]) as FlattenedJWE;
    expect(dir.encrypted_key).toBeUndefined();
    expect(dir.header).toBeUndefined();
  });

  it('all recipients share one IV and ciphertext, each with its own encrypted key', () => {
    const general = twoRecipients();
    expect(general.recipients[0]!.encrypted_key).not.toBe(general.recipients[1]!.encrypted_key);
    expect(text(decryptJSON(general, a).plaintext)).toBe('for a and b');
    expect(text(decryptJSON(general, b).plaintext)).toBe('for a and b');
  });
});

describe('JSON header rules', () => {
  it('header members must be disjoint across protected, shared unprotected and per-recipient headers, on both sides', () => {
    expect(
      codeOf(() =>
        encryptJSON(
          'x',
          { protectedHeader: { enc: 'A128GCM', kid: 'a' }, unprotectedHeader: { kid: 'a' } },
          [{ header: { alg: 'A128KW' }, key: a }],
        ),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON('x', { unprotectedHeader: { enc: 'A128GCM', alg: 'A128KW' } }, [
          { header: { alg: 'A128KW' }, key: a },
        ]),
      ),
    ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() =>
        encryptJSON('x', { protectedHeader: { enc: 'A128GCM', alg: 'A128KW' } }, [
          { header: { alg: 'A128KW' }, key: a },
        ]),
      ),
    ).toBe('ERR_JWE_INVALID');
    const general = twoRecipients();
    const clash = { ...general, unprotected: { cty: 'text/plain', kid: 'x' } };
    expect(codeOf(() => decryptJSON(clash, a))).toBe('ERR_JWE_INVALID');
    const clashProtected = { ...general, unprotected: { enc: 'A128GCM' } };
    expect(codeOf(() => decryptJSON(clashProtected, a))).toBe('ERR_JWE_INVALID');
  });

  it('enc must be in a shared header, never per recipient', () => {
    expect(
      codeOf(() => encryptJSON('x', {}, [{ header: { alg: 'A128KW', enc: 'A128GCM' }, key: a }])),
    ).toBe('ERR_JWE_INVALID');
    const flat = encryptJSON('x', { unprotectedHeader: { enc: 'A128GCM' } }, [
      { header: { alg: 'A128KW' }, key: a },
    ]) as FlattenedJWE;
    expect(text(decryptJSON(flat, a).plaintext)).toBe('x');
    const { unprotected: _shared, ...rest } = flat;
    const moved = { ...rest, header: { alg: 'A128KW', enc: 'A128GCM' } };
    expect(codeOf(() => decryptJSON(moved, a))).toBe('ERR_JWE_INVALID');
  });

  it('the AAD member and the protected header are authenticated', () => {
    const flat = encryptJSON(
      'x',
      { protectedHeader: { alg: 'A128KW', enc: 'A128GCM' }, aad: 'context' },
      [{ key: a }],
    ) as FlattenedJWE;
    expect(text(decryptJSON(flat, a).additionalAuthenticatedData!)).toBe('context');
    expect(
      codeOf(() => decryptJSON({ ...flat, aad: Buffer.from('other').toString('base64url') }, a)),
    ).toBe('ERR_JWE_DECRYPTION_FAILED');
    const { aad: _dropped, ...withoutAad } = flat;
    expect(codeOf(() => decryptJSON(withoutAad, a))).toBe('ERR_JWE_DECRYPTION_FAILED');
    // Unprotected members are not authenticated: adding one is allowed and changes nothing.
    expect(text(decryptJSON({ ...flat, unprotected: { cty: 'x' } }, a).plaintext)).toBe('x');
  });

  it('malformed JSON JWEs are ERR_JWE_INVALID', () => {
    const general = twoRecipients();
    const cases: Record<string, unknown> = {
      'not an object': [general],
      'recipients not an array': { ...general, recipients: {} },
      'no recipients': { ...general, recipients: [] },
      'recipient not an object': { ...general, recipients: ['x'] },
      'top-level header beside recipients': { ...general, header: { alg: 'A128KW' } },
      'top-level encrypted_key beside recipients': { ...general, encrypted_key: 'AAAA' },
      'unprotected not an object': { ...general, unprotected: 'x' },
      'protected not base64url': { ...general, protected: 'e30=' },
      'protected not a string': { ...general, protected: {} },
      'iv missing': { ...general, iv: undefined },
      'tag not a string': { ...general, tag: 5 },
      'duplicate member in text': JSON.stringify(general).replace('"iv":', '"iv":"AAAA","iv":'),
      'text not JSON': '{"protected":',
    };
    for (const [why, jwe] of Object.entries(cases))
      expect(
        codeOf(() => decryptJSON(jwe as GeneralJWE, a)),
        why,
      ).toBe('ERR_JWE_INVALID');
  });
});

describe('recipients', () => {
  it('are bounded at 16 on both sides', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ header: { alg: 'A128KW', kid: `k${i}` }, key: a }));
    expect(codeOf(() => encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, many(17)))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, []))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    const sixteen = encryptJSON(
      'x',
      { protectedHeader: { enc: 'A128GCM' } },
      many(16),
    ) as GeneralJWE;
    // Only the recipient naming the key's kid is tried (at most MAX_KEY_ATTEMPTS may fit a key).
    expect(text(decryptJSON(sixteen, new JoseKey(a.keyObject, { kid: 'k15' })).plaintext)).toBe(
      'x',
    );
    const seventeen = { ...sixteen, recipients: [...sixteen.recipients, sixteen.recipients[0]!] };
    expect(codeOf(() => decryptJSON(seventeen, a))).toBe('ERR_JWE_INVALID');
  });

  it('dir cannot share a JWE with other recipients', () => {
    const key = new JoseKey(createSecretKey(Buffer.alloc(16, 9)));
    expect(
      codeOf(() =>
        encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [
          { header: { alg: 'dir' }, key },
          { header: { alg: 'A128KW' }, key: a },
        ]),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    const general = twoRecipients();
    const withDir = {
      ...general,
      recipients: [{ header: { alg: 'dir' } }, general.recipients[1]!],
    };
    expect(codeOf(() => decryptJSON(withDir, key))).toBe('ERR_JWE_INVALID');
  });

  it('with a key, the recipient whose kid matches is used; a key without kid tries each', () => {
    const general = twoRecipients();
    expect(decryptJSON(general, b).header).toEqual({ alg: 'A128KW', kid: 'b' });
    expect(decryptJSON(general, noKid(b)).header).toEqual({ alg: 'A128KW', kid: 'b' });
    expect(codeOf(() => decryptJSON(general, noKid(c)))).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it("when no recipient fits the key, ERR_KEY_NOT_FOUND carries each recipient's reason", () => {
    const e = errorOf(() => decryptJSON(twoRecipients(), c));
    expect(e.code).toBe('ERR_KEY_NOT_FOUND');
    expect((e.cause as JoseError[]).map((r) => r.code)).toEqual([
      'ERR_KEY_NOT_FOUND',
      'ERR_KEY_NOT_FOUND',
    ]);
  });

  it('a recipient the key fits but the allow-list refuses is reported as ERR_ALG_NOT_ALLOWED', () => {
    expect(
      codeOf(() => decryptJSON(twoRecipients(), b, { keyManagementAlgorithms: ['A256KW'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it("a resolver sees each recipient's merged header, and a JoseError from it skips that recipient", () => {
    const seen: JWEHeaderParameters[] = [];
    const r = decryptJSON(twoRecipients(), (header) => {
      seen.push(header);
      if (header.kid !== 'b') throw new JoseError('ERR_KEY_NOT_FOUND', 'not mine');
      return b;
    });
    expect(text(r.plaintext)).toBe('for a and b');
    expect(r.key).toBe(b);
    expect(seen).toEqual([
      { enc: 'A128GCM', cty: 'text/plain', alg: 'A128KW', kid: 'a' },
      { enc: 'A128GCM', cty: 'text/plain', alg: 'A128KW', kid: 'b' },
    ]);
  });

  it('a JWK Set resolver picks the key by kid', () => {
    const resolver = createLocalKeySet({ keys: [jwk(2, 'b'), jwk(3, 'c')] });
    expect(decryptJSON(twoRecipients(), resolver).header).toEqual({ alg: 'A128KW', kid: 'b' });
  });

  it("a resolver's own non-JoseError errors reach the caller unchanged", () => {
    const boom = new TypeError('resolver bug');
    expect(() =>
      decryptJSON(twoRecipients(), () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
