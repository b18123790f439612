import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importJWK } from '../../src/jwk/import-jwk.js';
import { importKey } from '../../src/jwk/import-key.js';
import { JoseKey } from '../../src/jwk/key.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { decryptJWT, signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { PolicyError } from '../../src/policy/errors.js';
import { jwtValidate } from '../../src/policy/jwt-validate/index.js';
import { b64, codeOf, errorOf, macToken } from './support.js';

// Attack class "algorithm": the token picks its algorithm, so every path must refuse an
// algorithm the caller did not allow, `none`, and any algorithm that does not fit the key.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const hmacSecret = randomBytes(32);
const hmac = new JoseKey(createSecretKey(hmacSecret));
const claims = { sub: 'alice' };

/** Every upper/lower-case spelling of a word. */
function spellings(word: string): string[] {
  const out: string[] = [];
  for (let mask = 0; mask < 1 << word.length; mask++) {
    out.push([...word].map((c, i) => ((mask >> i) & 1 ? c.toUpperCase() : c)).join(''));
  }
  return out;
}

describe('alg "none" (unsecured JWS, RFC 7518 s3.6) in any case spelling', () => {
  const payload = b64(JSON.stringify(claims));

  it('is refused by verifyCompact with ERR_ALG_NOT_ALLOWED, with or without an allow-list naming it', () => {
    for (const alg of [...spellings('none'), 'none\u0000', ' none', 'none ']) {
      const header = b64(JSON.stringify({ alg }));
      for (const signature of ['', 'AA', b64(randomBytes(32))]) {
        const token = `${header}.${payload}.${signature}`;
        for (const key of [hmac, rsa.publicKey, ec.publicKey]) {
          expect(codeOf(() => verifyCompact(token, key))).toBe('ERR_ALG_NOT_ALLOWED');
          expect(
            codeOf(() =>
              verifyCompact(token, key, { algorithms: [alg as never, 'none' as never, 'HS256'] }),
            ),
          ).toBe('ERR_ALG_NOT_ALLOWED');
        }
        expect(codeOf(() => verifyJWT(token, hmac))).toBe('ERR_ALG_NOT_ALLOWED');
      }
    }
  });

  it('is refused by verifyJSON, in the protected or the unprotected header, and never produced', () => {
    for (const alg of spellings('none')) {
      expect(
        codeOf(() =>
          verifyJSON({ payload, protected: b64(JSON.stringify({ alg })), signature: '' }, hmac),
        ),
      ).toBe('ERR_ALG_NOT_ALLOWED');
      expect(
        codeOf(() =>
          verifyJSON({ payload, header: { alg }, signature: '' }, hmac, {
            algorithms: [alg as never],
          }),
        ),
      ).toBe('ERR_ALG_NOT_ALLOWED');
      expect(codeOf(() => signCompact('x', { alg }, hmac))).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  it('finds no key in a key set', () => {
    const resolver = createLocalKeySet(
      { keys: [exportJWK(hmac, { private: true }), exportJWK(rsa.publicKey)] },
      { allowMixed: true },
    );
    expect(codeOf(() => verifyCompact(`${b64('{"alg":"none"}')}.${payload}.`, resolver))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(codeOf(() => resolver({ alg: 'none' }))).toBe('ERR_KEY_NOT_FOUND');
  });
});

describe('an alg outside the allow-list', () => {
  it('is refused even when the key fits it, and the allow-list is compared exactly (case and spelling)', () => {
    const token = signCompact('x', { alg: 'RS256' }, rsa.privateKey);
    expect(
      codeOf(() => verifyCompact(token, rsa.publicKey, { algorithms: ['ES256', 'PS256'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(codeOf(() => verifyCompact(token, rsa.publicKey, { algorithms: [] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(
      codeOf(() =>
        verifyCompact(token, rsa.publicKey, { algorithms: ['rs256', 'RS256 '] as never }),
      ),
    ).toBe('ERR_ALG_NOT_ALLOWED');
    expect(verifyCompact(token, rsa.publicKey, { algorithms: ['RS256'] }).protectedHeader.alg).toBe(
      'RS256',
    );
  });

  it('is refused for JWE key management and content encryption alike', () => {
    const kek = new JoseKey(createSecretKey(Buffer.alloc(16, 1)));
    const jwe = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, kek);
    expect(codeOf(() => decryptCompact(jwe, kek, { keyManagementAlgorithms: ['A256KW'] }))).toBe(
      'ERR_ALG_NOT_ALLOWED',
    );
    expect(
      codeOf(() => decryptCompact(jwe, kek, { contentEncryptionAlgorithms: ['A256GCM'] })),
    ).toBe('ERR_ALG_NOT_ALLOWED');
  });

  it('a key bound to RS256 refuses an RS512 or PS256 token without any allow-list', () => {
    const bound = importKey(rsa.publicKey, { alg: 'RS256' });
    const privateBound = importKey(rsa.privateKey, { alg: 'RS256' });
    expect(
      verifyCompact(signCompact('x', { alg: 'RS256' }, privateBound), bound).payload,
    ).toBeDefined();
    for (const alg of ['RS512', 'PS256']) {
      expect(codeOf(() => verifyCompact(signCompact('x', { alg }, rsa.privateKey), bound))).toBe(
        'ERR_KEY_UNSUITABLE',
      );
    }
  });
});

describe('HS256 keyed with a public key: key confusion (CVE-2016-5431, CVE-2023-48223 family)', () => {
  // The attacker knows the server's public key in every form and MACs a token with each.
  const forms = (pub: KeyObject): Record<string, Buffer> => ({
    'SPKI PEM': Buffer.from(pub.export({ format: 'pem', type: 'spki' }) as string),
    'SPKI DER': pub.export({ format: 'der', type: 'spki' }),
    'JWK JSON text': Buffer.from(JSON.stringify(pub.export({ format: 'jwk' }))),
    ...(pub.asymmetricKeyType === 'rsa'
      ? { 'PKCS#1 PEM': Buffer.from(pub.export({ format: 'pem', type: 'pkcs1' }) as string) }
      : {}),
  });

  for (const [name, pair] of [
    ['RSA', rsa],
    ['EC P-256', ec],
  ] as const) {
    it(`a token MACed with the ${name} public key as secret never verifies, whatever form of the key the verifier passes`, () => {
      const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const jwk = pair.publicKey.export({ format: 'jwk' });
      for (const [form, secret] of Object.entries(forms(pair.publicKey))) {
        const token = macToken('{"alg":"HS256"}', JSON.stringify(claims), secret);
        for (const options of [
          undefined,
          { algorithms: ['HS256'] },
          { algorithms: ['HS256', 'RS256', 'ES256'] },
        ] as const) {
          expect(
            codeOf(() => verifyCompact(token, pair.publicKey, options)),
            form,
          ).toBe('ERR_KEY_UNSUITABLE');
          expect(
            codeOf(() => verifyCompact(token, importKey(pem), options)),
            form,
          ).toBe('ERR_KEY_UNSUITABLE');
          expect(
            codeOf(() => verifyCompact(token, jwk as never, options)),
            form,
          ).toBe('ERR_KEY_UNSUITABLE');
          // Text and bytes are not keys: the verifier cannot be talked into HMACing with them.
          expect(
            codeOf(() => verifyCompact(token, pem as never, options)),
            form,
          ).toBe('ERR_INVALID_ARGUMENT');
          expect(
            codeOf(() => verifyCompact(token, JSON.stringify(jwk) as never, options)),
            form,
          ).toBe('ERR_INVALID_ARGUMENT');
          expect(
            errorOf(() => verifyCompact(token, Buffer.from(pem) as never, options)).code,
            form,
          ).toMatch(/^ERR_(JWK|KEY)_INVALID$/);
          expect(
            codeOf(() => verifyJWT(token, pair.publicKey, options)),
            form,
          ).toBe('ERR_KEY_UNSUITABLE');
          expect(
            codeOf(() =>
              verifyCompact(token, createLocalKeySet({ keys: [jwk as never] }), options),
            ),
            form,
          ).toBe('ERR_KEY_NOT_FOUND');
        }
      }
    });
  }

  it('importKey never turns PEM or JWK text given as bytes into a secret, whatever the encoding (BOM and UTF-16 fixed)', () => {
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const jwkText = JSON.stringify(rsa.publicKey.export({ format: 'jwk' }));
    const bom = Buffer.of(0xef, 0xbb, 0xbf);
    const variants: Record<string, Buffer> = {
      PEM: Buffer.from(pem),
      'PEM with CRLF': Buffer.from(pem.replace(/\n/g, '\r\n')),
      'PEM after whitespace': Buffer.from(`\n\t  ${pem}`),
      'PEM with a UTF-8 BOM': Buffer.concat([bom, Buffer.from(pem)]),
      'PEM as UTF-16LE': Buffer.from(`\ufeff${pem}`, 'utf16le'),
      'PEM as UTF-16BE': Buffer.from(`\ufeff${pem}`, 'utf16le').swap16(),
      JWK: Buffer.from(jwkText),
      'JWK pretty-printed': Buffer.from(JSON.stringify(JSON.parse(jwkText), null, 2)),
      'JWK after whitespace': Buffer.from(` \r\n${jwkText}`),
      'JWK with a UTF-8 BOM': Buffer.concat([bom, Buffer.from(jwkText)]),
      'JWK as UTF-16LE with BOM': Buffer.from(`\ufeff${jwkText}`, 'utf16le'),
      'JWK as UTF-16LE': Buffer.from(jwkText, 'utf16le'),
      'JWK as UTF-16BE with BOM': Buffer.from(`\ufeff${jwkText}`, 'utf16le').swap16(),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      expect(
        codeOf(() => importKey(bytes)),
        name,
      ).toBe('ERR_KEY_INVALID');
      expect(
        codeOf(() => importKey(bytes, { alg: 'HS256' })),
        name,
      ).toBe('ERR_KEY_INVALID');
    }
    // A real secret still imports, including one that happens to start with "{" or a BOM.
    expect(importKey(Buffer.concat([bom, randomBytes(32)])).type).toBe('secret');
    expect(importKey(Buffer.from('{ "not": "a key" } plus random text of a secret')).type).toBe(
      'secret',
    );
  });

  it('the reverse also fails: an RS256 or ES256 token against an HMAC secret', () => {
    expect(
      codeOf(() => verifyCompact(signCompact('x', { alg: 'RS256' }, rsa.privateKey), hmac)),
    ).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() => verifyCompact(signCompact('x', { alg: 'ES256' }, ec.privateKey), hmac)),
    ).toBe('ERR_KEY_UNSUITABLE');
  });

  it("jwt-validate with a crypto certificate refuses an HS256 token MACed with the certificate's PEM", () => {
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const cryptoObjects = createCryptoObjects({
      partner: { type: 'crypto-certificate', value: pem },
    });
    const token = macToken('{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims), Buffer.from(pem));
    const ctx = createContext({ 'message.headers.authorization': `Bearer ${token}` });
    let error: unknown;
    try {
      jwtValidate({ 'jws-crypto': 'partner' }, ctx, { cryptoObjects, logger: { error: () => {} } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).detail).toMatch(/^ERR_KEY_UNSUITABLE/);
    expect(ctx.get('decoded.claims')).toBeUndefined();
  });
});

describe('JWS algorithms on a JWE and JWE algorithms on a JWS', () => {
  const kek = new JoseKey(createSecretKey(Buffer.alloc(32, 2)));
  const jwe = encryptCompact(JSON.stringify(claims), { alg: 'A256KW', enc: 'A256GCM' }, kek);

  it('a JWE given to the JWS functions is malformed, and verifyJWT says it is a JWE', () => {
    expect(codeOf(() => verifyCompact(jwe, kek))).toBe('ERR_JWS_INVALID');
    expect(codeOf(() => verifyJWT(jwe, kek))).toBe('ERR_JWT_INVALID');
    expect(codeOf(() => verifyJSON(jwe, kek))).toBe('ERR_JWS_INVALID');
  });

  it('a JWS given to the JWE functions is malformed', () => {
    const jws = signJWT(claims, { alg: 'HS256' }, hmac);
    expect(codeOf(() => decryptCompact(jws, hmac))).toBe('ERR_JWE_INVALID');
    expect(codeOf(() => decryptJWT(jws, hmac))).toBe('ERR_JWE_INVALID');
  });

  it('a JWS header naming a key management or content encryption algorithm is refused', () => {
    for (const alg of ['dir', 'A256KW', 'RSA-OAEP', 'ECDH-ES', 'A256GCM', 'PBES2-HS256+A128KW']) {
      const token = macToken(JSON.stringify({ alg }), '{}', hmacSecret);
      expect(
        codeOf(() => verifyCompact(token, hmac)),
        alg,
      ).toBe('ERR_ALG_NOT_ALLOWED');
      expect(
        codeOf(() => verifyCompact(token, hmac, { algorithms: [alg as never] })),
        alg,
      ).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  it('a JWE header naming a JWS algorithm as alg or enc is refused before any key is used', () => {
    const parts = jwe.split('.');
    const withHeader = (header: object): string =>
      [b64(JSON.stringify(header)), ...parts.slice(1)].join('.');
    for (const header of [
      { alg: 'HS256', enc: 'A256GCM' },
      { alg: 'A256KW', enc: 'HS256' },
      { alg: 'A256GCM', enc: 'A256GCM' },
      { alg: 'none', enc: 'A256GCM' },
    ]) {
      let resolved = false;
      const resolver = (): JoseKey => ((resolved = true), kek);
      expect(
        codeOf(() => decryptCompact(withHeader(header), resolver)),
        JSON.stringify(header),
      ).toBe('ERR_NOT_SUPPORTED');
      expect(resolved).toBe(false);
    }
  });

  it('a key bound to a JWS algorithm is refused for JWE, and one bound to a JWE algorithm for JWS', () => {
    const k = Buffer.alloc(32, 9).toString('base64url');
    const jwsKey = importJWK({ kty: 'oct', k, alg: 'HS256' });
    const jweKey = importJWK({ kty: 'oct', k, alg: 'A256GCM' });
    const direct = encryptCompact('x', { alg: 'dir', enc: 'A256GCM' }, jweKey);
    expect(codeOf(() => decryptCompact(direct, jwsKey))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => verifyCompact(signCompact('x', { alg: 'HS256' }, jwsKey), jweKey))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    const sig = importJWK({ kty: 'oct', k, use: 'sig' });
    const enc = importJWK({ kty: 'oct', k, use: 'enc' });
    expect(codeOf(() => decryptCompact(direct, sig))).toBe('ERR_KEY_UNSUITABLE');
    expect(codeOf(() => verifyCompact(signCompact('x', { alg: 'HS256' }, sig), enc))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
  });
});

describe("alg or enc that does not fit the key's length or curve", () => {
  const secret = (n: number): JoseKey => new JoseKey(createSecretKey(randomBytes(n)));

  it('JWE: A*KW needs a KEK of exactly its size, dir a key of exactly the CEK size of enc', () => {
    for (const [alg, enc, bytes] of [
      ['A128KW', 'A128GCM', 24],
      ['A256KW', 'A128GCM', 16],
      ['dir', 'A128GCM', 32],
      ['dir', 'A256CBC-HS512', 32],
      ['dir', 'A128CBC-HS256', 16],
    ] as const) {
      expect(
        codeOf(() => encryptCompact('x', { alg, enc }, secret(bytes))),
        `${alg}/${enc}/${bytes}`,
      ).toBe('ERR_KEY_UNSUITABLE');
    }
    const right = secret(16);
    const token = encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, right);
    expect(codeOf(() => decryptCompact(token, secret(32)))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('JWS: HS* needs a secret at least the hash size; ES* the curve of the algorithm', () => {
    const short = secret(63);
    expect(
      codeOf(() =>
        verifyCompact(macToken('{"alg":"HS512"}', '{}', randomBytes(63), 'sha512'), short),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const es384 = signCompact('x', { alg: 'ES384' }, p384.privateKey);
    expect(codeOf(() => verifyCompact(es384, ec.publicKey))).toBe('ERR_KEY_UNSUITABLE');
    expect(
      codeOf(() =>
        verifyCompact(signCompact('x', { alg: 'ES256' }, ec.privateKey), p384.publicKey),
      ),
    ).toBe('ERR_KEY_UNSUITABLE');
    const relabelled = `${b64('{"alg":"ES512"}')}.${es384.split('.').slice(1).join('.')}`;
    expect(codeOf(() => verifyCompact(relabelled, p384.publicKey))).toBe('ERR_KEY_UNSUITABLE');
  });
});
