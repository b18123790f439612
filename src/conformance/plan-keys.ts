import type { JWK } from '../jwk/types.js';
import { expectOutputs, expectRefusal, same, samePublicJwk, tamper, type Check } from './check.js';
import { crosscheckChecks } from './plan-jws.js';
import type { ContentEncryptionVector, JwkVector, ThumbprintVector } from './types.js';

/**
 * Every key imports (its public JWK being the published one), an EC key moved off its curve is
 * refused (an invalid-curve point must never be used), and its published signatures check out.
 */
export function jwkChecks(v: JwkVector): Check[] {
  const checks: Check[] = v.inputs.keys.flatMap((name, i) => {
    const jwk = v.keys[name] as JWK;
    const publicJwk = v.expected.publicJwks[i] ?? null;
    const imported: Check = {
      name: `import key ${i}`,
      request: { op: 'import-jwk', jwk },
      judge: expectOutputs((out) => (publicJwk === null ? (out.public === null ? undefined : 'a symmetric key has no public JWK') : samePublicJwk(out.public, publicJwk))),
    };
    if (publicJwk === null || publicJwk.kty !== 'EC' || typeof publicJwk.y !== 'string') return [imported];
    return [imported, { name: `import key ${i}, moved off its curve`, request: { op: 'import-jwk', jwk: { ...publicJwk, y: tamper(publicJwk.y) } }, judge: expectRefusal }];
  });
  for (const c of v.expected.crosschecks) {
    const index = v.inputs.keys.indexOf(c.key);
    const key = v.keys[c.key] as JWK;
    checks.push(...crosscheckChecks(c, key, v.expected.publicJwks[index] ?? key));
  }
  return checks;
}

/** The thumbprint is the published one. */
export function thumbprintChecks(v: ThumbprintVector): Check[] {
  return [
    {
      name: `thumbprint (${v.inputs.hash})`,
      request: { op: 'thumbprint', jwk: v.keys[v.inputs.key] as JWK, hash: v.inputs.hash },
      judge: expectOutputs((out) => same('the thumbprint', out.thumbprint, v.expected.thumbprintB64u)),
    },
  ];
}

/** The content encryption gives the published ciphertext and tag, decrypts them, and refuses a changed tag. */
export function contentChecks(v: ContentEncryptionVector): Check[] {
  const { enc, plaintextB64u, ivB64u, aadB64u } = v.inputs;
  const key = v.keys[v.inputs.cek] as JWK;
  const { ciphertextB64u, tagB64u } = v.expected;
  const decrypt = (tag: string) => ({ op: 'content-decrypt' as const, enc, key, iv: ivB64u, aad: aadB64u, ciphertext: ciphertextB64u, tag });
  return [
    {
      name: `content-encrypt (${enc})`,
      request: { op: 'content-encrypt', enc, key, iv: ivB64u, aad: aadB64u, plaintext: plaintextB64u },
      judge: expectOutputs((out) => same('the ciphertext', out.ciphertext, ciphertextB64u) ?? same('the tag', out.tag, tagB64u)),
    },
    { name: `content-decrypt (${enc})`, request: decrypt(tagB64u), judge: expectOutputs((out) => same('the plaintext', out.plaintext, plaintextB64u)) },
    { name: 'content-decrypt, tampered', request: decrypt(tamper(tagB64u)), judge: expectRefusal },
  ];
}
