// The README's "main job": run the seed's jwt-generate example (nested HS256 inside
// A128KW/A128CBC-HS256), then decrypt and verify the token it made. Run with `npm start` (which
// builds first), or `node examples/demo.mjs` after `npm run build`: it imports jose-core by name.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compileJwtGenerate,
  createContext,
  createCryptoObjects,
  decodeJWT,
  decryptJWT,
} from 'jose-core';

const here = (path) => fileURLToPath(new URL(`./jwt-generate/${path}`, import.meta.url));
const json = (path) => JSON.parse(readFileSync(here(path), 'utf8'));

const policy = json('policy.json');
const variables = json('vars.json');
const crypto = json('crypto.json');
for (const def of Object.values(crypto)) def.file = here(def.file);
const cryptoObjects = createCryptoObjects(crypto);

// Compile once (validates the policy and its crypto objects), then execute per request.
const generator = compileJwtGenerate(policy, { cryptoObjects });
const context = createContext(variables);
const token = generator.execute(context);

console.log(
  "policy: the seed's example (both crypto objects and JWKs given: the crypto objects win)",
);
console.log(`token written to variable generated.jwt: ${context.get('generated.jwt') === token}`);
console.log(`\n${token}\n`);
console.log('JWE header:', JSON.stringify(decodeJWT(token).header));

const { claims, protectedHeader, jwsHeader } = decryptJWT(
  token,
  cryptoObjects.get('jweCryptoObjectName').key,
  {
    keyManagementAlgorithms: ['A128KW'],
    contentEncryptionAlgorithms: ['A128CBC-HS256'],
    verificationKey: cryptoObjects.get('jwsCryptoObjectName').key,
    algorithms: ['HS256'],
    issuer: variables['iss.claim'],
    audience: variables['aud.claim'],
  },
);
console.log(
  `decrypted (${protectedHeader.alg}/${protectedHeader.enc}, cty ${protectedHeader.cty}) and verified (${jwsHeader.alg})`,
);
console.log('claims:', JSON.stringify(claims, null, 2));
