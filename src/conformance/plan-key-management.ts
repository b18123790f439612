// Key wrap and key agreement vectors publish a key management step, not a whole JWE: their checks
// build the JWE around it, apart from the checks of published JWEs.
import { Buffer } from 'node:buffer';
import { decryptCompact } from '../jwe/compact.js';
import type { JWK } from '../jwk/types.js';
import { jweAllowLists } from './allow.js';
import {
  acceptance,
  type Check,
  craftGcmJwe,
  decodeJson,
  equality,
  gcmFor,
  reference,
  refusal,
  same,
  sameJson,
  tamperPart,
} from './check.js';
import { publicJwk } from './fields.js';
import { jweKeyFor } from './jwe-key.js';
import { requested, TAMPERED } from './plan-jwe.js';
import type { KeyAgreementVector, KeyWrapVector } from './types.js';

// Fixed values for vectors that publish a key wrap but no content: any IV and plaintext will do.
const FIXED_IV = Buffer.from('000102030405060708090a0b', 'hex');
const FIXED_PLAINTEXT = Buffer.from('carried by the conformance runner', 'utf8');
const UNWRAP_TAMPERED = 'a changed wrapped key must fail its integrity check (RFC 3394 s2.2.3)';

/**
 * RFC 3394 key wrap, checked inside a JWE: a decrypter must unwrap the published wrapped key
 * (the runner builds the rest of the JWE around it), and an encrypter given the key data as its
 * CEK must wrap it to the published value.
 */
export function keyWrapChecks(v: KeyWrapVector): Check[] {
  const cek = Buffer.from(v.inputs.keyDataB64u, 'base64url');
  const enc = gcmFor(cek.length);
  const kek = v.keys[v.inputs.kek] as JWK;
  if (enc === undefined) return [];
  const alg = v.inputs.alg;
  const { compact } = craftGcmJwe(
    { alg, enc },
    cek,
    v.expected.wrappedB64u,
    FIXED_IV,
    FIXED_PLAINTEXT,
  );
  const plaintext = FIXED_PLAINTEXT.toString('base64url');
  const iv = FIXED_IV.toString('base64url');
  const wrap = {
    op: 'encrypt' as const,
    serialization: 'compact' as const,
    plaintext,
    protected: { alg, enc },
    recipients: [{ key: kek }],
    cek: v.inputs.keyDataB64u,
    iv,
  };
  // The wrapped key is a function of the KEK and the CEK alone: it is judged whatever IV the adapter chose.
  return [
    equality(
      `unwrap (in an ${alg}/${enc} JWE)`,
      { op: 'decrypt', jwe: compact, key: kek, alg, enc },
      { plaintext },
    ),
    refusal(
      'unwrap, tampered',
      { op: 'decrypt', jwe: tamperPart(compact, 1), key: kek, alg, enc },
      UNWRAP_TAMPERED,
    ),
    acceptance(`wrap (in an ${alg}/${enc} JWE)`, wrap, (out) => {
      const parts = typeof out.compact === 'string' ? out.compact.split('.') : [];
      if (parts.length !== 5) return 'no compact serialization was returned';
      return same('the wrapped key (of the given CEK)', parts[1], v.expected.wrappedB64u);
    }),
  ];
}

/**
 * ECDH-ES with the Concat KDF (RFC 7518 C), checked inside a JWE: the runner encrypts content
 * with the published derived key, which only a correct agreement recovers; an encrypter given
 * the ephemeral key must derive the same key.
 */
export function keyAgreementChecks(v: KeyAgreementVector): Check[] {
  const { alg, enc, protectedHeader } = v.inputs;
  const derived = Buffer.from(v.expected.derivedKeyB64u, 'base64url');
  if (gcmFor(derived.length) !== enc) return [];
  const recipient = v.keys[v.inputs.recipientKey] as JWK;
  const crafted = craftGcmJwe(protectedHeader, derived, '', FIXED_IV, FIXED_PLAINTEXT);
  const plaintext = FIXED_PLAINTEXT.toString('base64url');
  const iv = FIXED_IV.toString('base64url');
  const options = jweAllowLists(alg, enc);
  const recipients = [
    { key: publicJwk(recipient) ?? recipient, ephemeralKey: v.keys[v.inputs.ephemeralKey] as JWK },
  ];
  const encrypt = {
    op: 'encrypt' as const,
    serialization: 'compact' as const,
    plaintext,
    protected: requested(protectedHeader) ?? {},
    recipients,
    iv,
  };
  return [
    equality(
      'agree and decrypt',
      { op: 'decrypt', jwe: crafted.compact, key: recipient, alg, enc },
      { plaintext },
    ),
    refusal(
      'agree and decrypt, tampered',
      { op: 'decrypt', jwe: tamperPart(crafted.compact, 4), key: recipient, alg, enc },
      TAMPERED,
    ),
    acceptance(
      'agree and encrypt with the published ephemeral key',
      encrypt,
      (out) => {
        if (typeof out.compact !== 'string') return 'no compact serialization was returned';
        const compact = out.compact;
        const wrong = reference(
          'the recipient cannot decrypt it',
          () => void decryptCompact(compact, jweKeyFor(alg, recipient), options),
        );
        if (wrong !== undefined) return wrong;
        const [h, , gotIv, ciphertext] = compact.split('.');
        if (!sameJson(decodeJson(h)?.epk, protectedHeader.epk))
          return 'the given ephemeral key was not used (declare fixed-ephemeral-key when it cannot be)';
        // The ciphertext is a function of the derived key and the IV: with another IV it is not comparable.
        if (gotIv !== iv) return undefined;
        return same('the ciphertext (made with the derived key)', ciphertext, crafted.ciphertext);
      },
      ['fixed-ephemeral-key'],
    ),
  ];
}
