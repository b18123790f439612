import { Buffer } from 'node:buffer';
import { createCipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { JoseKey } from '../../src/jwk/key.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { signJSON, verifyJSON } from '../../src/jws/json.js';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { decodeJWT } from '../../src/jwt/decode.js';
import { decryptJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { b64, codeOf, errorOf, text, unb64 } from './support.js';

// Attack class "structure": tokens that are not what they seem to a lenient parser. Each crafted
// token below carries a correct MAC or tag over exactly its own text, so only the structural
// check can refuse it, and a parser that accepted the variant would accept a forgery-free token
// that a stricter peer reads differently.
const secret = randomBytes(32);
const hmac = new JoseKey(createSecretKey(secret));
const cekBytes = randomBytes(16);
const cek = new JoseKey(createSecretKey(cekBytes));

/** A compact HS256 JWS over exactly these encoded parts, with a correct MAC. */
const macParts = (encodedHeader: string, encodedPayload: string): string => {
  const input = `${encodedHeader}.${encodedPayload}`;
  return `${input}.${createHmac('sha256', secret).update(input, 'latin1').digest('base64url')}`;
};
const mac = (headerText: string | Buffer, payload: string | Buffer = 'payload'): string => macParts(b64(headerText), b64(payload));

/** A compact `dir` A128GCM JWE over exactly this encoded header (the AAD), with a correct tag. */
function sealParts(encodedHeader: string, plaintext: string | Buffer = 'plaintext'): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-128-gcm', cekBytes, iv);
  c.setAAD(Buffer.from(encodedHeader, 'latin1'));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return [encodedHeader, '', b64(iv), b64(ciphertext), b64(c.getAuthTag())].join('.');
}
const seal = (headerText: string | Buffer, plaintext?: string | Buffer): string => sealParts(b64(headerText), plaintext);

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
    if (name !== 'a length of 4n+1' && !/\s/.test(v) && !Buffer.from(v, 'base64').equals(bytes)) throw new Error(`variant ${name} does not decode to the same bytes`);
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
      expect(codeOf(() => verifyCompact(t, hmac)), JSON.stringify(t.slice(-12))).toBe('ERR_JWS_INVALID');
    }
    const jwe = seal('{"alg":"dir","enc":"A128GCM"}');
    for (const t of [jws, `${jwe}.`, jwe.split('.').slice(0, 4).join('.'), `${jwe}.x`, '....', '......']) {
      expect(codeOf(() => decryptCompact(t, cek)), JSON.stringify(t.slice(-12))).toBe('ERR_JWE_INVALID');
    }
    for (const t of ['a.b', 'a.b.c.d', 'a.b.c.d.e.f', '']) expect(codeOf(() => decodeJWT(t))).toBe('ERR_JWT_INVALID');
  });

  it('an empty header, IV or tag is malformed; an empty GCM ciphertext (empty plaintext) is allowed', () => {
    expect(codeOf(() => verifyCompact(macParts('', b64('x')), hmac))).toBe('ERR_JWS_INVALID');
    const jwe = seal('{"alg":"dir","enc":"A128GCM"}');
    for (const index of [0, 2, 4]) {
      expect(codeOf(() => decryptCompact(jwe.split('.').map((p, i) => (i === index ? '' : p)).join('.'), cek)), `part ${index}`).toBe('ERR_JWE_INVALID');
    }
    const empty = encryptCompact('', { alg: 'dir', enc: 'A128GCM' }, cek);
    expect(empty.split('.')[3]).toBe('');
    expect(decryptCompact(empty, cek).plaintext.length).toBe(0);
  });
});

describe('non-canonical base64url is refused everywhere, even under a correct MAC or tag', () => {
  it('JWS compact: in the header, the payload and the signature', () => {
    expect(text(verifyCompact(macParts(b64(HEADER), b64(PAYLOAD)), hmac).payload)).toBe(PAYLOAD.toString());
    expect(Object.keys(variants(Buffer.from(HEADER)))).toContain('standard alphabet');
    expect(Object.keys(variants(PAYLOAD))).toContain('standard alphabet');
    for (const [name, v] of Object.entries(variants(Buffer.from(HEADER)))) {
      expect(codeOf(() => verifyCompact(macParts(v, b64(PAYLOAD)), hmac)), `header: ${name}`).toBe('ERR_JWS_INVALID');
    }
    for (const [name, v] of Object.entries(variants(PAYLOAD))) {
      expect(codeOf(() => verifyCompact(macParts(b64(HEADER), v), hmac)), `payload: ${name}`).toBe('ERR_JWS_INVALID');
    }
    const token = macParts(b64('{"alg":"HS256"}'), b64('x'));
    const signature = unb64(token.split('.')[2] as string);
    for (const [name, v] of Object.entries(variants(signature))) {
      expect(codeOf(() => verifyCompact(`${token.slice(0, token.lastIndexOf('.'))}.${v}`, hmac)), `signature: ${name}`).toBe('ERR_JWS_INVALID');
    }
  });

  it('JWS JSON: in "protected", "payload" and "signature"', () => {
    const protectedB64 = b64(HEADER);
    const sign = (p: string, payload: string) => ({ payload, protected: p, signature: createHmac('sha256', secret).update(`${p}.${payload}`).digest('base64url') });
    expect(verifyJSON(sign(protectedB64, b64(PAYLOAD)), hmac).signatureIndex).toBe(0);
    for (const [name, v] of Object.entries(variants(Buffer.from(HEADER)))) expect(codeOf(() => verifyJSON(sign(v, b64(PAYLOAD)), hmac)), name).toBe('ERR_JWS_INVALID');
    for (const [name, v] of Object.entries(variants(PAYLOAD))) expect(codeOf(() => verifyJSON(sign(protectedB64, v), hmac)), name).toBe('ERR_JWS_INVALID');
    const good = sign(protectedB64, b64(PAYLOAD));
    for (const [name, v] of Object.entries(variants(unb64(good.signature)))) expect(codeOf(() => verifyJSON({ ...good, signature: v }, hmac)), name).toBe('ERR_JWS_INVALID');
  });

  it('JWE compact: in the header (the AAD) and in the encrypted key, IV, ciphertext and tag', () => {
    expect(text(decryptCompact(sealParts(b64(JWE_HEADER)), cek).plaintext)).toBe('plaintext');
    for (const [name, v] of Object.entries(variants(Buffer.from(JWE_HEADER)))) {
      expect(codeOf(() => decryptCompact(sealParts(v), cek)), `header: ${name}`).toBe('ERR_JWE_INVALID');
    }
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptCompact('plaintext ~~~???>>>', { alg: 'A128KW', enc: 'A128CBC-HS256' }, kek);
    const parts = jwe.split('.');
    for (const index of [1, 2, 3, 4]) {
      const bytes = unb64(parts[index] as string);
      for (const [name, v] of Object.entries(variants(bytes))) {
        if (name === 'non-zero trailing bits' && bytes.length % 3 === 0) continue;
        expect(codeOf(() => decryptCompact(parts.map((p, i) => (i === index ? v : p)).join('.'), kek)), `part ${index}: ${name}`).toBe('ERR_JWE_INVALID');
      }
    }
  });

  it('JWE JSON: in "protected", "iv", "ciphertext", "tag", "aad" and "encrypted_key"', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const jwe = encryptJSON('plaintext ~~~???>>>', { protectedHeader: { enc: 'A128CBC-HS256', x: '~~~???>>>' }, aad: Buffer.from('aad ~~~???>>>!') }, [{ header: { alg: 'A128KW' }, key: kek }]);
    if (!('encrypted_key' in jwe) || jwe.encrypted_key === undefined) throw new Error('expected a flattened JWE');
    expect(text(decryptJSON(jwe, kek).plaintext)).toBe('plaintext ~~~???>>>');
    for (const member of ['protected', 'iv', 'ciphertext', 'tag', 'aad', 'encrypted_key'] as const) {
      const bytes = unb64(jwe[member] as string);
      for (const [name, v] of Object.entries(variants(bytes))) {
        if (name === 'non-zero trailing bits' && bytes.length % 3 === 0) continue;
        expect(codeOf(() => decryptJSON({ ...jwe, [member]: v }, kek)), `${member}: ${name}`).toBe('ERR_JWE_INVALID');
      }
    }
  });

  it('JWK members and JWE key management header members', () => {
    const k = Buffer.concat([Buffer.from('~~~???>>>'), randomBytes(23)]);
    expect(importJWK({ kty: 'oct', k: b64(k) }).bits).toBe(256);
    for (const [name, v] of Object.entries(variants(k))) expect(codeOf(() => importJWK({ kty: 'oct', k: v })), name).toBe('ERR_JWK_INVALID');
    const gcmkw = encryptCompact('x', { alg: 'A128GCMKW', enc: 'A128GCM' }, cek);
    const header = JSON.parse(unb64(gcmkw.split('.')[0] as string).toString()) as Record<string, string>;
    for (const member of ['iv', 'tag']) {
      for (const [name, v] of Object.entries(variants(unb64(header[member] as string)))) {
        const forged = [b64(JSON.stringify({ ...header, [member]: v })), ...gcmkw.split('.').slice(1)].join('.');
        expect(codeOf(() => decryptCompact(forged, cek)), `${member}: ${name}`).toBe('ERR_JWE_INVALID');
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
  const inString = (before: string, bytes: number[], after: string): Buffer => Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);

  for (const [name, bytes] of Object.entries(BAD)) {
    it(`${name}: refused in a JWS or JWE header, in JWT claims and in decodeJWT; a plain JWS payload is bytes and may hold it`, () => {
      const header = inString('{"alg":"HS256","x":"', bytes, '"}');
      expect(codeOf(() => verifyCompact(mac(header), hmac))).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => verifyJSON({ payload: b64('x'), protected: b64(header), signature: createHmac('sha256', secret).update(`${b64(header)}.${b64('x')}`).digest('base64url') }, hmac))).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => decodeJWT(`${b64(header)}.e30.`))).toBe('ERR_JWT_INVALID');
      const claims = inString('{"sub":"', bytes, '"}');
      expect(codeOf(() => verifyJWT(mac('{"alg":"HS256"}', claims), hmac))).toBe('ERR_JWT_INVALID');
      expect(Buffer.from(verifyCompact(mac('{"alg":"HS256"}', claims), hmac).payload).equals(claims)).toBe(true);
      expect(codeOf(() => decryptCompact(seal(inString('{"alg":"dir","enc":"A128GCM","x":"', bytes, '"}')), cek))).toBe('ERR_JWE_INVALID');
      expect(codeOf(() => decryptJWT(seal('{"alg":"dir","enc":"A128GCM"}', claims), cek))).toBe('ERR_JWT_INVALID');
    });
  }

  it('a byte order mark before the header is not JSON whitespace', () => {
    expect(codeOf(() => verifyCompact(mac('\ufeff{"alg":"HS256"}'), hmac))).toBe('ERR_JWS_INVALID');
  });
});

describe('headers that are not one JSON object', () => {
  it('arrays, scalars, empty text and trailing data are refused, for JWS, JWE and decodeJWT', () => {
    for (const h of ['[]', '[{"alg":"HS256"}]', 'null', '"HS256"', '1', 'true', '', ' ', '{"alg":"HS256"} x', '{"alg":"HS256"}{}', '{"alg":"HS256"}\u0000', "{'alg':'HS256'}", '{"alg":"HS256",}', '{alg:"HS256"}']) {
      expect(codeOf(() => verifyCompact(mac(h), hmac)), JSON.stringify(h)).toBe('ERR_JWS_INVALID');
      expect(codeOf(() => decryptCompact(seal(h.replace('"HS256"', '"dir","enc":"A128GCM"')), cek)), JSON.stringify(h)).toBe('ERR_JWE_INVALID');
      expect(codeOf(() => decodeJWT(`${b64(h)}.e30.`)), JSON.stringify(h)).toBe('ERR_JWT_INVALID');
    }
  });

  it('a claim set that is not an object is refused by verifyJWT', () => {
    for (const c of ['[]', 'null', '"sub"', '1', ' ', '{"sub":"a"} trailing']) expect(codeOf(() => verifyJWT(mac('{"alg":"HS256"}', c), hmac)), c).toBe('ERR_JWT_INVALID');
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
    for (const h of duplicates) expect(codeOf(() => verifyCompact(mac(h), hmac)), h).toBe('ERR_JWS_INVALID');
  });

  it('in a JWE header, in JWT claims, in JSON serializations and in JWK text', () => {
    for (const h of duplicates) expect(codeOf(() => decryptCompact(seal(h.replace('"alg":"HS256"', '"alg":"dir","enc":"A128GCM"')), cek)), h).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => verifyJWT(mac('{"alg":"HS256"}', '{"exp":9999999999,"exp":1}'), hmac))).toBe('ERR_JWT_INVALID');
    expect(codeOf(() => verifyJWT(mac('{"alg":"HS256"}', '{"sub":"alice","s\\u0075b":"admin"}'), hmac))).toBe('ERR_JWT_INVALID');
    const jws = signJSON('x', [{ protectedHeader: { alg: 'HS256' }, key: hmac }]);
    const text = JSON.stringify(jws);
    expect(codeOf(() => verifyJSON(`{"payload":"eQ",${text.slice(1)}`, hmac))).toBe('ERR_JWS_INVALID');
    const jwe = JSON.stringify(encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [{ key: cek }]));
    expect(codeOf(() => decryptJSON(`{"iv":"AAAAAAAAAAAAAAAA",${jwe.slice(1)}`, cek))).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => importJWK(`{"kty":"oct","k":"${b64(randomBytes(32))}","k":"${b64(randomBytes(32))}"}`))).toBe('ERR_JWK_INVALID');
  });
});

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
      expect(codeOf(() => verifyCompact(mac(header), hmac, { crit: understood }))).toBe('ERR_JWS_INVALID');
      const jweHeader = header.replace('"alg":"HS256"', '"alg":"dir","enc":"A128GCM"').replace(',"enc":"A128GCM"}', '}');
      if (jweHeader.includes('"crit":["enc"]')) return;
      expect(codeOf(() => decryptCompact(seal(jweHeader), cek, { crit: understood })), jweHeader).toBe('ERR_JWE_INVALID');
    });
  }

  it('accepted only when every listed extension is present, protected and understood', () => {
    expect(verifyCompact(mac('{"alg":"HS256","crit":["exp"],"exp":1}'), hmac, { crit: ['exp'] }).protectedHeader.exp).toBe(1);
    expect(text(decryptCompact(seal('{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}'), cek, { crit: ['exp'] }).plaintext)).toBe('plaintext');
  });

  it('JWE key management parameters are registered too: crit may not name epk, p2c, iv or tag', () => {
    for (const member of ['epk', 'apu', 'p2s', 'p2c', 'iv', 'tag']) {
      const header = JSON.stringify({ alg: 'dir', enc: 'A128GCM', crit: [member], [member]: member === 'p2c' ? 1000 : member === 'epk' ? {} : 'AAAAAAAAAAAAAAAAAAAAAA' });
      expect(codeOf(() => decryptCompact(seal(header), cek, { crit: [member] })), member).toBe('ERR_JWE_INVALID');
    }
  });

  it('in the JSON serializations "crit" must be protected and name protected parameters', () => {
    const sig = (p: string) => createHmac('sha256', secret).update(`${p}.eA`).digest('base64url');
    const prot = b64('{"alg":"HS256","crit":["exp"]}');
    expect(codeOf(() => verifyJSON({ payload: 'eA', protected: prot, header: { exp: 1 }, signature: sig(prot) }, hmac, { crit: ['exp'] }))).toBe('ERR_JWS_INVALID');
    const p2 = b64('{"alg":"HS256"}');
    expect(codeOf(() => verifyJSON({ payload: 'eA', protected: p2, header: { crit: ['exp'], exp: 1 }, signature: sig(p2) }, hmac, { crit: ['exp'] }))).toBe('ERR_JWS_INVALID');
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [{ key: cek }]);
    expect(codeOf(() => decryptJSON({ ...jwe, unprotected: { crit: ['exp'], exp: 1 } }, cek, { crit: ['exp'] }))).toBe('ERR_JWE_INVALID');
  });
});

describe('"b64" and "zip"', () => {
  it('"b64" without "crit" naming it is refused (RFC 7797 s6), and never verifies as an ordinary JWS', () => {
    for (const header of ['{"alg":"HS256","b64":false}', '{"alg":"HS256","b64":true}']) {
      expect(codeOf(() => verifyCompact(mac(header, 'payload'), hmac)), header).toMatch(/^ERR_(JWS_INVALID|NOT_SUPPORTED)$/);
      expect(codeOf(() => verifyCompact(mac(header, 'payload'), hmac, { crit: ['b64'] })), header).toMatch(/^ERR_(JWS_INVALID|NOT_SUPPORTED)$/);
    }
  });

  it('"zip" must be "DEF" and protected; an authentic plaintext that is not DEFLATE data is malformed', () => {
    expect(codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"GZIP"}'), cek))).toBe('ERR_NOT_SUPPORTED');
    expect(codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"def"}'), cek))).toBe('ERR_NOT_SUPPORTED');
    expect(codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":1}'), cek))).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decryptCompact(seal('{"alg":"dir","enc":"A128GCM","zip":"DEF"}', 'not deflate'), cek))).toBe('ERR_JWE_INVALID');
    const jwe = encryptJSON('x', { protectedHeader: { alg: 'dir', enc: 'A128GCM' } }, [{ key: cek }]);
    expect(codeOf(() => decryptJSON({ ...jwe, unprotected: { zip: 'DEF' } }, cek))).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decryptJSON({ ...jwe, header: { zip: 'DEF' } }, cek))).toBe('ERR_JWE_INVALID');
  });
});

describe('JSON serializations: overlapping headers, mixed forms, no signatures or recipients', () => {
  const general = signJSON('x', [{ protectedHeader: { alg: 'HS256', kid: 'a' }, key: hmac }, { protectedHeader: { alg: 'HS256' }, key: hmac }]);
  const flat = signJSON('x', [{ protectedHeader: { alg: 'HS256', kid: 'a' }, key: hmac }]);

  it('JWS: a member both protected and unprotected, both forms at once, or no signature at all is malformed', () => {
    if (!('signatures' in general) || !('signature' in flat)) throw new Error('unexpected JWS forms');
    expect(codeOf(() => verifyJSON({ ...flat, header: { kid: 'a' } }, hmac))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON({ ...flat, header: { kid: 'b' } }, hmac))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON({ ...general, signature: flat.signature } as never, hmac))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON({ ...general, protected: flat.protected } as never, hmac))).toBe('ERR_JWS_INVALID');
    for (const signatures of [[], {}, [null], ['x'], [{}]]) expect(codeOf(() => verifyJSON({ payload: general.payload, signatures } as never, hmac)), JSON.stringify(signatures)).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJSON({ payload: flat.payload, protected: flat.protected } as never, hmac))).toBe('ERR_JWS_INVALID');
    for (const payload of [1, null, {}, 'not base64url!']) expect(codeOf(() => verifyJSON({ ...flat, payload } as never, hmac))).toBe('ERR_JWS_INVALID');
  });

  it('JWE: a member in two of the protected, shared and per-recipient headers, enc per recipient, mixed forms or no recipient is malformed', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const g = encryptJSON('x', { protectedHeader: { enc: 'A128GCM', kid: 'k' }, unprotectedHeader: { typ: 'x' } }, [{ header: { alg: 'A128KW' }, key: kek }, { header: { alg: 'A128KW' }, key: kek }]);
    if (!('recipients' in g)) throw new Error('expected a general JWE');
    const r = g.recipients;
    expect(text(decryptJSON(g, kek).plaintext)).toBe('x');
    const bad: Record<string, unknown> = {
      'protected and shared': { ...g, unprotected: { typ: 'x', kid: 'k' } },
      'protected and recipient': { ...g, recipients: [{ ...r[0], header: { alg: 'A128KW', kid: 'k' } }] },
      'shared and recipient': { ...g, recipients: [{ ...r[0], header: { alg: 'A128KW', typ: 'y' } }] },
      'enc per recipient': { ...g, protected: b64('{"kid":"k"}'), recipients: [{ ...r[0], header: { alg: 'A128KW', enc: 'A128GCM' } }] },
      'top-level header with recipients': { ...g, header: { alg: 'A128KW' } },
      'top-level encrypted_key with recipients': { ...g, encrypted_key: r[0]?.encrypted_key },
      'no recipients': { ...g, recipients: [] },
      'recipients not a list': { ...g, recipients: {} },
      'a recipient that is not an object': { ...g, recipients: ['x'] },
    };
    for (const [name, jwe] of Object.entries(bad)) expect(codeOf(() => decryptJSON(jwe as never, kek)), name).toBe('ERR_JWE_INVALID');
    expect(errorOf(() => decryptJSON('[]', kek)).code).toBe('ERR_JWE_INVALID');
  });

  it('JWS: the same header parameter in protected and unprotected header is refused even with a valid signature', () => {
    const jws = signCompact('x', { alg: 'HS256' }, hmac).split('.');
    expect(codeOf(() => verifyJSON({ payload: jws[1] as string, protected: jws[0] as string, header: { alg: 'HS256' }, signature: jws[2] as string }, hmac))).toBe('ERR_JWS_INVALID');
  });
});
