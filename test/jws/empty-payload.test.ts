import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FlattenedJWS,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { verifyJWT } from '../../src/jwt/index.js';
import { b64, codeOf, SECRET, SECRET_KEY } from './support.js';

// RFC 7515 s7.1 and s7.2.1: the payload may be empty, and the signing input is then `header.`.
// ACME's POST-as-GET (RFC 8555 s6.3) is a JWS JSON with `"payload": ""`. Issue 12 s2: without
// options.detachedPayload an empty part is that empty payload, never a forgotten detached one.
const mac = (input: string): string =>
  createHmac('sha256', SECRET).update(input).digest('base64url');
const ed = generateKeyPairSync('ed25519');

describe('empty payloads are payloads (RFC 7515 s7; RFC 8555 s6.3)', () => {
  it('a compact header..signature, MACed over "header." by node:crypto, verifies as the empty payload', () => {
    const h = b64('{"alg":"HS256"}');
    const r = verifyCompact(`${h}..${mac(`${h}.`)}`, SECRET_KEY, { algorithms: ['HS256'] });
    expect(r.payload.length).toBe(0);
    expect(r.protectedHeader).toEqual({ alg: 'HS256' });
  });

  it('an ACME-style JWS JSON with "payload": "" signed over "protected." by node:crypto verifies as the empty payload', () => {
    const prot = b64(
      JSON.stringify({ alg: 'EdDSA', nonce: 'n', url: 'https://ca.test/acme/order/1' }),
    );
    const jws = {
      protected: prot,
      payload: '',
      signature: sign(null, Buffer.from(`${prot}.`), ed.privateKey).toString('base64url'),
    };
    expect(verifyJSON(jws, ed.publicKey, { algorithms: ['EdDSA'] }).payload.length).toBe(0);
    expect(
      verifyJSON(JSON.stringify(jws), ed.publicKey, { algorithms: ['EdDSA'] }).payload.length,
    ).toBe(0);
  });

  it('signJSON("") and signCompact("") round-trip, in the flattened and the general forms', () => {
    const flat = signJSON('', [
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
    ]) as FlattenedJWS;
    expect(flat.payload).toBe('');
    expect(flat.signature).toBe(mac(`${flat.protected}.`));
    expect(verifyJSON(flat, SECRET_KEY).payload.length).toBe(0);
    const general = signJSON(new Uint8Array(0), [
      { protectedHeader: { alg: 'EdDSA' }, key: ed.privateKey },
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
    ]);
    expect(verifyJSON(general, ed.publicKey).payload.length).toBe(0);
    expect(verifyJSON(general, SECRET_KEY).signatureIndex).toBe(1);
    expect(
      verifyCompact(signCompact('', { alg: 'EdDSA' }, ed.privateKey), ed.publicKey).payload.length,
    ).toBe(0);
  });

  it('detached content is verified only when the caller passes it: then the empty part stands for it', () => {
    const h = b64('{"alg":"HS256"}');
    const detached = `${h}..${mac(`${h}.${b64('body')}`)}`;
    expect(codeOf(() => verifyCompact(detached, SECRET_KEY))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(
      Buffer.from(
        verifyCompact(detached, SECRET_KEY, { detachedPayload: 'body' }).payload,
      ).toString(),
    ).toBe('body');
    // The empty payload's token, given other detached content, is checked against that content.
    const empty = `${h}..${mac(`${h}.`)}`;
    expect(codeOf(() => verifyCompact(empty, SECRET_KEY, { detachedPayload: 'body' }))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    const flat = { protected: h, payload: '', signature: mac(`${h}.${b64('body')}`) };
    expect(codeOf(() => verifyJSON(flat, SECRET_KEY))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(verifyJSON(flat, SECRET_KEY, { detachedPayload: 'body' }).signatureIndex).toBe(0);
  });

  it('a JSON JWS without a payload member is still detached content, refused without it', () => {
    const h = b64('{"alg":"HS256"}');
    expect(codeOf(() => verifyJSON({ protected: h, signature: mac(`${h}.`) }, SECRET_KEY))).toBe(
      'ERR_JWS_INVALID',
    );
  });

  it('an unencoded (b64 false) compact JWS with an empty part is the empty payload over "header."', () => {
    const h = b64('{"alg":"HS256","b64":false,"crit":["b64"]}');
    expect(verifyCompact(`${h}..${mac(`${h}.`)}`, SECRET_KEY).payload.length).toBe(0);
  });

  it('an empty payload is never a JWT: its claims are not a JSON object', () => {
    const h = b64('{"alg":"HS256"}');
    expect(codeOf(() => verifyJWT(`${h}..${mac(`${h}.`)}`, SECRET_KEY))).toBe('ERR_JWT_INVALID');
  });

  it('property: a signature over "header.<payload>" verifies with its own part only, emptied only when the payload is empty', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (payload) => {
        const h = b64('{"alg":"HS256"}');
        const signature = mac(`${h}.${b64(payload)}`);
        const emptied = codeOf(() => verifyCompact(`${h}..${signature}`, SECRET_KEY));
        expect(emptied).toBe(payload.length === 0 ? 'no error' : 'ERR_JWS_SIGNATURE_INVALID');
        const json = codeOf(() => verifyJSON({ protected: h, payload: '', signature }, SECRET_KEY));
        expect(json).toBe(emptied);
      }),
      { numRuns: 100 },
    );
  });
});
