import { Buffer } from 'node:buffer';
import { constants, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import type { JWK } from '../../src/jwk/types.js';
import type { JWSAlgorithm } from '../../src/jws/index.js';
import {
  type FlattenedJWS,
  type GeneralJWS,
  type JWSHeaderParameters,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { publishedVectors } from '../support/vectors.js';
import { codeOf, text } from './support.js';

const file = publishedVectors('rfc7520-jws.json');
const byId = (id: string) => file.find((v) => v.id === id)!;
const jwk = (id: string): JWK => byId(id).jwk as JWK;

// Verifies a probabilistic signature with node:crypto directly and the published public key.
const PROBABILISTIC: Record<string, (input: string, sig: Buffer, pub: JWK) => boolean> = {
  PS384: (input, sig, pub) =>
    nodeVerify(
      'sha384',
      Buffer.from(input),
      { key: importJWK(pub).keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 },
      sig,
    ),
  ES512: (input, sig, pub) =>
    nodeVerify(
      'sha512',
      Buffer.from(input),
      { key: importJWK(pub).keyObject, dsaEncoding: 'ieee-p1363' },
      sig,
    ),
};

function freshSignatureVerifies(alg: string, compact: string, publicKeyRef: string): boolean {
  const last = compact.lastIndexOf('.');
  return (PROBABILISTIC[alg] as (typeof PROBABILISTIC)[string])(
    compact.slice(0, last),
    Buffer.from(compact.slice(last + 1), 'base64url'),
    jwk(publicKeyRef),
  );
}

describe('RFC 7520 Section 4 (JWS examples)', () => {
  for (const id of ['RFC7520-4.1', 'RFC7520-4.2', 'RFC7520-4.3', 'RFC7520-4.4']) {
    const v = byId(id);
    const verifyKey = jwk(v.public_key_ref ?? (v.key_ref as string));
    it(`RFC 7520 ${id.slice(8)} (${v.alg}): the compact, general and flattened forms verify with the published key`, () => {
      for (const verify of [
        () =>
          verifyCompact(v.compact as string, verifyKey, { algorithms: [v.alg as JWSAlgorithm] }),
        () => verifyJSON(v.json as GeneralJWS, verifyKey, { algorithms: [v.alg as JWSAlgorithm] }),
        () => verifyJSON(v.json_flattened as FlattenedJWS, verifyKey),
      ]) {
        const r = verify();
        expect(text(r.payload)).toBe(v.payload_utf8);
        expect(r.protectedHeader).toEqual(v.protected_header);
      }
    });

    if (v.deterministic === true) {
      it(`RFC 7520 ${id.slice(8)} (${v.alg}): re-signing gives the published compact and flattened JSON output exactly`, () => {
        const key = jwk(v.key_ref as string);
        expect(
          signCompact(v.payload_utf8 as string, v.protected_header as JWSHeaderParameters, key),
        ).toBe(v.compact);
        expect(
          signJSON(v.payload_utf8 as string, [
            { protectedHeader: v.protected_header as JWSHeaderParameters, key },
          ]),
        ).toStrictEqual(v.json_flattened);
      });
    } else {
      it(`RFC 7520 ${id.slice(8)} (${v.alg}): a fresh signature verifies with the published public key`, () => {
        const token = signCompact(
          v.payload_utf8 as string,
          v.protected_header as JWSHeaderParameters,
          jwk(v.key_ref as string),
        );
        expect(token.split('.').slice(0, 2).join('.')).toBe(v.signing_input_ascii);
        expect(freshSignatureVerifies(v.alg as string, token, v.public_key_ref as string)).toBe(
          true,
        );
        expect(text(verifyCompact(token, verifyKey).payload)).toBe(v.payload_utf8);
      });
    }
  }

  it('RFC 7520 4.6 (HS256, kid in the unprotected header, JSON only): re-signing gives the published output; both forms verify', () => {
    const v = byId('RFC7520-4.6');
    const key = jwk('RFC7520-3.5');
    const signed = signJSON(v.payload_utf8 as string, [
      {
        protectedHeader: v.protected_header as JWSHeaderParameters,
        unprotectedHeader: v.header as JWSHeaderParameters,
        key,
      },
    ]);
    expect(signed).toStrictEqual(v.json_flattened);
    for (const jws of [v.json as GeneralJWS, v.json_flattened as FlattenedJWS]) {
      const r = verifyJSON(jws, key, { algorithms: ['HS256'] });
      expect(text(r.payload)).toBe(v.payload_utf8);
      expect(r.protectedHeader).toEqual({ alg: 'HS256' });
      expect(r.unprotectedHeader).toEqual({ kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037' });
    }
  });

  it('RFC 7520 4.7 (HS256, no protected header, JSON only): re-signing gives the published output; both forms verify', () => {
    const v = byId('RFC7520-4.7');
    const key = jwk('RFC7520-3.5');
    expect(
      signJSON(v.payload_utf8 as string, [
        { unprotectedHeader: v.header as JWSHeaderParameters, key },
      ]),
    ).toStrictEqual(v.json_flattened);
    // An empty protected header is left out (RFC 7515 s7.2.1), so the signing input starts with ".".
    expect(
      signJSON(v.payload_utf8 as string, [
        { protectedHeader: {}, unprotectedHeader: v.header as JWSHeaderParameters, key },
      ]),
    ).toStrictEqual(v.json_flattened);
    for (const jws of [v.json as GeneralJWS, v.json_flattened as FlattenedJWS]) {
      const r = verifyJSON(jws, key);
      expect(text(r.payload)).toBe(v.payload_utf8);
      expect(r.protectedHeader).toBeUndefined();
      expect(r.unprotectedHeader).toEqual({
        alg: 'HS256',
        kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037',
      });
    }
  });

  it('RFC 7520 4.8 (RS256 + ES512 + HS256, general JSON): each key verifies its signature; deterministic ones re-sign exactly', () => {
    const v = byId('RFC7520-4.8');
    const jws = v.json as GeneralJWS;
    const sigs = v.signatures!;
    sigs.forEach((s, i) => {
      const r = verifyJSON(jws, jwk(s.public_key_ref ?? s.key_ref), {
        algorithms: ['RS256', 'ES512', 'HS256'],
      });
      expect(r.signatureIndex).toBe(i);
      expect(text(r.payload)).toBe(v.payload_utf8);
    });

    const signed = signJSON(
      v.payload_utf8 as string,
      sigs.map((s) => ({
        ...(s.protected_header === undefined ? {} : { protectedHeader: s.protected_header }),
        ...(s.header === undefined ? {} : { unprotectedHeader: s.header }),
        key: jwk(s.key_ref),
      })),
    ) as GeneralJWS;
    expect(signed.payload).toBe(jws.payload);
    expect(signed.signatures[0]).toStrictEqual(jws.signatures[0]);
    expect(signed.signatures[2]).toStrictEqual(jws.signatures[2]);
    expect(signed.signatures[1]?.header).toStrictEqual(jws.signatures[1]?.header);
    expect(signed.signatures[1]).not.toHaveProperty('protected');
    expect(
      PROBABILISTIC.ES512?.(
        `.${signed.payload}`,
        Buffer.from(signed.signatures[1]?.signature as string, 'base64url'),
        jwk('RFC7520-3.1'),
      ),
    ).toBe(true);
  });

  it('RFC 7520 4.8 with a key-set resolver: the first signature with a key in the set is the one accepted', () => {
    const jws = byId('RFC7520-4.8').json as GeneralJWS;
    // Both public keys share one kid; the set tells them apart by key type.
    const both = createLocalKeySet({ keys: [jwk('RFC7520-3.3'), jwk('RFC7520-3.1')] });
    expect(verifyJSON(jws, both, { algorithms: ['RS256', 'ES512'] }).signatureIndex).toBe(0);
    const ecOnly = createLocalKeySet({ keys: [jwk('RFC7520-3.1')] });
    const r = verifyJSON(jws, ecOnly, { algorithms: ['RS256', 'ES512'] });
    expect(r.signatureIndex).toBe(1);
    expect(r.key.crv).toBe('P-521');
    expect(codeOf(() => verifyJSON(jws, ecOnly, { algorithms: ['RS256'] }))).toBe(
      'ERR_KEY_NOT_FOUND',
    );
  });
});
