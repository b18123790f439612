import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { verifyCompact } from '../../src/jws/compact.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { decodeJWT } from '../../src/jwt/decode.js';
import { decryptJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { cek, hmac, mac, macParts, seal, sealParts, secret } from './craft.js';
import { b64, codeOf, text, unb64 } from './support.js';

// Attack class "structure": tokens that are not what they seem to a lenient parser. Each crafted
// token below carries a correct MAC or tag over exactly its own text, so only the structural
// check can refuse it, and a parser that accepted the variant would accept a forgery-free token
// that a stricter peer reads differently. The header-level attacks (crit, b64, zip, JSON
// serializations) are in structure-headers.test.ts.

const VALUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * Non-canonical spellings of the base64url encoding of `bytes` that lenient decoders map to the
 * same octets: padding, the standard alphabet, non-zero trailing bits, whitespace, an impossible
 * length. Choose `bytes` so that each applies (lengths not a multiple of 3, octets giving + or /).
 */
function variants(bytes: Buffer): Record<string, string> {
  const canonical = b64(bytes);
  const out: Record<string, string> = {
    'padding after base64url': `${canonical}==`,
    'space inside': `${canonical.slice(0, 4)} ${canonical.slice(4)}`,
    'newline inside': `${canonical.slice(0, 4)}\n${canonical.slice(4)}`,
    'tab at the end': `${canonical}\t`,
    'space at the start': ` ${canonical}`,
  };
  // Only a length that is not a multiple of 3 is padded, and random bytes need not hold an octet
  // pattern that "+" or "/" encodes.
  if (bytes.length % 3 !== 0) out.padding = bytes.toString('base64');
  const standard = bytes.toString('base64').replace(/=+$/, '');
  if (standard !== canonical) out['standard alphabet'] = standard;
  let long = `${canonical}A`;
  while (long.length % 4 !== 1) long += 'A';
  out['a length of 4n+1'] = long;
  if (canonical.length % 4 !== 0) {
    const last = VALUE.indexOf(canonical[canonical.length - 1] as string);
    out['non-zero trailing bits'] = `${canonical.slice(0, -1)}${VALUE[last + 1]}`;
  }
  for (const [name, v] of Object.entries(out)) {
    if (v === canonical) throw new Error(`variant ${name} is the canonical text; pick other bytes`);
    if (name !== 'a length of 4n+1' && !/\s/.test(v) && !Buffer.from(v, 'base64').equals(bytes))
      throw new Error(`variant ${name} does not decode to the same bytes`);
  }
  return out;
}

// Header text whose standard base64 has "+" and "/", and whose length is not a multiple of 3.
const HEADER = '{"alg":"HS256","x":"~~~???>>>"}';
const JWE_HEADER = '{"alg":"dir","enc":"A128GCM","x":"~~~???>>>"}';
const PAYLOAD = Buffer.from('payload ~~~???>>>!');

describe('wrong number of parts and empty parts', () => {
  it('a compact JWS has exactly three parts; a compact JWE exactly five', () => {
    const jws = mac('{"alg":"HS256"}');
    for (const t of ['', 'a', 'a.b', `${jws}.`, `${jws}.x.y`, `.${jws}`, '..', '....', '.....']) {
      expect(
        codeOf(() => verifyCompact(t, hmac)),
        JSON.stringify(t.slice(-12)),
      ).toBe('ERR_JWS_INVALID');
    }
    const jwe = seal('{"alg":"dir","enc":"A128GCM"}');
    for (const t of [
      jws,
      `${jwe}.`,
      jwe.split('.').slice(0, 4).join('.'),
      `${jwe}.x`,
      '....',
      '......',
    ]) {
      expect(
        codeOf(() => decryptCompact(t, cek)),
        JSON.stringify(t.slice(-12)),
      ).toBe('ERR_JWE_INVALID');
    }
    for (const t of ['a.b', 'a.b.c.d', 'a.b.c.d.e.f', ''])
      expect(codeOf(() => decodeJWT(t))).toBe('ERR_JWT_INVALID');
  });

  it('an empty header, IV or tag is malformed; an empty GCM ciphertext (empty plaintext) is allowed', () => {
    expect(codeOf(() => verifyCompact(macParts('', b64('x')), hmac))).toBe('ERR_JWS_INVALID');
    const jwe = seal('{"alg":"dir","enc":"A128GCM"}');
    for (const index of [0, 2, 4]) {
      expect(
        codeOf(() =>
          decryptCompact(
            jwe
              .split('.')
              .map((p, i) => (i === index ? '' : p))
              .join('.'),
            cek,
          ),
        ),
        `part ${index}`,
      ).toBe('ERR_JWE_INVALID');
    }
    const empty = encryptCompact('', { alg: 'dir', enc: 'A128GCM' }, cek);
    expect(empty.split('.')[3]).toBe('');
    expect(decryptCompact(empty, cek).plaintext.length).toBe(0);
  });
});

describe('non-canonical base64url is refused everywhere, even under a correct MAC or tag', () => {
  it('JWS compact: in the header, the payload and the signature', () => {
    expect(text(verifyCompact(macParts(b64(HEADER), b64(PAYLOAD)), hmac).payload)).toBe(
      PAYLOAD.toString(),
    );
    expect(Object.keys(variants(Buffer.from(HEADER)))).toContain('standard alphabet');
    expect(Object.keys(variants(PAYLOAD))).toContain('standard alphabet');
    for (const [name, v] of Object.entries(variants(Buffer.from(HEADER)))) {
      expect(
        codeOf(() => verifyCompact(macParts(v, b64(PAYLOAD)), hmac)),
        `header: ${name}`,
      ).toBe('ERR_JWS_INVALID');
    }
    for (const [name, v] of Object.entries(variants(PAYLOAD))) {
      expect(
        codeOf(() => verifyCompact(macParts(b64(HEADER), v), hmac)),
        `payload: ${name}`,
      ).toBe('ERR_JWS_INVALID');
    }
    const token = macParts(b64('{"alg":"HS256"}'), b64('x'));
    const signature = unb64(token.split('.')[2] as string);
    for (const [name, v] of Object.entries(variants(signature))) {
      expect(
        codeOf(() => verifyCompact(`${token.slice(0, token.lastIndexOf('.'))}.${v}`, hmac)),
        `signature: ${name}`,
      ).toBe('ERR_JWS_INVALID');
    }
  });

  it('JWS JSON: in "protected", "payload" and "signature"', () => {
    const protectedB64 = b64(HEADER);
    const sign = (p: string, payload: string) => ({
      payload,
      protected: p,
      signature: createHmac('sha256', secret).update(`${p}.${payload}`).digest('base64url'),
    });
    expect(verifyJSON(sign(protectedB64, b64(PAYLOAD)), hmac).signatureIndex).toBe(0);
    for (const [name, v] of Object.entries(variants(Buffer.from(HEADER))))
      expect(
        codeOf(() => verifyJSON(sign(v, b64(PAYLOAD)), hmac)),
        name,
      ).toBe('ERR_JWS_INVALID');
    for (const [name, v] of Object.entries(variants(PAYLOAD)))
      expect(
        codeOf(() => verifyJSON(sign(protectedB64, v), hmac)),
        name,
      ).toBe('ERR_JWS_INVALID');
    const good = sign(protectedB64, b64(PAYLOAD));
    for (const [name, v] of Object.entries(variants(unb64(good.signature))))
      expect(
        codeOf(() => verifyJSON({ ...good, signature: v }, hmac)),
        name,
      ).toBe('ERR_JWS_INVALID');
  });

  it('JWE compact: in the header (the AAD) and in the encrypted key, IV, ciphertext and tag', () => {
    expect(text(decryptCompact(sealParts(b64(JWE_HEADER)), cek).plaintext)).toBe('plaintext');
    for (const [name, v] of Object.entries(variants(Buffer.from(JWE_HEADER)))) {
      expect(
        codeOf(() => decryptCompact(sealParts(v), cek)),
        `header: ${name}`,
      ).toBe('ERR_JWE_INVALID');
    }
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptCompact('plaintext ~~~???>>>', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    const parts = jwe.split('.');
    for (const index of [1, 2, 3, 4]) {
      const bytes = unb64(parts[index] as string);
      for (const [name, v] of Object.entries(variants(bytes))) {
        if (name === 'non-zero trailing bits' && bytes.length % 3 === 0) continue;
        expect(
          codeOf(() => decryptCompact(parts.map((p, i) => (i === index ? v : p)).join('.'), kek)),
          `part ${index}: ${name}`,
        ).toBe('ERR_JWE_INVALID');
      }
    }
  });

  it('JWE JSON: in "protected", "iv", "ciphertext", "tag", "aad" and "encrypted_key"', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptJSON(
      'plaintext ~~~???>>>',
      {
        protectedHeader: { enc: 'A128CBC-HS256', x: '~~~???>>>' },
        aad: Buffer.from('aad ~~~???>>>!'),
      },
      [{ header: { alg: 'A128KW' }, key: kek }],
    );
    if (!('encrypted_key' in jwe) || jwe.encrypted_key === undefined)
      throw new Error('expected a flattened JWE');
    expect(text(decryptJSON(jwe, kek).plaintext)).toBe('plaintext ~~~???>>>');
    for (const member of [
      'protected',
      'iv',
      'ciphertext',
      'tag',
      'aad',
      'encrypted_key',
    ] as const) {
      const bytes = unb64(jwe[member] as string);
      for (const [name, v] of Object.entries(variants(bytes))) {
        if (name === 'non-zero trailing bits' && bytes.length % 3 === 0) continue;
        expect(
          codeOf(() => decryptJSON({ ...jwe, [member]: v }, kek)),
          `${member}: ${name}`,
        ).toBe('ERR_JWE_INVALID');
      }
    }
  });

  it('JWK members and JWE key management header members', () => {
    const k = Buffer.concat([Buffer.from('~~~???>>>'), randomBytes(23)]);
    expect(importJWK({ kty: 'oct', k: b64(k) }).bits).toBe(256);
    for (const [name, v] of Object.entries(variants(k)))
      expect(
        codeOf(() => importJWK({ kty: 'oct', k: v })),
        name,
      ).toBe('ERR_JWK_INVALID');
    const gcmkw = encryptCompact('x', { alg: 'A128GCMKW', enc: 'A128GCM' }, cek);
    const header = JSON.parse(unb64(gcmkw.split('.')[0] as string).toString()) as Record<
      string,
      string
    >;
    for (const member of ['iv', 'tag']) {
      for (const [name, v] of Object.entries(variants(unb64(header[member] as string)))) {
        const forged = [
          b64(JSON.stringify({ ...header, [member]: v })),
          ...gcmkw.split('.').slice(1),
        ].join('.');
        expect(
          codeOf(() => decryptCompact(forged, cek)),
          `${member}: ${name}`,
        ).toBe('ERR_JWE_INVALID');
      }
    }
  });
});

describe('invalid UTF-8 in headers and claims', () => {
  const BAD: Record<string, number[]> = {
    'a lone 0xff': [0xff],
    'an overlong "/"': [0xc0, 0xaf],
    'an encoded surrogate': [0xed, 0xa0, 0x80],
    'a truncated sequence': [0xe2, 0x82],
    'above U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
    'a continuation octet alone': [0x80],
  };
  const inString = (before: string, bytes: number[], after: string): Buffer =>
    Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);

  for (const [name, bytes] of Object.entries(BAD)) {
    it(`${name}: refused in a JWS or JWE header, in JWT claims and in decodeJWT; a plain JWS payload is bytes and may hold it`, () => {
      const header = inString('{"alg":"HS256","x":"', bytes, '"}');
      expect(codeOf(() => verifyCompact(mac(header), hmac))).toBe('ERR_JWS_INVALID');
      expect(
        codeOf(() =>
          verifyJSON(
            {
              payload: b64('x'),
              protected: b64(header),
              signature: createHmac('sha256', secret)
                .update(`${b64(header)}.${b64('x')}`)
                .digest('base64url'),
            },
            hmac,
          ),
        ),
      ).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => decodeJWT(`${b64(header)}.e30.`))).toBe('ERR_JWT_INVALID');
      const claims = inString('{"sub":"', bytes, '"}');
      expect(codeOf(() => verifyJWT(mac('{"alg":"HS256"}', claims), hmac))).toBe('ERR_JWT_INVALID');
      expect(
        Buffer.from(verifyCompact(mac('{"alg":"HS256"}', claims), hmac).payload).equals(claims),
      ).toBe(true);
      expect(
        codeOf(() =>
          decryptCompact(seal(inString('{"alg":"dir","enc":"A128GCM","x":"', bytes, '"}')), cek),
        ),
      ).toBe('ERR_JWE_INVALID');
      expect(codeOf(() => decryptJWT(seal('{"alg":"dir","enc":"A128GCM"}', claims), cek))).toBe(
        'ERR_JWT_INVALID',
      );
    });
  }

  it('a byte order mark before the header is not JSON whitespace', () => {
    expect(codeOf(() => verifyCompact(mac('\ufeff{"alg":"HS256"}'), hmac))).toBe('ERR_JWS_INVALID');
  });
});

describe('headers that are not one JSON object', () => {
  it('arrays, scalars, empty text and trailing data are refused, for JWS, JWE and decodeJWT', () => {
    for (const h of [
      '[]',
      '[{"alg":"HS256"}]',
      'null',
      '"HS256"',
      '1',
      'true',
      '',
      ' ',
      '{"alg":"HS256"} x',
      '{"alg":"HS256"}{}',
      '{"alg":"HS256"}\u0000',
      "{'alg':'HS256'}",
      '{"alg":"HS256",}',
      '{alg:"HS256"}',
    ]) {
      expect(
        codeOf(() => verifyCompact(mac(h), hmac)),
        JSON.stringify(h),
      ).toBe('ERR_JWS_INVALID');
      expect(
        codeOf(() => decryptCompact(seal(h.replace('"HS256"', '"dir","enc":"A128GCM"')), cek)),
        JSON.stringify(h),
      ).toBe('ERR_JWE_INVALID');
      expect(
        codeOf(() => decodeJWT(`${b64(h)}.e30.`)),
        JSON.stringify(h),
      ).toBe('ERR_JWT_INVALID');
    }
  });

  it('a claim set that is not an object is refused by verifyJWT', () => {
    for (const c of ['[]', 'null', '"sub"', '1', ' ', '{"sub":"a"} trailing'])
      expect(
        codeOf(() => verifyJWT(mac('{"alg":"HS256"}', c), hmac)),
        c,
      ).toBe('ERR_JWT_INVALID');
  });
});

describe('duplicate member names (RFC 7515 s5.2, RFC 7519 s4: refused, not last-wins)', () => {
  const duplicates = [
    '{"alg":"HS256","alg":"HS256"}',
    '{"alg":"HS256","kid":"a","kid":"b"}',
    '{"alg":"HS256","\\u0061lg":"none"}',
    '{"alg":"HS256","kid":"a","k\\u0069d":"b"}',
    '{"alg":"HS256","x":{"a":1,"a":2}}',
    '{"alg":"HS256","x":[{"a":1,"a":1}]}',
    '{"alg":"HS256","__proto__":1,"__proto__":2}',
  ];

  it('in a JWS header, at any depth and however escaped', () => {
    for (const h of duplicates)
      expect(
        codeOf(() => verifyCompact(mac(h), hmac)),
        h,
      ).toBe('ERR_JWS_INVALID');
  });

  it('in a JWE header, in JWT claims, in JSON serializations and in JWK text', () => {
    for (const h of duplicates)
      expect(
        codeOf(() =>
          decryptCompact(seal(h.replace('"alg":"HS256"', '"alg":"dir","enc":"A128GCM"')), cek),
        ),
        h,
      ).toBe('ERR_JWE_INVALID');
    expect(
      codeOf(() => verifyJWT(mac('{"alg":"HS256"}', '{"exp":9999999999,"exp":1}'), hmac)),
    ).toBe('ERR_JWT_INVALID');
    expect(
      codeOf(() => verifyJWT(mac('{"alg":"HS256"}', '{"sub":"alice","s\\u0075b":"admin"}'), hmac)),
    ).toBe('ERR_JWT_INVALID');
    const jws = signJSON('x', [{ protectedHeader: { alg: 'HS256' }, key: hmac }]);
    const text = JSON.stringify(jws);
    expect(codeOf(() => verifyJSON(`{"payload":"eQ",${text.slice(1)}`, hmac))).toBe(
      'ERR_JWS_INVALID',
    );
    const jwe = JSON.stringify(
      encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [{ key: cek }]),
    );
    expect(codeOf(() => decryptJSON(`{"iv":"AAAAAAAAAAAAAAAA",${jwe.slice(1)}`, cek))).toBe(
      'ERR_JWE_INVALID',
    );
    expect(
      codeOf(() =>
        importJWK(`{"kty":"oct","k":"${b64(randomBytes(32))}","k":"${b64(randomBytes(32))}"}`),
      ),
    ).toBe('ERR_JWK_INVALID');
  });
});
