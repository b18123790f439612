// Verifying tokens from an issuer that rotates keys: its published JWK Set picks the key by `kid`,
// and the allow-list pins the algorithms.
// Run: node examples/verify-with-jwks.mjs (in a clone, after `npm run build`: it imports jose-core by name)
import {
  createLocalKeySet,
  exportJWK,
  generateKey,
  JoseError,
  signJWT,
  verifyJWT,
} from 'jose-core';

// The issuer's side: two signing keys during a rotation, and its public JWK Set.
const oldKey = generateKey('RS256', { kid: '2025-12' });
const newKey = generateKey('ES256', { kid: '2026-01' });
const jwks = { keys: [exportJWK(oldKey), exportJWK(newKey)] };

// The verifier's side: a key set built once from the published JWK Set.
const keys = createLocalKeySet(jwks);
const options = {
  algorithms: ['RS256', 'ES256'],
  issuer: 'https://idp.example',
  audience: 'orders-api',
};
const now = Math.floor(Date.now() / 1000);
const claims = {
  iss: 'https://idp.example',
  aud: 'orders-api',
  sub: 'alice',
  iat: now,
  exp: now + 60,
};

for (const [key, alg] of [
  [oldKey, 'RS256'],
  [newKey, 'ES256'],
]) {
  const token = signJWT(claims, { alg, kid: key.kid, typ: 'JWT' }, key);
  const { protectedHeader } = verifyJWT(token, keys, options);
  console.log(`verified ${protectedHeader.alg} token with key ${protectedHeader.kid}`);
}

// A token signed by a key the set does not hold, and one that names a kid it does not have.
const stranger = generateKey('ES256', { kid: '2026-01' });
for (const token of [
  signJWT(claims, { alg: 'ES256', kid: '2026-01' }, stranger),
  signJWT(claims, { alg: 'ES256', kid: 'nope' }, newKey),
]) {
  try {
    verifyJWT(token, keys, options);
  } catch (e) {
    if (!(e instanceof JoseError)) throw e;
    console.log(`refused: ${e.code}`);
  }
}
