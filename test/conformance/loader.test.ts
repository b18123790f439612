import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type ConformanceVector,
  loadVectors,
  vectorsDirectory,
} from '../../src/conformance/vectors.js';
import { JoseError } from '../../src/util/errors.js';

const vectors = loadVectors();
const byId = <K extends ConformanceVector['kind']>(
  id: string,
  kind: K,
): Extract<ConformanceVector, { kind: K }> => {
  const v = vectors.find((x) => x.id === id);
  if (v === undefined || v.kind !== kind) throw new Error(`${id} is not a ${kind} vector`);
  return v as Extract<ConformanceVector, { kind: K }>;
};

describe('the vector loader (jose-core/vectors)', () => {
  it('finds vectors/ next to the package root, not ../shared', () => {
    expect(vectorsDirectory()).toBe(fileURLToPath(new URL('../../vectors/', import.meta.url)));
  });

  it('reads every file of vectors/ and recognises every entry; ids are unique', () => {
    const files = readdirSync(vectorsDirectory()).filter((f) => f.endsWith('.json'));
    expect(new Set(vectors.map((v) => v.file))).toEqual(new Set(files));
    expect(vectors.filter((v) => v.kind === 'unrecognised')).toEqual([]);
    expect(new Set(vectors.map((v) => v.id)).size).toBe(vectors.length);
    for (const v of vectors) {
      expect(v.rfc, v.id).not.toBe('');
      expect(v.algorithms.length > 0 || v.kind === 'jwk', v.id).toBe(true);
    }
  });

  it('reads every file in the one vector format, the RFC transcriptions and the RFC 7520 files alike', () => {
    const kinds = new Map<string, Set<string>>();
    for (const v of vectors) kinds.set(v.file, (kinds.get(v.file) ?? new Set()).add(v.kind));
    expect(kinds.get('rfc7515-appendix-a.json')).toEqual(new Set(['jws']));
    expect(kinds.get('rfc7516-appendix-a.json')).toEqual(new Set(['jwe', 'content-encryption']));
    expect(kinds.get('rfc7520-jws.json')).toEqual(new Set(['jws']));
    expect(kinds.get('rfc7520-nested.json')).toEqual(new Set(['nested-jwt']));
    expect(kinds.get('rfc3394-aes-key-wrap.json')).toEqual(new Set(['key-wrap']));
  });

  it('RFC 7515 Appendix A.1: source, algorithm, key, inputs and outputs as published', () => {
    const v = byId('RFC7515-A.1', 'jws');
    expect([v.rfc, v.section, v.algorithms, v.deterministic]).toEqual([
      'RFC 7515',
      'Appendix A.1',
      ['HS256'],
      true,
    ]);
    expect(v.keys['sign-0']?.k).toBe(
      'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    );
    expect(v.keys['verify-0']).toEqual(v.keys['sign-0']);
    expect(v.inputs.signatures[0]).toMatchObject({
      alg: 'HS256',
      protectedHeader: { typ: 'JWT', alg: 'HS256' },
      protectedB64u: 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9',
    });
    expect(v.expected.signaturesB64u).toEqual(['dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk']);
    expect(v.expected.compact?.endsWith('.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(true);
  });

  it('RFC 7515 Appendix A.2: the verification key is the private key without its private members', () => {
    const v = byId('RFC7515-A.2', 'jws');
    expect(v.keys['verify-0']).toEqual({ kty: 'RSA', n: v.keys['sign-0']?.n, e: 'AQAB' });
  });

  it('RFC 7515 Appendix A.5: alg "none" is a vector to refuse; A.6 takes its keys from A.2 and A.3', () => {
    expect(byId('RFC7515-A.5', 'jws').refusal).toMatch(/"none"/);
    const a6 = byId('RFC7515-A.6', 'jws');
    expect(a6.inputs.signatures.map((s) => [s.alg, s.header?.kid])).toEqual([
      ['RS256', '2010-12-29'],
      ['ES256', 'e9bc097a-ce51-4036-9562-d2ade882db0d'],
    ]);
    expect(a6.keys['sign-0']).toEqual(byId('RFC7515-A.2', 'jws').keys['sign-0']);
    expect(a6.expected.jsonGeneral).toBeDefined();
    expect(byId('RFC7515-A.7', 'jws').expected.jsonFlattened).toBeDefined();
  });

  it('RFC 7516 Appendix A.4: two recipients, keys by reference to A.2 (RSA1_5) and A.3 (A128KW)', () => {
    const v = byId('RFC7516-A.4', 'jwe');
    expect(v.inputs.recipients.map((r) => r.alg)).toEqual(['RSA1_5', 'A128KW']);
    expect(v.keys['decrypt-1']).toEqual({ kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg' });
    expect(v.keys['encrypt-0']?.d).toBeUndefined();
    expect(v.inputs).toMatchObject({
      enc: 'A128CBC-HS256',
      cekB64u: 'BNMfxVSd_P4LZJ36P6pqzmt81C1vawnbyLEA8I-cLM8',
      unprotected: { jku: 'https://server.example.com/keys.jwks' },
    });
  });

  it('RFC 7520 Section 5.13: only the recipient whose key is published is keyed', () => {
    const v = byId('RFC7520-5.13', 'jwe');
    expect(v.inputs.recipients.map((r) => [r.alg, r.decryptionKey])).toEqual([
      ['RSA1_5', 'decrypt-0'],
      ['ECDH-ES+A256KW', undefined],
      ['A256GCMKW', undefined],
    ]);
  });

  it('RFC 7520 Section 5.6: a JSON object without recipients is the flattened form, whatever its field name', () => {
    const v = byId('RFC7520-5.6', 'jwe');
    expect(v.expected.jsonGeneral).toBeUndefined();
    expect(v.expected.jsonFlattened).toBeDefined();
  });

  it('RFC 7520 Section 3: key entries copied into rfc7520-jws.json for key_ref are not vectors twice', () => {
    const ids = vectors.filter((v) => v.id === 'RFC7520-3.1');
    expect(ids).toHaveLength(1);
    expect(ids[0]?.file).toBe('rfc7520-jwk.json');
  });

  it('RFC 7520 Section 3.2: the public JWK expected of the private key is Section 3.1', () => {
    const v = byId('RFC7520-3.2', 'jwk');
    expect(v.expected.publicJwks[0]).toEqual(byId('RFC7520-3.1', 'jwk').keys['key-0']);
    expect(v.expected.crosschecks[0]).toMatchObject({
      source: 'RFC 7520, Section 4.3',
      alg: 'ES512',
      key: 'key-0',
    });
  });

  it('RFC 7517 Appendix A.3: the crosscheck names the HMAC key of the set by value', () => {
    const v = byId('RFC7517-A.3', 'jwk');
    expect(v.expected.crosschecks[0]?.key).toBe('key-1');
    expect(v.expected.publicJwks).toEqual([null, null]);
  });

  it('RFC 7518 Appendix B.1 and RFC 7516 Appendix B: hex fields become base64url, the long enc name its JWA name', () => {
    const b1 = byId('RFC7518-B.1', 'content-encryption');
    expect(b1.inputs.enc).toBe('A128CBC-HS256');
    expect(b1.keys.cek).toEqual({
      kty: 'oct',
      k: Buffer.from(
        '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
        'hex',
      ).toString('base64url'),
    });
    expect(Buffer.from(b1.expected.tagB64u, 'base64url').toString('hex')).toBe(
      '652c3fa36b0a7c5b3219fab3a30bc1c4',
    );
    expect(
      Buffer.from(byId('RFC7516-B', 'content-encryption').expected.tagB64u, 'base64url').toString(
        'hex',
      ),
    ).toBe('5349bf6268cdd380c9bdc7852026c255');
  });

  it('RFC 3394 Section 4.1: the KEK as an oct JWK, key data and wrapped key as base64url', () => {
    const v = byId('RFC3394-4.1', 'key-wrap');
    expect(v.inputs.alg).toBe('A128KW');
    expect(Buffer.from(v.keys.kek?.k as string, 'base64url').toString('hex')).toBe(
      '000102030405060708090a0b0c0d0e0f',
    );
    expect(Buffer.from(v.expected.wrappedB64u, 'base64url').toString('hex')).toBe(
      '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5',
    );
  });

  it('RFC 7638 Section 3.1: the thumbprint and its hash', () => {
    const v = byId('RFC7638-3.1', 'thumbprint');
    expect([v.inputs.hash, v.expected.thumbprintB64u]).toEqual([
      'SHA-256',
      'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    ]);
  });

  it('RFC 8037 Appendix A: OKP keys, an Ed25519 thumbprint, and EdDSA vectors (A.5 verify-only, with its public_key)', () => {
    expect(byId('RFC8037-A.1', 'jwk').expected.publicJwks[0]).toEqual(
      byId('RFC8037-A.2', 'jwk').keys['key-0'],
    );
    expect(byId('RFC8037-A.3', 'thumbprint').expected).toEqual({
      thumbprintB64u: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
      canonicalJson:
        '{"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}',
    });
    const a4 = byId('RFC8037-A.4', 'jws');
    expect([a4.algorithms, a4.deterministic, Object.keys(a4.keys).sort()]).toEqual([
      ['EdDSA'],
      true,
      ['sign-0', 'verify-0'],
    ]);
    const a5 = byId('RFC8037-A.5', 'jws');
    expect(a5.inputs.signatures[0]).toEqual({
      alg: 'EdDSA',
      protectedHeader: { alg: 'EdDSA' },
      protectedB64u: 'eyJhbGciOiJFZERTQSJ9',
      verificationKey: 'verify-0',
    });
    expect(a5.keys['verify-0']).toEqual(a4.keys['verify-0']);
  });

  it('RFC 7520 Section 4.5 and RFC 7797 Section 4.2: detached forms keep their empty or missing payload; the payload is an input', () => {
    const v45 = byId('RFC7520-4.5', 'jws');
    expect(v45.expected.compact?.split('.')[1]).toBe('');
    expect([v45.expected.jsonGeneral?.payload, v45.expected.jsonFlattened?.payload]).toEqual([
      undefined,
      undefined,
    ]);
    expect(Buffer.from(v45.inputs.payloadB64u, 'base64url').toString()).toMatch(
      /^It’s a dangerous business/,
    );
    const v42 = byId('RFC7797-4.2', 'jws');
    expect([v42.expected.compact, v42.inputs.payloadB64u]).toEqual([
      'eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY',
      'JC4wMg',
    ]);
    expect(v42.inputs.signatures[0]?.protectedHeader).toEqual({
      alg: 'HS256',
      b64: false,
      crit: ['b64'],
    });
    expect(v42.expected.jsonFlattened?.payload).toBe('$.02');
  });

  it('RFC 7520 Section 6: the nested JWT keeps its JWS and JWE parts, keys prefixed', () => {
    const v = byId('RFC7520-6', 'nested-jwt');
    expect(Object.keys(v.keys).sort()).toEqual([
      'jwe-decrypt-0',
      'jwe-encrypt-0',
      'jws-sign-0',
      'jws-verify-0',
    ]);
    expect(Buffer.from(v.inputs.jwe.plaintextB64u as string, 'base64url').toString()).toBe(
      v.expected.jws.compact,
    );
  });

  it('keeps what it cannot read as unrecognised vectors with the reason, and renames a repeated id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jose-core-vectors-'));
    const format = 'jose-core-vectors/1';
    const thumbprint = {
      id: 'X-1',
      kind: 'thumbprint',
      rfc: 'RFC 1',
      section: 'Section 1',
      algorithms: ['SHA-256'],
      keys: { k: { kty: 'oct', k: 'AA' } },
      inputs: { key: 'k', hash: 'SHA-256' },
      expected: { thumbprintB64u: 'AA' },
    };
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({
        format,
        vectors: [
          thumbprint,
          { id: 'X-2', source: 'RFC 1, Section 2', kind: 'jws' },
          { ...thumbprint, id: 'X-3', kind: 'mystery' },
        ],
      }),
    );
    writeFileSync(join(dir, 'b.json'), '{ not json');
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ format, items: [] }));
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ format, vectors: [thumbprint] }));
    writeFileSync(
      join(dir, 'e.json'),
      JSON.stringify({
        vectors: [{ id: 'X-4', source: 'RFC 1, Section 4', alg: 'HS256', signature_b64u: 'AA' }],
      }),
    );
    const got = loadVectors(dir).map((v) => [
      v.id,
      v.kind,
      v.kind === 'unrecognised' ? v.reason : '',
    ]);
    expect(got).toEqual([
      ['X-1', 'thumbprint', ''],
      ['X-2', 'unrecognised', 'it lacks the id, rfc, section or kind of the vector format'],
      ['X-3', 'unrecognised', 'it lacks the id, rfc, section or kind of the vector format'],
      ['b.json', 'unrecognised', 'the file is not readable JSON'],
      ['c.json', 'unrecognised', 'the file has no "vectors" array'],
      ['X-1@d.json', 'unrecognised', 'its id is already used in a.json'],
      ['e.json', 'unrecognised', 'the file is not in the vector format jose-core-vectors/1'],
    ]);
    expect(loadVectors(dir).find((v) => v.id === 'X-2')).toMatchObject({
      rfc: 'RFC 1',
      section: 'Section 2',
    });
    rmSync(dir, { recursive: true });
  });

  it('a folder that cannot be read is a JoseError', () => {
    expect(() => loadVectors(join(tmpdir(), 'no-such-folder-jose-core'))).toThrow(JoseError);
  });
});
