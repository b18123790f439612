import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JoseKey } from '../../src/jwk/key.js';
import {
  type FlattenedJWS,
  type GeneralJWS,
  type JWSSigner,
  signJSON,
  verifyJSON,
} from '../../src/jws/index.js';
import { JoseError } from '../../src/util/errors.js';
import { b64, codeOf, SECRET, SECRET_KEY, text } from './support.js';

// Generated once for the whole file: RSA key generation is slow.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

// A flattened JWS with exactly this protected header text and unprotected header, MACed by node:crypto.
function flat(
  protectedText: string | undefined,
  header?: Record<string, unknown>,
  payload = 'p',
): Record<string, unknown> {
  const prot = protectedText === undefined ? '' : b64(protectedText);
  const signature = createHmac('sha256', SECRET)
    .update(`${prot}.${b64(payload)}`)
    .digest('base64url');
  return {
    payload: b64(payload),
    ...(protectedText === undefined ? {} : { protected: prot }),
    ...(header === undefined ? {} : { header }),
    signature,
  };
}

const asJws = (x: unknown): GeneralJWS => x as GeneralJWS;

describe('JWS JSON serialization (RFC 7515 s7.2)', () => {
  it('one signer gives the flattened form, several the general form; each signature verifies with its key', () => {
    const one = signJSON('p', [
      { protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'e' }, key: ec.privateKey },
    ]) as FlattenedJWS;
    expect(Object.keys(one)).toEqual(['payload', 'protected', 'header', 'signature']);
    expect(verifyJSON(one, ec.publicKey).unprotectedHeader).toEqual({ kid: 'e' });

    const signers: JWSSigner[] = [
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
      { unprotectedHeader: { alg: 'RS256', kid: 'r' }, key: rsa.privateKey },
      {
        protectedHeader: { alg: 'ES256', typ: 'x' },
        unprotectedHeader: { kid: 'e' },
        key: ec.privateKey,
      },
    ];
    const general = signJSON(Buffer.from([0, 255, 1]), signers) as GeneralJWS;
    expect(Object.keys(general)).toEqual(['payload', 'signatures']);
    expect(general.signatures.map((s) => Object.keys(s))).toEqual([
      ['protected', 'signature'],
      ['header', 'signature'],
      ['protected', 'header', 'signature'],
    ]);
    const keys = [SECRET_KEY, rsa.publicKey, ec.publicKey];
    keys.forEach((key, i) => {
      const r = verifyJSON(JSON.stringify(general), key);
      expect(r.signatureIndex).toBe(i);
      expect(Buffer.from(r.payload).equals(Buffer.from([0, 255, 1]))).toBe(true);
    });
  });

  it('accepts only a signature whose alg is allowed, whatever the others do', () => {
    const general = signJSON('p', [
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
      { protectedHeader: { alg: 'RS256' }, key: rsa.privateKey },
    ]);
    const resolver = (h: { alg?: string }) => (h.alg === 'HS256' ? SECRET_KEY : rsa.publicKey);
    expect(verifyJSON(general, resolver, { algorithms: ['RS256'] }).signatureIndex).toBe(1);
    expect(verifyJSON(general, resolver, { algorithms: ['HS256'] }).signatureIndex).toBe(0);
    expect(codeOf(() => verifyJSON(general, resolver, { algorithms: ['ES256'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
  });

  it('skips signatures that do not verify and reports the furthest failure when none does', () => {
    const good = signJSON('p', [
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
    ]) as FlattenedJWS & { payload: string };
    const badSig = { protected: good.protected as string, signature: b64(Buffer.alloc(32)) };
    const jws = {
      payload: good.payload,
      signatures: [badSig, { protected: good.protected as string, signature: good.signature }],
    };
    expect(verifyJSON(jws, SECRET_KEY).signatureIndex).toBe(1);
    expect(
      codeOf(() => verifyJSON({ payload: good.payload, signatures: [badSig, badSig] }, SECRET_KEY)),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
    const es = { protected: b64('{"alg":"ES256"}'), signature: b64(Buffer.alloc(64)) };
    expect(
      codeOf(() => verifyJSON({ payload: good.payload, signatures: [es, badSig] }, SECRET_KEY)),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(codeOf(() => verifyJSON({ payload: good.payload, signatures: [es] }, SECRET_KEY))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });

  it('protected and unprotected headers must not share a name', () => {
    expect(
      codeOf(() => verifyJSON(asJws(flat('{"alg":"HS256","kid":"a"}', { kid: 'a' })), SECRET_KEY)),
    ).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() => verifyJSON(asJws(flat('{"alg":"HS256"}', { alg: 'HS256' })), SECRET_KEY)),
    ).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() =>
        signJSON('p', [
          {
            protectedHeader: { alg: 'HS256', kid: 'a' },
            unprotectedHeader: { kid: 'b' },
            key: SECRET_KEY,
          },
        ]),
      ),
    ).toBe('ERR_JWS_INVALID');
    expect(text(verifyJSON(asJws(flat('{"alg":"HS256"}', { kid: 'a' })), SECRET_KEY).payload)).toBe(
      'p',
    );
  });

  it('alg must be in the protected or unprotected header', () => {
    expect(codeOf(() => verifyJSON(asJws(flat('{"kid":"a"}', { typ: 'x' })), SECRET_KEY))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => verifyJSON(asJws(flat(undefined)), SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => signJSON('p', [{ protectedHeader: { kid: 'a' }, key: SECRET_KEY }]))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => signJSON('p', [{ key: SECRET_KEY }]))).toBe('ERR_JWS_INVALID');
  });

  it('rejects malformed structures with ERR_JWS_INVALID and ignores unknown top-level members', () => {
    const ok = flat('{"alg":"HS256"}');
    const {
      payload,
      protected: prot,
      signature,
    } = ok as { payload: string; protected: string; signature: string };
    expect(verifyJSON(asJws({ ...ok, extra: { any: 1 } }), SECRET_KEY).signatureIndex).toBe(0);
    expect(
      verifyJSON(
        asJws({ payload, signatures: [{ protected: prot, signature }], extra: 1 }),
        SECRET_KEY,
      ).signatureIndex,
    ).toBe(0);
    const bad: unknown[] = [
      null,
      42,
      [],
      [ok],
      '',
      'null',
      '[]',
      '{"payload":',
      { ...ok, payload: undefined },
      { ...ok, payload: 1 },
      { ...ok, payload: `${payload}=` },
      { ...ok, protected: 1 },
      { ...ok, protected: '' },
      { ...ok, protected: 'e30=' },
      { ...ok, protected: b64('[]') },
      { ...ok, header: [] },
      { ...ok, header: 'x' },
      { ...ok, header: null },
      { ...ok, signature: undefined },
      { ...ok, signature: 5 },
      { ...ok, signature: `${signature}=` },
      { payload, signatures: [] },
      { payload, signatures: {} },
      { payload, signatures: [null] },
      { payload, signatures: ['x'] },
      { payload, signatures: [{ protected: prot, signature }], signature },
      { payload, signatures: [{ protected: prot, signature }], protected: prot },
      { payload, signatures: Array.from({ length: 17 }, () => ({ protected: prot, signature })) },
    ];
    for (const jws of bad)
      expect(
        codeOf(() => verifyJSON(jws as GeneralJWS, SECRET_KEY)),
        JSON.stringify(jws),
      ).toBe('ERR_JWS_INVALID');
    // 16 are accepted; at most MAX_KEY_ATTEMPTS of them may fit the key, so they name their kids.
    const sixteen = Array.from({ length: 16 }, (_, i) => ({
      protected: prot,
      header: { kid: `k${i}` },
      signature,
    }));
    expect(
      verifyJSON({ payload, signatures: sixteen }, new JoseKey(SECRET_KEY, { kid: 'k15' }))
        .signatureIndex,
    ).toBe(15);
  });

  it('rejects duplicate member names in the JSON text and in the protected header', () => {
    const ok = flat('{"alg":"HS256"}') as { payload: string; protected: string; signature: string };
    const dupTop = `{"payload":"${ok.payload}","payload":"${ok.payload}","protected":"${ok.protected}","signature":"${ok.signature}"}`;
    const dupHeader = `{"payload":"${ok.payload}","protected":"${ok.protected}","header":{"kid":"a","kid":"b"},"signature":"${ok.signature}"}`;
    expect(codeOf(() => verifyJSON(dupTop, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON(dupHeader, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON(asJws(flat('{"alg":"HS256","alg":"HS256"}')), SECRET_KEY))).toBe(
      'ERR_JWS_INVALID',
    );
  });

  it('signJSON checks its arguments', () => {
    const s: JWSSigner = { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY };
    for (const signers of [[], Array.from({ length: 17 }, () => s), null, [null], ['x']]) {
      expect(codeOf(() => signJSON('p', signers as JWSSigner[]))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(
      (
        signJSON(
          'p',
          Array.from({ length: 16 }, () => s),
        ) as GeneralJWS
      ).signatures.length,
    ).toBe(16);
    expect(
      codeOf(() => signJSON('p', [{ protectedHeader: { alg: 'none' }, key: SECRET_KEY }])),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(
      codeOf(() => signJSON('p', [{ unprotectedHeader: { alg: 'NONE' }, key: SECRET_KEY }])),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(
      codeOf(() => signJSON('p', [{ protectedHeader: { alg: 'RS256' }, key: rsa.publicKey }])),
    ).toBe('ERR_KEY_UNSUITABLE');
  });

  it('refuses "none" in any spelling, protected or not', () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const header = { payload: b64('p'), header: { alg }, signature: '' };
      expect(codeOf(() => verifyJSON(header, SECRET_KEY, { algorithms: [alg as never] }))).toBe(
        'ERR_ALG_NOT_ALLOWED',
      );
      expect(codeOf(() => verifyJSON(asJws(flat(JSON.stringify({ alg }))), SECRET_KEY))).toBe(
        'ERR_ALG_NOT_ALLOWED',
      );
    }
  });

  it('fast-check: any single-character change to a string in a flattened JWS makes it fail', () => {
    const jws = signJSON('payload', [
      { protectedHeader: { alg: 'HS256' }, unprotectedHeader: { kid: 'k' }, key: SECRET_KEY },
    ]) as FlattenedJWS;
    const members = ['payload', 'protected', 'signature'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...members),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (member, at, byte) => {
          const value = jws[member] as string;
          const i = at % value.length;
          const c = String.fromCharCode(byte);
          fc.pre(value[i] !== c);
          const changed = { ...jws, [member]: value.slice(0, i) + c + value.slice(i + 1) };
          expect(
            codeOf(() => verifyJSON(changed, SECRET_KEY, { algorithms: ['HS256'] })),
          ).toSatisfy((code: string) =>
            ['ERR_JWS_SIGNATURE_INVALID', 'ERR_JWS_INVALID', 'ERR_ALG_NOT_ALLOWED'].includes(code),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fast-check: random JSON values and texts only ever give a JoseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.json({ maxDepth: 4 }),
          fc.record({
            payload: fc.string(),
            signatures: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
          }),
        ),
        (value) => {
          expect(() => verifyJSON(value as GeneralJWS, SECRET_KEY)).toThrow(JoseError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
