import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { JoseKey } from '../../src/jwk/key.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { cek, hmac, mac, seal, secret } from './craft.js';
import { b64, codeOf, errorOf, text } from './support.js';

// Attack class "structure", header level: crit misuse, b64 without crit, zip placement, and JSON
// serializations with overlapping headers, mixed forms or nothing in them. Tokens carry a correct
// MAC or tag over exactly their own text, so only the structural check can refuse them.

describe('"crit" misuse (RFC 7515 s4.1.11, RFC 7516 s4.1.13)', () => {
  const CASES: Array<[string, string, readonly string[]]> = [
    ['an extension that is not understood', '{"alg":"HS256","crit":["exp"],"exp":1}', []],
    ['an empty list', '{"alg":"HS256","crit":[]}', []],
    ['a string instead of a list', '{"alg":"HS256","crit":"exp","exp":1}', ['exp']],
    ['a registered parameter (alg)', '{"alg":"HS256","crit":["alg"]}', ['alg']],
    ['a registered parameter (kid)', '{"alg":"HS256","crit":["kid"],"kid":"a"}', ['kid']],
    ['a JWE parameter (enc)', '{"alg":"HS256","crit":["enc"],"enc":"A128GCM"}', ['enc']],
    ['a JWE parameter (zip)', '{"alg":"HS256","crit":["zip"],"zip":"DEF"}', ['zip']],
    ['"crit" itself', '{"alg":"HS256","crit":["crit"]}', ['crit']],
    ['a parameter the header lacks', '{"alg":"HS256","crit":["exp"]}', ['exp']],
    ['a name twice', '{"alg":"HS256","crit":["exp","exp"],"exp":1}', ['exp']],
    ['a name that is not a string', '{"alg":"HS256","crit":[1]}', []],
    ['null', '{"alg":"HS256","crit":null}', []],
  ];

  for (const [name, header, understood] of CASES) {
    it(`refused: ${name}, even when the caller lists it as understood`, () => {
      expect(codeOf(() => verifyCompact(mac(header), hmac, { crit: understood }))).toBe(
        'ERR_JWS_INVALID',
      );
      const jweHeader = header
        .replace('"alg":"HS256"', '"alg":"dir","enc":"A128GCM"')
        .replace(',"enc":"A128GCM"}', '}');
      if (jweHeader.includes('"crit":["enc"]')) return;
      expect(
        codeOf(() => decryptCompact(seal(jweHeader), cek, { crit: understood })),
        jweHeader,
      ).toBe('ERR_JWE_INVALID');
    });
  }

  it('accepted only when every listed extension is present, protected and understood', () => {
    expect(
      verifyCompact(mac('{"alg":"HS256","crit":["exp"],"exp":1}'), hmac, { crit: ['exp'] })
        .protectedHeader.exp,
    ).toBe(1);
    expect(
      text(
        decryptCompact(seal('{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}'), cek, {
          crit: ['exp'],
        }).plaintext,
      ),
    ).toBe('plaintext');
  });

  it('JWE key management parameters are registered too: crit may not name epk, p2c, iv or tag', () => {
    for (const member of ['epk', 'apu', 'p2s', 'p2c', 'iv', 'tag']) {
      const header = JSON.stringify({
        alg: 'dir',
        enc: 'A128GCM',
        crit: [member],
        [member]: member === 'p2c' ? 1000 : member === 'epk' ? {} : 'AAAAAAAAAAAAAAAAAAAAAA',
      });
      expect(
        codeOf(() => decryptCompact(seal(header), cek, { crit: [member] })),
        member,
      ).toBe('ERR_JWE_INVALID');
    }
  });

  it('in the JSON serializations "crit" must be protected and name protected parameters', () => {
    const sig = (p: string) => createHmac('sha256', secret).update(`${p}.eA`).digest('base64url');
    const prot = b64('{"alg":"HS256","crit":["exp"]}');
    expect(
      codeOf(() =>
        verifyJSON(
          { payload: 'eA', protected: prot, header: { exp: 1 }, signature: sig(prot) },
          hmac,
          { crit: ['exp'] },
        ),
      ),
    ).toBe('ERR_JWS_INVALID');
    const p2 = b64('{"alg":"HS256"}');
    expect(
      codeOf(() =>
        verifyJSON(
          { payload: 'eA', protected: p2, header: { crit: ['exp'], exp: 1 }, signature: sig(p2) },
          hmac,
          { crit: ['exp'] },
        ),
      ),
    ).toBe('ERR_JWS_INVALID');
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [
      { key: cek },
    ]);
    expect(
      codeOf(() =>
        decryptJSON({ ...jwe, unprotected: { crit: ['exp'], exp: 1 } }, cek, { crit: ['exp'] }),
      ),
    ).toBe('ERR_JWE_INVALID');
  });
});

describe('"b64" and "zip"', () => {
  it('"b64" without "crit" naming it is refused (RFC 7797 s6), and never verifies as an ordinary JWS', () => {
    for (const header of ['{"alg":"HS256","b64":false}', '{"alg":"HS256","b64":true}']) {
      expect(
        codeOf(() => verifyCompact(mac(header, 'payload'), hmac)),
        header,
      ).toMatch(/^ERR_(JWS_INVALID|NOT_SUPPORTED)$/);
      expect(
        codeOf(() => verifyCompact(mac(header, 'payload'), hmac, { crit: ['b64'] })),
        header,
      ).toMatch(/^ERR_(JWS_INVALID|NOT_SUPPORTED)$/);
    }
  });

  it('"zip" must be "DEF" and protected; an authentic plaintext that is not DEFLATE data is malformed', () => {
    expect(
      codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"GZIP"}'), cek)),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(
      codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"def"}'), cek)),
    ).toBe('ERR_NOT_SUPPORTED');
    expect(codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":1}'), cek))).toBe(
      'ERR_JWE_INVALID',
    );
    expect(
      codeOf(() =>
        decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"DEF"}', 'not deflate'), cek),
      ),
    ).toBe('ERR_JWE_INVALID');
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [
      { key: cek },
    ]);
    expect(codeOf(() => decryptJSON({ ...jwe, unprotected: { zip: 'DEF' } }, cek))).toBe(
      'ERR_JWE_INVALID',
    );
    expect(codeOf(() => decryptJSON({ ...jwe, header: { zip: 'DEF' } }, cek))).toBe(
      'ERR_JWE_INVALID',
    );
  });
});

describe('JSON serializations: overlapping headers, mixed forms, no signatures or recipients', () => {
  const general = signJSON('x', [
    { protectedHeader: { alg: 'HS256', kid: 'a' }, key: hmac },
    { protectedHeader: { alg: 'HS256' }, key: hmac },
  ]);
  const flat = signJSON('x', [{ protectedHeader: { alg: 'HS256', kid: 'a' }, key: hmac }]);

  it('JWS: a member both protected and unprotected, both forms at once, or no signature at all is malformed', () => {
    if (!('signatures' in general) || !('signature' in flat))
      throw new Error('unexpected JWS forms');
    expect(codeOf(() => verifyJSON({ ...flat, header: { kid: 'a' } }, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => verifyJSON({ ...flat, header: { kid: 'b' } }, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => verifyJSON({ ...general, signature: flat.signature } as never, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    expect(codeOf(() => verifyJSON({ ...general, protected: flat.protected } as never, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    for (const signatures of [[], {}, [null], ['x'], [{}]])
      expect(
        codeOf(() => verifyJSON({ payload: general.payload, signatures } as never, hmac)),
        JSON.stringify(signatures),
      ).toBe('ERR_JWS_INVALID');
    expect(
      codeOf(() => verifyJSON({ payload: flat.payload, protected: flat.protected } as never, hmac)),
    ).toBe('ERR_JWS_INVALID');
    for (const payload of [1, null, {}, 'not base64url!'])
      expect(codeOf(() => verifyJSON({ ...flat, payload } as never, hmac))).toBe('ERR_JWS_INVALID');
  });

  it('JWE: a member in two of the protected, shared and per-recipient headers, enc per recipient, mixed forms or no recipient is malformed', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const g = encryptJSON(
      'x',
      { protectedHeader: { enc: 'A128GCM', kid: 'k' }, unprotectedHeader: { typ: 'x' } },
      [
        { header: { alg: 'A128KW' }, key: kek },
        { header: { alg: 'A128KW' }, key: kek },
      ],
    );
    if (!('recipients' in g)) throw new Error('expected a general JWE');
    const r = g.recipients;
    expect(text(decryptJSON(g, kek).plaintext)).toBe('x');
    const bad: Record<string, unknown> = {
      'protected and shared': { ...g, unprotected: { typ: 'x', kid: 'k' } },
      'protected and recipient': {
        ...g,
        recipients: [{ ...r[0], header: { alg: 'A128KW', kid: 'k' } }],
      },
      'shared and recipient': {
        ...g,
        recipients: [{ ...r[0], header: { alg: 'A128KW', typ: 'y' } }],
      },
      'enc per recipient': {
        ...g,
        protected: b64('{"kid":"k"}'),
        recipients: [{ ...r[0], header: { alg: 'A128KW', enc: 'A128GCM' } }],
      },
      'top-level header with recipients': { ...g, header: { alg: 'A128KW' } },
      'top-level encrypted_key with recipients': { ...g, encrypted_key: r[0]?.encrypted_key },
      'no recipients': { ...g, recipients: [] },
      'recipients not a list': { ...g, recipients: {} },
      'a recipient that is not an object': { ...g, recipients: ['x'] },
    };
    for (const [name, jwe] of Object.entries(bad))
      expect(
        codeOf(() => decryptJSON(jwe as never, kek)),
        name,
      ).toBe('ERR_JWE_INVALID');
    expect(errorOf(() => decryptJSON('[]', kek)).code).toBe('ERR_JWE_INVALID');
  });

  it('JWS: the same header parameter in protected and unprotected header is refused even with a valid signature', () => {
    const jws = signCompact('x', { alg: 'HS256' }, hmac).split('.');
    expect(
      codeOf(() =>
        verifyJSON(
          {
            payload: jws[1] as string,
            protected: jws[0] as string,
            header: { alg: 'HS256' },
            signature: jws[2] as string,
          },
          hmac,
        ),
      ),
    ).toBe('ERR_JWS_INVALID');
  });
});
