import type { JWK } from '../jwk/types.js';
import { acceptance, type Check, equality, refusal, samePublicJwk, tamper } from './check.js';
import { crosscheckChecks } from './plan-jws.js';
import type { ContentEncryptionVector, JwkVector, ThumbprintVector } from './types.js';

const OFF_CURVE =
  'a point off its curve leaks the private key in ECDH (invalid-curve attack, CVE-2017-16007)';

/**
 * Every key imports (its public JWK being the published one), an EC key moved off its curve is
 * refused (an invalid-curve point must never be used), and its published signatures check out.
 */
export function jwkChecks(v: JwkVector): Check[] {
  const checks: Check[] = v.inputs.keys.flatMap((name, i) => {
    const jwk = v.keys[name] as JWK;
    const publicJwk = v.expected.publicJwks[i] ?? null;
    const imported = acceptance(`import key ${i}`, { op: 'import-jwk', jwk }, (out) =>
      publicJwk === null
        ? out.public === null
          ? undefined
          : 'a symmetric key has no public JWK'
        : samePublicJwk(out.public, publicJwk),
    );
    if (publicJwk === null || publicJwk.kty !== 'EC' || typeof publicJwk.y !== 'string')
      return [imported];
    const offCurve = { ...publicJwk, y: tamper(publicJwk.y) };
    return [
      imported,
      refusal(
        `import key ${i}, moved off its curve`,
        { op: 'import-jwk', jwk: offCurve },
        OFF_CURVE,
      ),
    ];
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
  const request = {
    op: 'thumbprint' as const,
    jwk: v.keys[v.inputs.key] as JWK,
    hash: v.inputs.hash,
  };
  return [
    equality(`thumbprint (${v.inputs.hash})`, request, { thumbprint: v.expected.thumbprintB64u }),
  ];
}

/** The content encryption gives the published ciphertext and tag, decrypts them, and refuses a changed tag. */
export function contentChecks(v: ContentEncryptionVector): Check[] {
  const { enc, plaintextB64u, ivB64u, aadB64u } = v.inputs;
  const key = v.keys[v.inputs.cek] as JWK;
  const { ciphertextB64u, tagB64u } = v.expected;
  const decrypt = (tag: string) => ({
    op: 'content-decrypt' as const,
    enc,
    key,
    iv: ivB64u,
    aad: aadB64u,
    ciphertext: ciphertextB64u,
    tag,
  });
  return [
    equality(
      `content-encrypt (${enc})`,
      { op: 'content-encrypt', enc, key, iv: ivB64u, aad: aadB64u, plaintext: plaintextB64u },
      { ciphertext: ciphertextB64u, tag: tagB64u },
    ),
    equality(`content-decrypt (${enc})`, decrypt(tagB64u), { plaintext: plaintextB64u }),
    refusal(
      'content-decrypt, tampered',
      decrypt(tamper(tagB64u)),
      'a changed tag must not decrypt (RFC 7518 s5.2.2.2, s5.3)',
    ),
  ];
}
