import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportJWK } from '../../src/jwk/export.js';
import { createLocalKeySet, JWKSet } from '../../src/jwk/keyset.js';
import type { JWK } from '../../src/jwk/types.js';
import { verifyCompact } from '../../src/jws/compact.js';
import { code, fixture } from './helpers.js';

// Issue 12 s5, with Wycheproof's json_web_key_test.json groups jws_duplicate_kid (tcId 4, flags
// DuplicateKid) and jws_mixedSymmetryKeyset (tcId 1, flags MixedKeySet): both "invalid", both
// accepted before this change.
interface Group {
  comment: string;
  private: { keys: JWK[] };
  tests: Array<{ tcId: number; jws: string; result: string }>;
}
const groups = (JSON.parse(fixture('wycheproof-keysets.json')) as { testGroups: Group[] })
  .testGroups;
const group = (comment: string): Group => groups.find((g) => g.comment === comment) as Group;

describe('a member that cannot be imported still counts for its kid (Wycheproof DuplicateKid)', () => {
  const dup = group('jws_duplicate_kid');
  const test = dup.tests.find((t) => t.tcId === 4)!;

  it('tcId 4: the second "kid-aes-sign" key is not canonical base64url, so it is skipped; the token is still ERR_KEY_AMBIGUOUS', () => {
    expect(test.result).toBe('invalid');
    expect(new JWKSet({ keys: dup.private.keys }).keys.length).toBe(1);
    expect(code(() => verifyCompact(test.jws, createLocalKeySet({ keys: dup.private.keys })))).toBe(
      'ERR_KEY_AMBIGUOUS',
    );
    // In the other order too: the importable key never wins by position.
    const reversed = [...dup.private.keys].reverse();
    expect(code(() => verifyCompact(test.jws, createLocalKeySet({ keys: reversed })))).toBe(
      'ERR_KEY_AMBIGUOUS',
    );
  });

  it('the importable key alone verifies the token: the refusal is the duplicate, not the key', () => {
    const alone = { keys: [dup.private.keys[0] as JWK] };
    expect(code(() => verifyCompact(test.jws, createLocalKeySet(alone)))).toBe('no error');
  });

  it('a skipped member does not disturb tokens naming another kid, nor tokens without a kid', () => {
    const ec = exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    const set = new JWKSet({
      keys: [
        { ...ec, kid: 'good' },
        { kty: 'EC', crv: 'P-256', kid: 'broken' },
      ],
    });
    expect(set.select({ alg: 'ES256', kid: 'good' }).kid).toBe('good');
    expect(set.select({ alg: 'ES256' }).kid).toBe('good');
    // Only the skipped member has this kid: nothing fits, and nothing else is picked.
    expect(code(() => set.select({ alg: 'ES256', kid: 'broken' }))).toBe('ERR_KEY_NOT_FOUND');
    const twin = new JWKSet({
      keys: [
        { ...ec, kid: 'twin' },
        { kty: 'EC', crv: 'P-256', kid: 'twin' },
      ],
    });
    expect(code(() => twin.select({ alg: 'ES256', kid: 'twin' }))).toBe('ERR_KEY_AMBIGUOUS');
  });
});

describe('a local set mixing oct secrets with asymmetric keys is refused unless allowMixed (Wycheproof MixedKeySet)', () => {
  const mixed = group('jws_mixedSymmetryKeyset');
  const test = mixed.tests.find((t) => t.tcId === 1)!;

  it('tcId 1: the set of an HS256 secret and an ES256 key is refused when created', () => {
    expect(test.result).toBe('invalid');
    expect(code(() => createLocalKeySet({ keys: mixed.private.keys }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(code(() => new JWKSet({ keys: mixed.private.keys }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('with { allowMixed: true } the caller accepts the set, and the token verifies with its secret', () => {
    expect(
      code(() =>
        verifyCompact(
          test.jws,
          createLocalKeySet({ keys: mixed.private.keys }, { allowMixed: true }),
        ),
      ),
    ).toBe('no error');
  });

  it('sets of secrets only or of asymmetric keys only need no option; allowMixed must be a boolean', () => {
    const [secret, ec] = mixed.private.keys as [JWK, JWK];
    expect(new JWKSet({ keys: [secret] }).keys.length).toBe(1);
    expect(
      new JWKSet({ keys: [ec, exportJWK(generateKeyPairSync('ed25519').publicKey)] }).keys.length,
    ).toBe(2);
    for (const options of [null, 'yes', { allowMixed: 1 }]) {
      expect(code(() => new JWKSet({ keys: [secret] }, options as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    }
  });
});
