import { Buffer } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JWK } from '../../src/jwk/types.js';
import { A128GCM } from '../../src/jwe/content/gcm.js';
import { concatKdf, otherInfo } from '../../src/jwe/keys/concat-kdf.js';
import { ECDH_ES } from '../../src/jwe/keys/ecdh-es.js';
import { encryptCompact, type JWEHeaderParameters } from '../../src/jwe/index.js';
import { hex, loadVectors, unb64 } from './support.js';

interface Vector {
  id: string;
  source: string;
  alg: string;
  enc: string;
  alice_ephemeral_key: JWK;
  bob_key: JWK;
  protected_header: JWEHeaderParameters;
  Z_hex: string;
  other_info_hex: string;
  derived_key_b64u: string;
}

const file = loadVectors<Vector>('rfc7518-appendix-c.json');
const v = file.vectors[0]!;
const bob = importJWK(v.bob_key);

describe('RFC 7518 Appendix C (ECDH-ES key agreement, Concat KDF)', () => {
  it('has C', () => {
    expect(file.vectors.map((x) => x.id)).toEqual(['RFC7518-C']);
  });

  it('RFC 7518 C: OtherInfo is AlgorithmID "A128GCM", PartyUInfo "Alice", PartyVInfo "Bob" and the 128-bit length', () => {
    expect(otherInfo('A128GCM', Buffer.from('Alice'), Buffer.from('Bob'), 128).toString('hex')).toBe(v.other_info_hex);
  });

  it('RFC 7518 C: the Concat KDF turns the published Z into the published key', () => {
    expect(concatKdf(hex(v.Z_hex), 128, hex(v.other_info_hex)).toString('base64url')).toBe(v.derived_key_b64u);
  });

  it("RFC 7518 C: Bob, the recipient, derives the published key from the header's epk, apu and apv", () => {
    expect(ECDH_ES.cek(bob, A128GCM, v.protected_header).toString('base64url')).toBe(v.derived_key_b64u);
  });

  it("RFC 7518 C: Alice, with the published ephemeral key, sends the published header and encrypts under the published key", () => {
    const { epk: _published, ...header } = v.protected_header;
    const token = encryptCompact('Live long and prosper.', header, bob.toPublic(), { ephemeralKey: v.alice_ephemeral_key });
    const [h, k, iv, c, t] = token.split('.') as [string, string, string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))).toEqual(v.protected_header);
    expect(k).toBe('');
    // Decrypted by node:crypto directly with the published key, not through the library.
    const d = createDecipheriv('aes-128-gcm', unb64(v.derived_key_b64u), unb64(iv));
    d.setAAD(Buffer.from(h, 'ascii'));
    d.setAuthTag(unb64(t));
    expect(Buffer.concat([d.update(unb64(c)), d.final()]).toString('utf8')).toBe('Live long and prosper.');
  });
});
