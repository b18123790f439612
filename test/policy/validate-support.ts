import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { exportJWK } from '../../src/jwk/export.js';
import { importKey } from '../../src/jwk/import-key.js';
import type { JWK } from '../../src/jwk/types.js';
import { POLICY_JWE_ALGS, POLICY_JWE_ENCS, POLICY_JWS_ALGS } from '../../src/policy/algorithms.js';
import {
  type CryptoObjectDefinition,
  createCryptoObjects,
} from '../../src/policy/crypto-objects.js';

const pem = (k: KeyObject, type: 'pkcs8' | 'spki'): string =>
  k.export({ format: 'pem', type }) as string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecs = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
};
const secrets: Record<string, Buffer> = {
  hs256: randomBytes(32),
  hs384: randomBytes(48),
  hs512: randomBytes(64),
  kw16: randomBytes(16),
  kw24: randomBytes(24),
  kw32: randomBytes(32),
  dir32: randomBytes(32),
  dir48: randomBytes(48),
  dir64: randomBytes(64),
  tiny: randomBytes(8),
};

const defs: Record<string, CryptoObjectDefinition> = {
  rsaKey: { type: 'crypto-key', value: pem(rsa.privateKey, 'pkcs8') },
  rsaCert: { type: 'crypto-certificate', value: pem(rsa.publicKey, 'spki') },
};
for (const [alg, pair] of Object.entries(ecs)) {
  defs[`${alg}Key`] = { type: 'crypto-key', value: pem(pair.privateKey, 'pkcs8') };
  defs[`${alg}Cert`] = { type: 'crypto-certificate', value: pem(pair.publicKey, 'spki') };
}
for (const [name, bytes] of Object.entries(secrets))
  defs[name] = { type: 'shared-secret-key', value: bytes };

/** Crypto objects for every algorithm jwt-generate accepts, plus an 8-byte secret that fits none. */
export const cryptoObjects = createCryptoObjects(defs);

/** The crypto objects a generate policy and the matching validate policy use for a JWS alg. */
export function signingObjects(alg: string): { generate: string; validate: string } {
  if (alg.startsWith('HS')) return { generate: `hs${alg.slice(2)}`, validate: `hs${alg.slice(2)}` };
  if (alg.startsWith('ES')) return { generate: `${alg}Key`, validate: `${alg}Cert` };
  return { generate: 'rsaKey', validate: 'rsaCert' };
}

const DIR_KEYS: Record<string, string> = {
  'A128CBC-HS256': 'dir32',
  'A192CBC-HS384': 'dir48',
  'A256CBC-HS512': 'dir64',
};
const KW_KEYS: Record<string, string> = { A128KW: 'kw16', A192KW: 'kw24', A256KW: 'kw32' };

/** The crypto objects a generate policy and the matching validate policy use for a JWE alg/enc. */
export function encryptionObjects(
  alg: string,
  enc: string,
): { generate: string; validate: string } {
  if (alg.startsWith('RSA')) return { generate: 'rsaCert', validate: 'rsaKey' };
  const name = alg === 'dir' ? DIR_KEYS[enc] : KW_KEYS[alg];
  if (name === undefined) throw new Error(`no key for ${alg} with ${enc}`);
  return { generate: name, validate: name };
}

/** The generate-side and validate-side key of a crypto object, as JWKs (private for the side that needs it). */
export function jwkOf(name: string, side: 'private' | 'public'): JWK {
  const key = cryptoObjects.get(name)?.key;
  if (key === undefined) throw new Error(`no crypto object ${name}`);
  return exportJWK(key, { private: key.type === 'secret' || side === 'private' });
}

/** The RSA private key's public half as a JoseKey, to verify or encrypt outside the policies. */
export const rsaPublic = importKey(pem(rsa.publicKey, 'spki'));

export { POLICY_JWE_ALGS, POLICY_JWE_ENCS, POLICY_JWS_ALGS };
