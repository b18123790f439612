import type { JWK } from '../jwk/types.js';
import { base, hexToB64u, jwkOf, keyRef, object, optObject, optString, publicJwk, ShapeError, string, type RawEntry } from './fields.js';
import type { ContentEncryptionVector, JsonObject, JwkVector, KeyAgreementVector, KeyCrosscheck, KeyWrapVector, ThumbprintVector } from './types.js';

/** Keys that must import: a JWK Set (RFC 7517 A) or one JWK (RFC 7517 B, RFC 7520 s3). */
export function toJwkVector(entry: RawEntry): JwkVector {
  const { raw } = entry;
  const set = optObject(raw, 'jwk_set');
  const list: unknown[] = set === undefined ? [object(raw, 'jwk')] : Array.isArray(set.keys) ? set.keys : [];
  if (list.length === 0) throw new ShapeError('"jwk_set" has no keys');
  const jwks = list.map((k, i) => jwkOf(k, `key ${i}`));
  const keys: Record<string, JWK> = {};
  const names = jwks.map((jwk, i) => ((keys[`key-${i}`] = jwk), `key-${i}`));
  const publicRef = optString(raw, 'public_ref');
  const publicJwks = jwks.map((jwk) => (publicRef === undefined ? publicJwk(jwk) : keyRef(entry, publicRef)));
  const crosschecks: KeyCrosscheck[] = [];
  const cc = optObject(raw, 'crosscheck');
  if (cc !== undefined) {
    // The crosscheck names its key by value when the entry holds several.
    const k = optString(cc, 'k_b64u');
    const index = k === undefined ? 0 : jwks.findIndex((jwk) => jwk.k === k);
    if (index < 0) throw new ShapeError('the crosscheck key is not in the set');
    crosschecks.push({ source: string(cc, 'source'), alg: string(cc, 'alg'), key: names[index] as string, signingInputAscii: string(cc, 'signing_input_ascii'), signatureB64u: string(cc, 'signature_b64u') });
  }
  const algorithms = [...jwks.flatMap((j) => (typeof j.alg === 'string' ? [j.alg] : [])), ...crosschecks.map((c) => c.alg)];
  return { ...base(entry, 'jwk', algorithms, true, keys), inputs: { keys: names }, expected: { publicJwks, crosschecks } };
}

/** An RFC 7638 thumbprint. */
export function toThumbprintVector(entry: RawEntry): ThumbprintVector {
  const { raw } = entry;
  const hash = optString(raw, 'hash') ?? 'SHA-256';
  const expected: ThumbprintVector['expected'] = { thumbprintB64u: string(raw, 'thumbprint_b64u') };
  const canonical = optString(raw, 'canonical_json_utf8');
  if (canonical !== undefined) expected.canonicalJson = canonical;
  return { ...base(entry, 'thumbprint', [hash], true, { subject: jwkOf(raw.jwk, '"jwk"') }), inputs: { key: 'subject', hash }, expected };
}

const secretJwk = (hex: string): JWK => ({ kty: 'oct', k: hexToB64u(hex) });

/** AES Key Wrap (RFC 3394 s4), its KEK given as an `oct` JWK. */
export function toKeyWrapVector(entry: RawEntry): KeyWrapVector {
  const { raw } = entry;
  const alg = string(raw, 'jwa_alg');
  return {
    ...base(entry, 'key-wrap', [alg], true, { kek: secretJwk(string(raw, 'kek_hex')) }),
    inputs: { alg, kek: 'kek', keyDataB64u: hexToB64u(string(raw, 'key_data_hex')) },
    expected: { wrappedB64u: hexToB64u(string(raw, 'ciphertext_hex')) },
  };
}

// RFC 7518 B names its values after the RFC's labels (K, P, IV, A, E, T); RFC 7516 B uses words.
function hexField(raw: JsonObject, ...names: string[]): string {
  for (const name of names) {
    const v = optString(raw, `${name}_hex`);
    if (v !== undefined) return v;
  }
  throw new ShapeError(`"${names[0]}_hex" is missing`);
}

/** One content encryption (RFC 7518 B, RFC 7516 B), its key given as an `oct` JWK. */
export function toContentVector(entry: RawEntry): ContentEncryptionVector {
  const { raw } = entry;
  // RFC 7518 B spells the algorithm out: "AES_128_CBC_HMAC_SHA_256 (A128CBC-HS256)".
  const named = string(raw, 'enc');
  const enc = /\(([^)]+)\)\s*$/.exec(named)?.[1] ?? named;
  return {
    ...base(entry, 'content-encryption', [enc], true, { cek: secretJwk(hexField(raw, 'K', 'cek')) }),
    inputs: {
      enc,
      cek: 'cek',
      plaintextB64u: hexToB64u(hexField(raw, 'P', 'plaintext')),
      ivB64u: hexToB64u(hexField(raw, 'IV', 'iv')),
      aadB64u: hexToB64u(hexField(raw, 'A', 'aad')),
    },
    expected: { ciphertextB64u: hexToB64u(hexField(raw, 'E', 'ciphertext')), tagB64u: hexToB64u(hexField(raw, 'T', 'tag')) },
  };
}

/** An ECDH-ES key agreement (RFC 7518 C): Alice's ephemeral key, Bob's key, Z, OtherInfo and the derived key. */
export function toKeyAgreementVector(entry: RawEntry): KeyAgreementVector {
  const { raw } = entry;
  const alg = string(raw, 'alg');
  const enc = string(raw, 'enc');
  const keys = { ephemeral: jwkOf(raw.alice_ephemeral_key, '"alice_ephemeral_key"'), recipient: jwkOf(raw.bob_key, '"bob_key"') };
  return {
    ...base(entry, 'key-agreement', [alg, enc], true, keys),
    inputs: { alg, enc, ephemeralKey: 'ephemeral', recipientKey: 'recipient', protectedHeader: object(raw, 'protected_header') },
    expected: { sharedSecretB64u: hexToB64u(string(raw, 'Z_hex')), otherInfoB64u: hexToB64u(string(raw, 'other_info_hex')), derivedKeyB64u: string(raw, 'derived_key_b64u') },
  };
}
