import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { POLICY_JWE_ALGS, POLICY_JWE_ENCS, POLICY_JWS_ALGS } from '../../src/policy/algorithms.js';
import { createContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { jwtGenerate } from '../../src/policy/jwt-generate/index.js';
import { decodePart, rsa } from './helpers.js';

const pem = (k: { export(o: object): string | Buffer }, type: string) =>
  k.export({ format: 'pem', type }) as string;
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const objects = createCryptoObjects({
  HS256: { type: 'shared-secret-key', value: randomBytes(32) },
  HS384: { type: 'shared-secret-key', value: randomBytes(48) },
  HS512: { type: 'shared-secret-key', value: randomBytes(64) },
  RSA: { type: 'crypto-key', value: pem(rsa.privateKey, 'pkcs8') },
  ES256: { type: 'crypto-key', value: pem(p256.privateKey, 'pkcs8') },
  ES384: { type: 'crypto-key', value: pem(p384.privateKey, 'pkcs8') },
  ES512: { type: 'crypto-key', value: pem(p521.privateKey, 'pkcs8') },
  cert: { type: 'crypto-certificate', value: pem(rsa.publicKey, 'spki') },
  A128KW: { type: 'shared-secret-key', value: randomBytes(16) },
  A192KW: { type: 'shared-secret-key', value: randomBytes(24) },
  A256KW: { type: 'shared-secret-key', value: randomBytes(32) },
  'dir-A128CBC-HS256': { type: 'shared-secret-key', value: randomBytes(32) },
  'dir-A192CBC-HS384': { type: 'shared-secret-key', value: randomBytes(48) },
  'dir-A256CBC-HS512': { type: 'shared-secret-key', value: randomBytes(64) },
});
const signer = (alg: string) => (alg.startsWith('HS') || alg.startsWith('ES') ? alg : 'RSA');
const vars = { 'iss.claim': 'gw' };

describe("jwt-generate accepts exactly the seed's algorithm values, and each one works", () => {
  it("the lists are the seed's", () => {
    expect([...POLICY_JWS_ALGS].sort()).toEqual([
      'ES256',
      'ES384',
      'ES512',
      'HS256',
      'HS384',
      'HS512',
      'PS256',
      'PS384',
      'PS512',
      'RS256',
      'RS384',
      'RS512',
    ]);
    expect([...POLICY_JWE_ALGS].sort()).toEqual([
      'A128KW',
      'A192KW',
      'A256KW',
      'RSA-OAEP-256',
      'RSA1_5',
      'dir',
    ]);
    expect([...POLICY_JWE_ENCS].sort()).toEqual([
      'A128CBC-HS256',
      'A192CBC-HS384',
      'A256CBC-HS512',
    ]);
  });

  for (const alg of POLICY_JWS_ALGS) {
    it(`jws-alg ${alg} signs a token that verifies`, () => {
      const token = jwtGenerate(
        { 'jws-alg': alg, 'jws-crypto': signer(alg) },
        createContext(vars),
        { cryptoObjects: objects },
      ) as string;
      expect(decodePart(token, 0)).toEqual({ alg, typ: 'JWT' });
      const key = objects.get(signer(alg))!.key;
      expect(
        verifyJWT(token, key.type === 'secret' ? key : key.toPublic(), { algorithms: [alg] }).claims
          .iss,
      ).toBe('gw');
    });
  }

  for (const alg of POLICY_JWE_ALGS) {
    for (const enc of POLICY_JWE_ENCS) {
      it(`jwe-alg ${alg} with jwe-enc ${enc}: nested inside, decrypts and verifies`, () => {
        const jweObject = alg === 'dir' ? `dir-${enc}` : alg.startsWith('RSA') ? 'cert' : alg;
        const policy = {
          'jws-alg': 'HS256',
          'jws-crypto': 'HS256',
          'jwe-alg': alg,
          'jwe-enc': enc,
          'jwe-crypto': jweObject,
        } as const;
        const token = jwtGenerate(policy, createContext(vars), {
          cryptoObjects: objects,
        }) as string;
        expect(decodePart(token, 0)).toEqual({ alg, enc, typ: 'JWT', cty: 'JWT' });
        const decryptionKey = alg.startsWith('RSA')
          ? objects.get('RSA')!.key
          : objects.get(jweObject)!.key;
        const { claims } = decryptJWT(token, decryptionKey, {
          keyManagementAlgorithms: [alg],
          contentEncryptionAlgorithms: [enc],
          verificationKey: objects.get('HS256')!.key,
          algorithms: ['HS256'],
        });
        expect(claims.iss).toBe('gw');
      });
    }
  }
});
