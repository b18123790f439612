import { Buffer } from 'node:buffer';
import {
  createPrivateKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { exportJWK } from '../../src/jwk/export.js';
import { importKey } from '../../src/jwk/import-key.js';
import { JoseKey } from '../../src/jwk/key.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import type { JWK } from '../../src/jwk/types.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { createContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { PolicyError } from '../../src/policy/errors.js';
import { jwtValidate } from '../../src/policy/jwt-validate/index.js';
import { b64, codeOf, macToken } from './support.js';

// Attack class "embedded keys" (CVE-2018-0114 and kin): a token that brings its own key in
// `jwk`, `jku`, `x5u` or `x5c` must be verified with the caller's key, never with its own.
const server = generateKeyPairSync('rsa', { modulusLength: 2048 });
const serverJwk = { ...exportJWK(server.publicKey), kid: 'server-1', alg: 'RS256' } as JWK;
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerJwk = exportJWK(attacker.publicKey);
const fixture = (name: string): string =>
  readFileSync(new URL(`../jwk/fixtures/${name}`, import.meta.url), 'utf8');
// A self-signed certificate and its key: what an attacker can always make.
const attackerCertKey = createPrivateKey(fixture('rsa-key.pem'));
const attackerCert = new X509Certificate(fixture('rsa-cert.pem'));
const claims = { sub: 'admin' };

const fetchSpy = vi.fn(() => {
  throw new Error('no network access is expected');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a token carrying its own verification key', () => {
  const headers: Array<[string, Record<string, unknown>, typeof attacker.privateKey]> = [
    ['jwk (CVE-2018-0114)', { alg: 'RS256', jwk: attackerJwk }, attacker.privateKey],
    [
      "jwk with the server's kid",
      { alg: 'RS256', kid: 'server-1', jwk: { ...attackerJwk, kid: 'server-1' } },
      attacker.privateKey,
    ],
    [
      'x5c (self-signed)',
      { alg: 'RS256', x5c: [attackerCert.raw.toString('base64')] },
      attackerCertKey,
    ],
    ['jku', { alg: 'RS256', jku: 'https://attacker.example/jwks.json' }, attacker.privateKey],
    ['x5u', { alg: 'RS256', x5u: 'https://attacker.example/cert.pem' }, attacker.privateKey],
  ];

  for (const [name, header, signingKey] of headers) {
    it(`${name}: fails against the server's key, a key set, and the JSON serialization, and nothing is fetched`, () => {
      vi.stubGlobal('fetch', fetchSpy);
      const token = signJWT(claims, header, signingKey);
      expect(codeOf(() => verifyCompact(token, server.publicKey))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
      expect(codeOf(() => verifyJWT(token, server.publicKey, { algorithms: ['RS256'] }))).toBe(
        'ERR_JWS_SIGNATURE_INVALID',
      );
      const keySet = createLocalKeySet({ keys: [serverJwk] });
      expect(codeOf(() => verifyCompact(token, keySet))).toMatch(
        /^ERR_(JWS_SIGNATURE_INVALID|KEY_NOT_FOUND)$/,
      );
      const [p, , s] = token.split('.');
      expect(
        codeOf(() =>
          verifyJSON(
            {
              payload: token.split('.')[1] as string,
              protected: p as string,
              signature: s as string,
            },
            server.publicKey,
          ),
        ),
      ).toBe('ERR_JWS_SIGNATURE_INVALID');
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  }

  it('an HMAC token whose "jwk" header holds the secret it was MACed with fails against the server\'s secret', () => {
    const forged = randomBytes(32);
    const token = macToken(
      JSON.stringify({ alg: 'HS256', jwk: { kty: 'oct', k: b64(forged) } }),
      '{"sub":"admin"}',
      forged,
    );
    expect(codeOf(() => verifyCompact(token, createSecretKey(randomBytes(32))))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyCompact(token, server.publicKey))).toBe('ERR_KEY_UNSUITABLE');
  });

  it('a resolver is the only way a header can choose a key, and a resolver that finds none never falls back to the header', () => {
    const token = signJWT(claims, { alg: 'RS256', jwk: attackerJwk }, attacker.privateKey);
    let seen: unknown;
    expect(codeOf(() => verifyCompact(token, (h) => ((seen = h.jwk), server.publicKey)))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(seen).toEqual(attackerJwk);
    expect(codeOf(() => verifyCompact(token, () => undefined as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('the same holds for a JWE: its "jwk" header does not replace the recipient\'s key', () => {
    const kek = new JoseKey(createSecretKey(randomBytes(16)));
    const attackerKek = createSecretKey(randomBytes(16));
    const jwe = encryptCompact(
      'x',
      { alg: 'A128KW', enc: 'A128GCM', jwk: exportJWK(attackerKek, { private: true }) },
      attackerKek,
    );
    expect(codeOf(() => decryptCompact(jwe, kek))).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it('jwt-validate accepts a "jwk" header only when it is the configured key itself', () => {
    const pem = server.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const cryptoObjects = createCryptoObjects({
      partner: { type: 'crypto-certificate', value: pem },
    });
    const run = (token: string): string => {
      try {
        return String(
          jwtValidate(
            { 'jws-crypto': 'partner' },
            createContext({ 'message.headers.authorization': `Bearer ${token}` }),
            { cryptoObjects, logger: { error: () => {} } },
          )?.sub,
        );
      } catch (e) {
        if (e instanceof PolicyError) return e.detail;
        throw e;
      }
    };
    expect(run(signJWT(claims, { alg: 'RS256', jwk: attackerJwk }, attacker.privateKey))).toBe(
      'jws-crypto: the token\'s "jwk" header is not the configured key',
    );
    expect(
      run(signJWT(claims, { alg: 'RS256', jwk: exportJWK(server.publicKey) }, server.privateKey)),
    ).toBe('admin');
  });
});

describe('"kid" is an opaque string', () => {
  const keys = [
    serverJwk,
    {
      ...exportJWK(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey),
      kid: '../../etc/passwd',
      alg: 'RS256',
    } as JWK,
  ];
  const resolver = createLocalKeySet({ keys });
  const token = (kid: unknown): string =>
    signCompact('x', { alg: 'RS256', kid } as never, server.privateKey);

  it('path-traversal, SQL, NUL, prototype and look-alike kids simply match no key', () => {
    for (const kid of [
      "' OR '1'='1",
      'server-1\u0000',
      'server-1 ',
      'SERVER-1',
      'server\u20111',
      '%2e%2e%2fetc%2fpasswd',
      '..\\..\\etc\\passwd',
      'toString',
      '__proto__',
      'constructor',
      'k'.repeat(10_000),
      '',
    ]) {
      expect(
        codeOf(() => verifyCompact(token(kid), resolver)),
        JSON.stringify(kid.slice(0, 20)),
      ).toBe('ERR_KEY_NOT_FOUND');
    }
  });

  it('matches exactly, whatever it looks like: a path-looking kid finds only the key carrying that very kid', () => {
    expect(verifyCompact(token('server-1'), resolver).key.kid).toBe('server-1');
    // The key with kid "../../etc/passwd" is found, and the server's signature fails against it.
    expect(codeOf(() => verifyCompact(token('../../etc/passwd'), resolver))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });

  it('a kid that is not a string is a malformed header, not a lookup', () => {
    for (const kid of [1, ['server-1'], { $ne: null }, null, true]) {
      const t = macToken(JSON.stringify({ alg: 'RS256', kid }), 'x', randomBytes(32));
      expect(
        codeOf(() => verifyCompact(t, resolver)),
        JSON.stringify(kid),
      ).toBe('ERR_JWS_INVALID');
    }
  });

  it("a key bound to a kid is not itself checked against the token's kid: the caller's key is used as given", () => {
    const bound = importKey(server.publicKey, { kid: 'server-1' });
    expect(verifyCompact(token('another-kid'), bound).key).toBe(bound);
    expect(Buffer.from(verifyCompact(token('../../etc/passwd'), bound).payload).toString()).toBe(
      'x',
    );
  });
});
