// Keys and claims shared by every subject. Keys are made once per run; each subject gets them
// in the form it is fastest with (KeyObject, JoseKey, PEM, CryptoKey), prepared before timing.
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';

// Generated on first use, so a filtered run or a profile makes only the keys it needs.
const pairs = new Map();
function pair(kind) {
  if (!pairs.has(kind))
    pairs.set(
      kind,
      kind === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: kind }),
    );
  return pairs.get(kind);
}
const CURVE_OF = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
const SECRET_BYTES = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  A128KW: 16,
  A192KW: 24,
  A256KW: 32,
  'A128CBC-HS256': 32,
  'A192CBC-HS384': 48,
  'A256CBC-HS512': 64,
};
const secrets = Object.fromEntries(
  Object.entries(SECRET_BYTES).map(([alg, n]) => [alg, randomBytes(n)]),
);

/** Raw key material for `alg` (a JWS alg, a JWE key management alg, or an enc for dir). */
export function keyPair(alg) {
  if (Object.hasOwn(secrets, alg)) {
    const raw = secrets[alg];
    const keyObject = createSecretKey(raw);
    return { secret: true, raw, private: keyObject, public: keyObject };
  }
  const { privateKey, publicKey } = pair(alg.startsWith('ES') ? CURVE_OF[alg] : 'rsa');
  return { secret: false, private: privateKey, public: publicKey };
}

const now = Math.floor(Date.now() / 1000);

/** A gateway-sized claim set, valid for the whole run. */
export const CLAIMS = Object.freeze({
  iss: 'https://gateway.example.com/oauth',
  sub: 'user-7f3c2a91',
  aud: 'https://api.example.com',
  iat: now,
  nbf: now - 60,
  exp: now + 86400,
  jti: '3f9d2c4e-8b1a-4c6d-9e2f-7a5b3c1d0e8f',
  scope: 'read:accounts write:payments',
});

export const JWS_HEADER = (alg) => ({ alg, typ: 'JWT' });
export const JWE_HEADER = (alg, enc) => ({ alg, enc, typ: 'JWT' });
export const NESTED_HEADER = (alg, enc) => ({ alg, enc, typ: 'JWT', cty: 'JWT' });

export const toPem = (keyObject) =>
  keyObject.export({ type: keyObject.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' });
export const toJwk = (keyObject) => keyObject.export({ format: 'jwk' });
