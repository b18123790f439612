import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GeneralJWS,
  type JWSHeaderParameters,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from '../../src/jws/index.js';
import { b64, codeOf, SECRET, SECRET_KEY } from './support.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const SIGNERS = [
  { alg: 'HS256', sign: SECRET_KEY, verify: SECRET_KEY },
  { alg: 'ES256', sign: ec.privateKey, verify: ec.publicKey },
  { alg: 'EdDSA', sign: ed.privateKey, verify: ed.publicKey },
] as const;
const UNENCODED = { b64: false, crit: ['b64'] };
const bytesOf = (p: Uint8Array | string): Buffer => Buffer.from(p);
const payloads = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 80 }));
const hmac = (input: Uint8Array | string): string =>
  createHmac('sha256', SECRET).update(input).digest('base64url');

describe('detached content (RFC 7515 Appendix F)', () => {
  for (const s of SIGNERS) {
    it(`${s.alg}: compact and JSON round trips of any payload, the empty one included`, () => {
      fc.assert(
        fc.property(payloads, (payload) => {
          const token = signCompact(payload, { alg: s.alg }, s.sign, { detached: true });
          const [h, p] = token.split('.');
          expect([p, token.split('.').length]).toEqual(['', 3]);
          expect(
            bytesOf(verifyCompact(token, s.verify, { detachedPayload: payload }).payload).equals(
              bytesOf(payload),
            ),
          ).toBe(true);
          const attached = signCompact(payload, { alg: s.alg }, s.sign);
          if (s.alg !== 'ES256') expect(attached.replace(/\.[^.]*\./, '..')).toBe(token);
          expect(attached.startsWith(`${h}.`)).toBe(true);
          const json = signJSON(
            payload,
            [
              { protectedHeader: { alg: s.alg }, key: s.sign },
              { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
            ],
            { detached: true },
          ) as GeneralJWS;
          expect(Object.hasOwn(json, 'payload')).toBe(false);
          const r = verifyJSON(json, s.verify, { algorithms: [s.alg], detachedPayload: payload });
          expect([bytesOf(r.payload).equals(bytesOf(payload)), r.signatureIndex]).toEqual([
            true,
            0,
          ]);
        }),
        { numRuns: s.alg === 'HS256' ? 60 : 15 },
      );
    });

    it(`${s.alg}: any other detached payload does not verify`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ maxLength: 64 }),
          (payload, other) => {
            fc.pre(!Buffer.from(payload).equals(Buffer.from(other)));
            const token = signCompact(payload, { alg: s.alg }, s.sign, { detached: true });
            expect(codeOf(() => verifyCompact(token, s.verify, { detachedPayload: other }))).toBe(
              'ERR_JWS_SIGNATURE_INVALID',
            );
            const flat = signJSON(payload, [{ protectedHeader: { alg: s.alg }, key: s.sign }], {
              detached: true,
            });
            expect(codeOf(() => verifyJSON(flat, s.verify, { detachedPayload: other }))).toBe(
              'ERR_JWS_SIGNATURE_INVALID',
            );
          },
        ),
        { numRuns: s.alg === 'HS256' ? 60 : 15 },
      );
    });
  }

  it('a detached token without detachedPayload is the empty payload (its signature fails); detachedPayload for a token with a payload, or a JSON JWS without payload or detachedPayload, is ERR_JWS_INVALID', () => {
    const detached = signCompact('p', { alg: 'HS256' }, SECRET_KEY, { detached: true });
    const attached = signCompact('p', { alg: 'HS256' }, SECRET_KEY);
    expect(codeOf(() => verifyCompact(detached, SECRET_KEY))).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(codeOf(() => verifyCompact(detached, SECRET_KEY, { algorithms: ['HS256'] }))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyCompact(attached, SECRET_KEY, { detachedPayload: 'p' }))).toBe(
      'ERR_JWS_INVALID',
    );
    const flat = signJSON('p', [{ protectedHeader: { alg: 'HS256' }, key: SECRET_KEY }]);
    const flatDetached = signJSON('p', [{ protectedHeader: { alg: 'HS256' }, key: SECRET_KEY }], {
      detached: true,
    });
    expect(codeOf(() => verifyJSON(flatDetached, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON({ ...flatDetached, payload: '' }, SECRET_KEY))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyJSON(flat, SECRET_KEY, { detachedPayload: 'p' }))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(
      verifyJSON({ ...flatDetached, payload: '' }, SECRET_KEY, { detachedPayload: 'p' })
        .signatureIndex,
    ).toBe(0);
  });

  it('options of the wrong type are ERR_INVALID_ARGUMENT', () => {
    for (const options of [null, 'detached', { detached: 1 }, { detached: 'true' }]) {
      expect(codeOf(() => signCompact('p', { alg: 'HS256' }, SECRET_KEY, options as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
      expect(
        codeOf(() =>
          signJSON('p', [{ protectedHeader: { alg: 'HS256' }, key: SECRET_KEY }], options as never),
        ),
      ).toBe('ERR_INVALID_ARGUMENT');
    }
    const token = signCompact('p', { alg: 'HS256' }, SECRET_KEY, { detached: true });
    for (const detachedPayload of [null, 5, ['p'], {}, new Uint16Array(1).buffer]) {
      expect(codeOf(() => verifyCompact(token, SECRET_KEY, { detachedPayload } as never))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    }
    expect(signCompact('p', { alg: 'HS256' }, SECRET_KEY, { detached: false })).toBe(
      signCompact('p', { alg: 'HS256' }, SECRET_KEY),
    );
  });
});

describe('the unencoded payload option, b64: false (RFC 7797)', () => {
  for (const s of SIGNERS) {
    it(`${s.alg}: compact (always detached) and detached JSON round trips of any payload; the signature covers the raw octets`, () => {
      fc.assert(
        fc.property(payloads, (payload) => {
          const header = { alg: s.alg, ...UNENCODED };
          const token = signCompact(payload, header, s.sign);
          const [h, p] = token.split('.') as [string, string];
          expect(p).toBe('');
          if (s.alg === 'HS256')
            expect(token).toBe(
              `${h}..${hmac(Buffer.concat([Buffer.from(`${h}.`), bytesOf(payload)]))}`,
            );
          expect(
            bytesOf(verifyCompact(token, s.verify, { detachedPayload: payload }).payload).equals(
              bytesOf(payload),
            ),
          ).toBe(true);
          const json = signJSON(payload, [{ protectedHeader: header, key: s.sign }], {
            detached: true,
          });
          expect(
            bytesOf(verifyJSON(json, s.verify, { detachedPayload: payload }).payload).equals(
              bytesOf(payload),
            ),
          ).toBe(true);
        }),
        { numRuns: s.alg === 'HS256' ? 60 : 15 },
      );
    });
  }

  it('JSON with the payload attached round-trips any text, and the payload member is that text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), (payload) => {
        const jws = signJSON(payload, [
          { protectedHeader: { alg: 'HS256', ...UNENCODED }, key: SECRET_KEY },
          { protectedHeader: { alg: 'EdDSA', ...UNENCODED }, key: ed.privateKey },
        ]) as GeneralJWS;
        expect(jws.payload).toBe(payload);
        expect(jws.signatures[0]?.signature).toBe(
          hmac(
            Buffer.concat([
              Buffer.from(`${jws.signatures[0]?.protected as string}.`),
              Buffer.from(payload),
            ]),
          ),
        );
        const r = verifyJSON(JSON.stringify(jws), ed.publicKey, { algorithms: ['EdDSA'] });
        expect([Buffer.from(r.payload).toString(), r.signatureIndex]).toEqual([payload, 1]);
      }),
      { numRuns: 40 },
    );
  });

  it('a changed payload or signature does not verify', () => {
    const jws = signJSON('$.02', [
      { protectedHeader: { alg: 'HS256', ...UNENCODED }, key: SECRET_KEY },
    ]);
    const token = signCompact('$.02', { alg: 'HS256', ...UNENCODED }, SECRET_KEY);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), (other) => {
        fc.pre(other !== '$.02');
        expect(codeOf(() => verifyJSON({ ...jws, payload: other }, SECRET_KEY))).toBe(
          'ERR_JWS_SIGNATURE_INVALID',
        );
        expect(codeOf(() => verifyCompact(token, SECRET_KEY, { detachedPayload: other }))).toBe(
          'ERR_JWS_SIGNATURE_INVALID',
        );
      }),
      { numRuns: 50 },
    );
    const sig = Buffer.from(token.split('.')[2] as string, 'base64url');
    sig[0] = (sig[0] as number) ^ 1;
    expect(
      codeOf(() =>
        verifyCompact(`${token.slice(0, token.lastIndexOf('.'))}.${b64(sig)}`, SECRET_KEY, {
          detachedPayload: '$.02',
        }),
      ),
    ).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('b64: true is the default encoding, made explicit and critical', () => {
    const token = signCompact('p', { alg: 'HS256', b64: true, crit: ['b64'] }, SECRET_KEY);
    expect(token.split('.')[1]).toBe(b64('p'));
    expect(Buffer.from(verifyCompact(token, SECRET_KEY).payload).toString()).toBe('p');
  });

  it('a compact JWS with b64: false and its payload inline is refused, even when its signature is right', () => {
    const h = b64(JSON.stringify({ alg: 'HS256', ...UNENCODED }));
    const inline = `${h}.abc.${hmac(`${h}.abc`)}`;
    expect(codeOf(() => verifyCompact(inline, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyCompact(inline, SECRET_KEY, { detachedPayload: 'abc' }))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(
      verifyCompact(`${h}..${hmac(`${h}.abc`)}`, SECRET_KEY, { detachedPayload: 'abc' }).payload,
    ).toEqual(Buffer.from('abc'));
  });

  it('signatures that disagree on b64 are ERR_JWS_INVALID, signing and verifying (absent b64 is true)', () => {
    const mixed = [
      [{ alg: 'HS256', ...UNENCODED }, { alg: 'HS256' }],
      [
        { alg: 'HS256', ...UNENCODED },
        { alg: 'HS256', b64: true, crit: ['b64'] },
      ],
      [{ alg: 'HS256' }, { alg: 'HS256', ...UNENCODED }],
    ] as JWSHeaderParameters[][];
    for (const headers of mixed) {
      const signers = headers.map((protectedHeader) => ({ protectedHeader, key: SECRET_KEY }));
      expect(
        codeOf(() => signJSON('p', signers)),
        JSON.stringify(headers),
      ).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => signJSON('p', signers, { detached: true }))).toBe('ERR_JWS_INVALID');
      const signatures = headers.map((h) => {
        const protectedB64 = b64(JSON.stringify(h));
        return {
          protected: protectedB64,
          signature: hmac(h.b64 === false ? `${protectedB64}.p` : `${protectedB64}.${b64('p')}`),
        };
      });
      expect(codeOf(() => verifyJSON({ signatures }, SECRET_KEY, { detachedPayload: 'p' }))).toBe(
        'ERR_JWS_INVALID',
      );
    }
    // b64: true and an absent b64 are the same encoding.
    const same = signJSON('p', [
      { protectedHeader: { alg: 'HS256', b64: true, crit: ['b64'] }, key: SECRET_KEY },
      { protectedHeader: { alg: 'HS256' }, key: SECRET_KEY },
    ]);
    expect(verifyJSON(same, SECRET_KEY).signatureIndex).toBe(0);
    // A signature with no protected header cannot carry b64, so it disagrees with a b64: false one.
    const noProtected = {
      signatures: [
        { protected: b64(JSON.stringify({ alg: 'HS256', ...UNENCODED })), signature: hmac('x') },
        { header: { alg: 'HS256' }, signature: hmac('y') },
      ],
    };
    expect(codeOf(() => verifyJSON(noProtected, SECRET_KEY, { detachedPayload: 'p' }))).toBe(
      'ERR_JWS_INVALID',
    );
  });

  it('an attached JSON payload must be UTF-8 text to sign, and well-formed text to verify', () => {
    const header = { alg: 'HS256', ...UNENCODED };
    expect(
      codeOf(() => signJSON(Buffer.of(0xff, 0xfe), [{ protectedHeader: header, key: SECRET_KEY }])),
    ).toBe('ERR_INVALID_ARGUMENT');
    const detached = signJSON(
      Buffer.of(0xff, 0xfe),
      [{ protectedHeader: header, key: SECRET_KEY }],
      { detached: true },
    );
    expect(
      verifyJSON(detached, SECRET_KEY, { detachedPayload: Buffer.of(0xff, 0xfe) }).payload,
    ).toEqual(Buffer.of(0xff, 0xfe));
    const protectedB64 = b64(JSON.stringify(header));
    // "\ud800" and "\ufffd" have the same UTF-8 form; only the well-formed one is a payload.
    const lone = `{"protected":"${protectedB64}","payload":"a\\ud800","signature":"${hmac(Buffer.concat([Buffer.from(`${protectedB64}.`), Buffer.from('a\ufffd')]))}"}`;
    expect(codeOf(() => verifyJSON(lone, SECRET_KEY))).toBe('ERR_JWS_INVALID');
    expect(
      Buffer.from(verifyJSON(lone.replace('\\ud800', '\\ufffd'), SECRET_KEY).payload).toString(),
    ).toBe('a\ufffd');
  });

  it('random JSON serializations with b64 only ever give a JoseError or a verified payload', () => {
    const header = fc.record(
      {
        alg: fc.constant('HS256'),
        b64: fc.oneof(fc.boolean(), fc.constant('false')),
        crit: fc.constantFrom(['b64'], ['x'], []),
      },
      { requiredKeys: ['alg'] },
    );
    fc.assert(
      fc.property(
        header,
        fc.option(fc.string({ maxLength: 10 })),
        fc.option(fc.string({ maxLength: 10 })),
        (h, payload, detachedPayload) => {
          const protectedB64 = b64(JSON.stringify(h));
          const jws = {
            protected: protectedB64,
            signature: hmac(`${protectedB64}.${payload ?? ''}`),
            ...(payload === null ? {} : { payload }),
          };
          const code = codeOf(() =>
            verifyJSON(jws, SECRET_KEY, detachedPayload === null ? {} : { detachedPayload }),
          );
          expect(['no error', 'ERR_JWS_INVALID', 'ERR_JWS_SIGNATURE_INVALID']).toContain(code);
        },
      ),
      { numRuns: 200 },
    );
  });
});
