import { Buffer } from 'node:buffer';
import { verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import type { JWK } from '../../src/jwk/types.js';
import { HS256 } from '../../src/jws/algs/hmac.js';
import {
  type GeneralJWS,
  type JWSAlgorithm,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { publishedVectors } from '../support/vectors.js';
import { codeOf, text } from './support.js';

const file = publishedVectors('rfc7515-appendix-a.json', ['payload_b64u']);
const byId = (id: string) => file.find((v) => v.id === id)!;
const jwkOf = (id: string): JWK => byId(id).key as JWK;
const publicJwk = (id: string): JWK => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwkOf(id);
  return pub;
};
const payload = Buffer.from(byId('RFC7515-A.2').payload_b64u, 'base64url');

describe('RFC 7515 Appendix A', () => {
  it('RFC 7515 A.1 (HS256): verifies, and the MAC over the published signing input is re-computed exactly', () => {
    const v = byId('RFC7515-A.1');
    const result = verifyCompact(v.compact as string, jwkOf(v.id), { algorithms: ['HS256'] });
    expect(text(result.payload)).toBe(v.payload_utf8);
    // The header's CR LF bytes are the RFC's own, not what JSON.stringify writes, so only the MAC can be re-made.
    expect(result.protectedHeader).toEqual({ typ: 'JWT', alg: 'HS256' });
    const tag = HS256.sign(
      Buffer.from(v.signing_input_ascii as string, 'ascii'),
      importJWK(jwkOf(v.id)),
    );
    expect(tag).toBe(v.signature_b64u);
  });

  it('RFC 7515 A.2 (RS256): re-signing gives the published token byte for byte, and it verifies with the public key', () => {
    const v = byId('RFC7515-A.2');
    expect(
      signCompact(Buffer.from(v.payload_utf8 as string, 'utf8'), { alg: 'RS256' }, jwkOf(v.id)),
    ).toBe(v.compact);
    const result = verifyCompact(v.compact as string, publicJwk(v.id), { algorithms: ['RS256'] });
    expect(Buffer.from(result.payload).equals(payload)).toBe(true);
    expect(result.protectedHeader).toEqual({ alg: 'RS256' });
  });

  for (const [id, hash, curve] of [
    ['RFC7515-A.3', 'sha256', 'P-256'],
    ['RFC7515-A.4', 'sha512', 'P-521'],
  ] as const) {
    it(`RFC 7515 ${id.slice(8)} (${byId(id).alg}, ${curve}): the published token verifies, and a fresh one verifies with the published public key`, () => {
      const v = byId(id);
      const alg = v.alg as JWSAlgorithm;
      const result = verifyCompact(v.compact as string, publicJwk(id), { algorithms: [alg] });
      expect(Buffer.from(result.payload).equals(Buffer.from(v.payload_b64u, 'base64url'))).toBe(
        true,
      );
      const fresh = signCompact(Buffer.from(v.payload_b64u, 'base64url'), { alg }, jwkOf(id));
      const [h, p, s] = fresh.split('.') as [string, string, string];
      const pub = importJWK(publicJwk(id)).keyObject;
      expect(
        nodeVerify(
          hash,
          Buffer.from(`${h}.${p}`),
          { key: pub, dsaEncoding: 'ieee-p1363' },
          Buffer.from(s, 'base64url'),
        ),
      ).toBe(true);
      expect(text(verifyCompact(fresh, publicJwk(id), { algorithms: [alg] }).payload)).toBe(
        text(result.payload),
      );
    });
  }

  it('RFC 7515 A.5 (unsecured, alg "none"): is rejected with or without an allow-list, in any serialization', () => {
    const v = byId('RFC7515-A.5');
    const hmacKey = jwkOf('RFC7515-A.1');
    expect(codeOf(() => verifyCompact(v.compact as string, hmacKey))).toBe('ERR_ALG_NOT_ALLOWED');
    expect(
      codeOf(() => verifyCompact(v.compact as string, hmacKey, { algorithms: ['none' as never] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    const flat = {
      payload: v.payload_b64u,
      protected: (v.compact as string).split('.')[0] as string,
      signature: '',
    };
    expect(
      codeOf(() => verifyJSON(flat, hmacKey, { algorithms: ['none' as never, 'HS256'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => signCompact(payload, { alg: 'none' }, hmacKey))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
  });

  it('RFC 7515 A.6 (general JSON, RS256 + ES256): each key verifies its own signature, and re-signing matches the deterministic one', () => {
    const v = byId('RFC7515-A.6');
    const jws: GeneralJWS = v.json!;
    const rsa = verifyJSON(jws, publicJwk('RFC7515-A.2'));
    expect(rsa.signatureIndex).toBe(0);
    expect(rsa.protectedHeader).toEqual({ alg: 'RS256' });
    expect(rsa.unprotectedHeader).toEqual({ kid: '2010-12-29' });
    expect(Buffer.from(rsa.payload).equals(payload)).toBe(true);
    const ec = verifyJSON(JSON.stringify(jws), publicJwk('RFC7515-A.3'));
    expect(ec.signatureIndex).toBe(1);
    expect(ec.unprotectedHeader).toEqual({ kid: 'e9bc097a-ce51-4036-9562-d2ade882db0d' });
    // An allow-list that admits only the other signature's algorithm never lets the first one through.
    expect(codeOf(() => verifyJSON(jws, publicJwk('RFC7515-A.2'), { algorithms: ['ES256'] }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    expect(codeOf(() => verifyJSON(jws, publicJwk('RFC7515-A.3'), { algorithms: ['RS256'] }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );

    const sigs = v.signatures ?? [];
    const out = signJSON(
      Buffer.from(v.payload_utf8 as string, 'utf8'),
      sigs.map((s) => ({
        protectedHeader: { alg: s.alg },
        unprotectedHeader: s.header!,
        key: jwkOf(s.key_ref),
      })),
    ) as GeneralJWS;
    expect(out.payload).toBe(jws.payload);
    expect(out.signatures[0]).toStrictEqual(jws.signatures[0]);
    expect(out.signatures[1]?.protected).toBe(jws.signatures[1]?.protected);
    expect(out.signatures[1]?.header).toStrictEqual(jws.signatures[1]?.header);
    expect(
      verifyJSON(out, publicJwk('RFC7515-A.3'), { algorithms: ['ES256'] }).signatureIndex,
    ).toBe(1);
  });

  it('RFC 7515 A.7 (flattened JSON, ES256): verifies as an object and as JSON text', () => {
    const v = byId('RFC7515-A.7');
    for (const jws of [v.json, JSON.stringify(v.json)]) {
      const r = verifyJSON(jws as never, publicJwk('RFC7515-A.3'), { algorithms: ['ES256'] });
      expect(r.signatureIndex).toBe(0);
      expect(r.protectedHeader).toEqual({ alg: 'ES256' });
      expect(r.unprotectedHeader).toEqual({ kid: 'e9bc097a-ce51-4036-9562-d2ade882db0d' });
      expect(Buffer.from(r.payload).equals(payload)).toBe(true);
    }
  });
});
