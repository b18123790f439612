import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JWK } from '../../src/jwk/types.js';
import {
  type FlattenedJWS,
  type GeneralJWS,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { publishedVector } from '../support/vectors.js';
import { codeOf, text } from './support.js';

const SIGNED = [
  'alg',
  'payload_utf8',
  'protected_b64u',
  'signing_input_ascii',
  'signature_b64u',
] as const;
const byId = (file: string, id: string) => publishedVector(file, id, SIGNED);
const tamper = (s: string): string => s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);

describe('RFC 8037 Appendix A.4 and A.5: Ed25519 signing and validation', () => {
  const a4 = byId('rfc8037-appendix-a.json', 'RFC8037-A.4');
  const a5 = byId('rfc8037-appendix-a.json', 'RFC8037-A.5');

  it('RFC 8037 A.4: signing the published header and payload with the A.1 key gives the published JWS (EdDSA is deterministic)', () => {
    const header = JSON.parse(a4.protected_header_utf8 as string) as { alg: string };
    expect(signCompact(a4.payload_utf8, header, a4.key as JWK)).toBe(a4.compact);
    expect(signJSON(a4.payload_utf8, [{ protectedHeader: header, key: a4.key as JWK }])).toEqual(
      a4.json_flattened,
    );
  });

  it('RFC 8037 A.5: the JWS verifies with the A.2 public key, in every serialization, and refuses when changed', () => {
    const key = importJWK(a5.public_key as JWK);
    expect(text(verifyCompact(a5.compact as string, key, { algorithms: ['EdDSA'] }).payload)).toBe(
      a5.payload_utf8,
    );
    for (const jws of [a4.json as GeneralJWS, a4.json_flattened as FlattenedJWS])
      expect(text(verifyJSON(jws, key, { algorithms: ['EdDSA'] }).payload)).toBe(a5.payload_utf8);
    const [h, p, s] = (a5.compact as string).split('.') as [string, string, string];
    for (const bad of [`${h}.${p}.${tamper(s)}`, `${h}.${tamper(p)}.${s}`])
      expect(codeOf(() => verifyCompact(bad, key))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(codeOf(() => verifyCompact(a5.compact as string, key, { algorithms: ['ES256'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
  });
});

describe('RFC 7797 Section 4: the unencoded payload option', () => {
  const v41 = byId('rfc7797-unencoded-payload.json', 'RFC7797-4.1');
  const v42 = byId('rfc7797-unencoded-payload.json', 'RFC7797-4.2');

  it('RFC 7797 s4.1: without b64 the same payload is signed base64url-encoded, as usual', () => {
    expect(signCompact(v41.payload_utf8, { alg: 'HS256' }, v41.key as JWK)).toBe(v41.compact);
    expect(text(verifyCompact(v41.compact as string, v41.key as JWK).payload)).toBe('$.02');
  });

  it('RFC 7797 s4.2: b64 false signs the raw payload "$.02"; the compact form is detached and re-made octet for octet', () => {
    const header = JSON.parse(v42.protected_header_utf8 as string) as { alg: string };
    expect(signCompact(v42.payload_utf8, header, v42.key as JWK)).toBe(v42.compact_detached);
    expect(signCompact(v42.payload_utf8, header, v42.key as JWK, { detached: true })).toBe(
      v42.compact_detached,
    );
    const r = verifyCompact(v42.compact_detached as string, v42.key as JWK, {
      algorithms: ['HS256'],
      detachedPayload: v42.payload_utf8,
    });
    expect([text(r.payload), r.protectedHeader]).toEqual(['$.02', header]);
  });

  it('RFC 7797 s4.2: the flattened JSON form carries "$.02" as it is; signJSON re-makes it', () => {
    const header = JSON.parse(v42.protected_header_utf8 as string) as { alg: string };
    expect(signJSON(v42.payload_utf8, [{ protectedHeader: header, key: v42.key as JWK }])).toEqual(
      v42.json_flattened,
    );
    expect(text(verifyJSON(v42.json_flattened as FlattenedJWS, v42.key as JWK).payload)).toBe(
      '$.02',
    );
    const detached = signJSON(
      v42.payload_utf8,
      [{ protectedHeader: header, key: v42.key as JWK }],
      { detached: true },
    );
    expect(detached).toEqual({ protected: v42.protected_b64u, signature: v42.signature_b64u });
    expect(
      text(verifyJSON(detached, v42.key as JWK, { detachedPayload: Buffer.from('$.02') }).payload),
    ).toBe('$.02');
  });

  it('RFC 7797 s4.2: another payload, a payload sent encoded, or the payload inside the compact form does not verify', () => {
    const key = v42.key as JWK;
    const [h, , s] = (v42.compact_detached as string).split('.') as [string, string, string];
    expect(
      codeOf(() => verifyCompact(v42.compact_detached as string, key, { detachedPayload: '$.03' })),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(
      codeOf(() =>
        verifyCompact(v42.compact_detached as string, key, { detachedPayload: 'JC4wMg' }),
      ),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(codeOf(() => verifyCompact(`${h}.JC4wMg.${s}`, key))).toBe('ERR_JWS_INVALID');
    // Without the detached payload the empty part is the empty payload, which "$.02" was not.
    expect(codeOf(() => verifyCompact(v42.compact_detached as string, key))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(
      codeOf(() => verifyJSON({ ...(v42.json_flattened as FlattenedJWS), payload: '$.03' }, key)),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(
      codeOf(() => verifyJSON({ ...(v42.json_flattened as FlattenedJWS), payload: 'JC4wMg' }, key)),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('RFC 7797 s4.2 signed without crit (as the dropped cookbook file did) is refused: b64 must be critical', () => {
    const withoutCrit = Buffer.from('{"alg":"HS256","b64":false}').toString('base64url');
    const flat = { protected: withoutCrit, payload: '$.02', signature: v42.signature_b64u };
    expect(codeOf(() => verifyJSON(flat, v42.key as JWK))).toBe('ERR_JWS_INVALID');
  });
});

describe('RFC 7520 Section 4.5: signature with detached content', () => {
  const v = byId('rfc7520-jws-detached.json', 'RFC7520-4.5');
  const key = v.key as JWK;

  it('RFC 7520 s4.5: signCompact with detached: true gives the published compact form, signJSON the published JSON forms', () => {
    expect(
      signCompact(v.payload_utf8, v.protected_header as { alg: string }, key, { detached: true }),
    ).toBe(v.compact);
    expect(
      signJSON(v.payload_utf8, [{ protectedHeader: v.protected_header as { alg: string }, key }], {
        detached: true,
      }),
    ).toEqual(v.json_flattened);
  });

  it('RFC 7520 s4.5: every published form verifies with the detached payload, as bytes or text', () => {
    const options = { algorithms: ['HS256'] as const, detachedPayload: v.payload_utf8 };
    expect(text(verifyCompact(v.compact as string, key, options).payload)).toBe(v.payload_utf8);
    expect(
      text(
        verifyCompact(v.compact as string, key, { detachedPayload: Buffer.from(v.payload_utf8) })
          .payload,
      ),
    ).toBe(v.payload_utf8);
    for (const jws of [v.json as GeneralJWS, v.json_flattened as FlattenedJWS])
      expect(text(verifyJSON(jws, key, options).payload)).toBe(v.payload_utf8);
  });

  it('RFC 7520 s4.5: without the detached payload, or with another one, the JWS is refused', () => {
    for (const jws of [v.json as GeneralJWS, v.json_flattened as FlattenedJWS]) {
      expect(codeOf(() => verifyJSON(jws, key))).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => verifyJSON(jws, key, { detachedPayload: `${v.payload_utf8} ` }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
    }
    expect(codeOf(() => verifyCompact(v.compact as string, key))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(
      codeOf(() =>
        verifyCompact(v.compact as string, key, { detachedPayload: v.payload_utf8.slice(1) }),
      ),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('RFC 7520 s4.5: the same signature with the payload attached (s4.4) verifies, and is refused when a detached payload is also given', () => {
    const [h, , s] = (v.compact as string).split('.') as [string, string, string];
    const attached = `${h}.${v.signing_input_ascii.split('.')[1] as string}.${s}`;
    expect(text(verifyCompact(attached, key).payload)).toBe(v.payload_utf8);
    expect(codeOf(() => verifyCompact(attached, key, { detachedPayload: v.payload_utf8 }))).toBe(
      'ERR_JWS_INVALID',
    );
  });
});
