import { Buffer } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyAgreementVector } from '../../src/conformance/types.js';
import { A128GCM } from '../../src/jwe/content/gcm.js';
import { encryptCompact, type JWEHeaderParameters } from '../../src/jwe/index.js';
import { concatKdf, otherInfo } from '../../src/jwe/keys/concat-kdf.js';
import { ECDH_ES } from '../../src/jwe/keys/ecdh-es.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { vectorsOf } from '../support/vectors.js';
import { unb64 } from './support.js';

// Read through the one typed loader: Z, OtherInfo and the derived key are outputs of its vector.
const file = {
  vectors: vectorsOf('rfc7518-appendix-c.json').filter(
    (x): x is KeyAgreementVector => x.kind === 'key-agreement',
  ),
};
const v = file.vectors[0]!;
const bob = importJWK(v.keys[v.inputs.recipientKey]!);
const header = v.inputs.protectedHeader as JWEHeaderParameters;

describe('RFC 7518 Appendix C (ECDH-ES key agreement, Concat KDF)', () => {
  it('has C', () => {
    expect(file.vectors.map((x) => x.id)).toEqual(['RFC7518-C']);
  });

  it('RFC 7518 C: OtherInfo is AlgorithmID "A128GCM", PartyUInfo "Alice", PartyVInfo "Bob" and the 128-bit length', () => {
    expect(
      otherInfo('A128GCM', Buffer.from('Alice'), Buffer.from('Bob'), 128).toString('base64url'),
    ).toBe(v.expected.otherInfoB64u);
  });

  it('RFC 7518 C: the Concat KDF turns the published Z into the published key', () => {
    const { sharedSecretB64u, otherInfoB64u, derivedKeyB64u } = v.expected;
    expect(
      concatKdf(unb64(sharedSecretB64u), 128, unb64(otherInfoB64u)).toString('base64url'),
    ).toBe(derivedKeyB64u);
  });

  it("RFC 7518 C: Bob, the recipient, derives the published key from the header's epk, apu and apv", () => {
    expect(ECDH_ES.cek(bob, A128GCM, header).toString('base64url')).toBe(v.expected.derivedKeyB64u);
  });

  it('RFC 7518 C: Alice, with the published ephemeral key, sends the published header and encrypts under the published key', () => {
    const { epk: _published, ...asked } = header;
    const token = encryptCompact('Live long and prosper.', asked, bob.toPublic(), {
      ephemeralKey: v.keys[v.inputs.ephemeralKey]!,
    });
    const [h, k, iv, c, t] = token.split('.') as [string, string, string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))).toEqual(header);
    expect(k).toBe('');
    // Decrypted by node:crypto directly with the published key, not through the library.
    const d = createDecipheriv('aes-128-gcm', unb64(v.expected.derivedKeyB64u), unb64(iv));
    d.setAAD(Buffer.from(h, 'ascii'));
    d.setAuthTag(unb64(t));
    expect(Buffer.concat([d.update(unb64(c)), d.final()]).toString('utf8')).toBe(
      'Live long and prosper.',
    );
  });
});
