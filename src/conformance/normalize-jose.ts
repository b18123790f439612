import { algorithmFacts } from '../algs/lookup.js';
import type { JWK } from '../jwk/types.js';
import {
  base,
  decodeHeader,
  entryKey,
  headerOf,
  hexToB64u,
  jwkOf,
  keyRef,
  object,
  objects,
  optObject,
  optString,
  publicJwk,
  serializations,
  ShapeError,
  string,
  utf8ToB64u,
  type RawEntry,
} from './fields.js';
import type { JsonObject, JweExpected, JweInputs, JweRecipientInput, JweVector, JwsExpected, JwsInputs, JwsSignatureInput, JwsVector, NestedJwtVector } from './types.js';

interface Parts<I, E> {
  inputs: I;
  expected: E;
  keys: Record<string, JWK>;
  algorithms: string[];
  deterministic: boolean;
  refusal?: string;
}

// A vector's bytes can be compared unless an algorithm's row of facts says its output is fresh per call.
const randomized = (alg: string): boolean => algorithmFacts(alg)?.deterministic === false;

function optBoolean(o: JsonObject, name: string): boolean | undefined {
  const v = o[name];
  if (v !== undefined && typeof v !== 'boolean') throw new ShapeError(`"${name}" is not a boolean`);
  return v;
}

// PBES2 takes a password; it is given to encrypters and decrypters as an oct JWK of its UTF-8 octets.
function passwordKey(o: JsonObject): JWK | undefined {
  const password = optString(o, 'password_utf8');
  return password === undefined ? undefined : { kty: 'oct', k: utf8ToB64u(password) };
}

function hexOr(o: JsonObject, name: string): string | undefined {
  const hex = optString(o, name);
  return hex === undefined ? undefined : hexToB64u(hex);
}

function signingKeyOf(entry: RawEntry, s: JsonObject): JWK | undefined {
  const ref = optString(s, 'key_ref');
  return ref === undefined ? entryKey(s) : keyRef(entry, ref);
}

/** The JWS parts of `o`: a vector entry, or the `jws` member of a nested one. */
export function jwsParts(entry: RawEntry, o: JsonObject, prefix: string): Parts<JwsInputs, JwsExpected> {
  const json = serializations(o, ['json', 'json_flattened'], 'signatures');
  let entries = objects(o, 'signatures');
  if (entries === undefined) {
    if (o.signature_b64u !== undefined) entries = [o];
    else if (json.flattened !== undefined) {
      const f = json.flattened;
      const fromJson: JsonObject = { alg: o.alg, key_ref: o.key_ref, signature_b64u: f.signature, protected_b64u: f.protected, header: f.header };
      entries = [fromJson];
    } else throw new ShapeError('no signature is given');
  }
  const keys: Record<string, JWK> = {};
  const signatures: JwsSignatureInput[] = [];
  const signaturesB64u: string[] = [];
  entries.forEach((s, i) => {
    const sig: JwsSignatureInput = { alg: string(s, 'alg') };
    const protectedB64u = optString(s, 'protected_b64u');
    const protectedHeader = headerOf(s, 'protected_header', 'protected_header_utf8') ?? (protectedB64u === undefined ? undefined : decodeHeader(protectedB64u));
    if (protectedHeader !== undefined) sig.protectedHeader = protectedHeader;
    if (protectedB64u !== undefined) sig.protectedB64u = protectedB64u;
    const header = optObject(s, 'header');
    if (header !== undefined) sig.header = header;
    const signing = signingKeyOf(entry, s);
    // A verification-only key is named (public_key_ref) or given (public_key); else it is the signing key's public half.
    const publicRef = optString(s, 'public_key_ref');
    const publicKey = s.public_key === undefined ? undefined : jwkOf(s.public_key, '"public_key"');
    const verifying = publicRef !== undefined ? keyRef(entry, publicRef) : (publicKey ?? (signing === undefined ? undefined : (publicJwk(signing) ?? signing)));
    if (signing !== undefined) keys[(sig.signingKey = `${prefix}sign-${i}`)] = signing;
    if (verifying !== undefined) keys[(sig.verificationKey = `${prefix}verify-${i}`)] = verifying;
    signatures.push(sig);
    signaturesB64u.push(string(s, 'signature_b64u'));
  });
  const payloadB64u = optString(o, 'payload_b64u') ?? utf8ToB64u(string(o, 'payload_utf8'));
  const expected: JwsExpected = { signaturesB64u };
  // RFC 7797's transcription names its (detached) compact form for what it is.
  const compact = optString(o, 'compact') ?? optString(o, 'compact_detached');
  if (compact !== undefined) expected.compact = compact;
  if (json.general !== undefined) expected.jsonGeneral = json.general;
  if (json.flattened !== undefined) expected.jsonFlattened = json.flattened;
  const algorithms = signatures.map((s) => s.alg);
  const parts: Parts<JwsInputs, JwsExpected> = {
    inputs: { payloadB64u, signatures },
    expected,
    keys,
    algorithms,
    deterministic: optBoolean(o, 'deterministic') ?? !algorithms.some(randomized),
  };
  if (algorithms.includes('none')) parts.refusal = 'an unsecured JWS ("alg": "none") must be refused';
  return parts;
}

/** The JWE parts of `o`: a vector entry, or the `jwe` member of a nested one. */
export function jweParts(entry: RawEntry, o: JsonObject, prefix: string): Parts<JweInputs, JweExpected> {
  const json = serializations(o, ['json', 'json_flattened'], 'recipients');
  const anyJson = json.general ?? json.flattened;
  const protectedB64u = optString(o, 'protected_b64u') ?? (anyJson === undefined ? undefined : optString(anyJson, 'protected'));
  const protectedHeader = headerOf(o, 'protected_header', 'protected_header_utf8') ?? (protectedB64u === undefined ? undefined : decodeHeader(protectedB64u));
  const unprotected = optObject(o, 'unprotected') ?? (anyJson === undefined ? undefined : optObject(anyJson, 'unprotected'));
  const fromJson = (name: string): string | undefined => (anyJson === undefined ? undefined : optString(anyJson, name));
  // The serialized recipients are authoritative; a file's own `recipients` list adds their keys.
  const serialized: JsonObject[] = json.general !== undefined ? (objects(json.general, 'recipients') ?? []) : [json.flattened ?? {}];
  const listed = objects(o, 'recipients');
  const keyIndex = o.recipient_index;
  if (keyIndex !== undefined && typeof keyIndex !== 'number') throw new ShapeError('"recipient_index" is not a number');
  const keys: Record<string, JWK> = {};
  const recipients = serialized.map((r, i): JweRecipientInput => {
    const header = optObject(r, 'header') ?? (listed?.[i] === undefined ? undefined : optObject(listed[i] as JsonObject, 'header'));
    const alg = header?.alg ?? protectedHeader?.alg ?? unprotected?.alg ?? o.alg;
    if (typeof alg !== 'string') throw new ShapeError(`recipient ${i} has no "alg"`);
    const out: JweRecipientInput = { alg };
    if (header !== undefined) out.header = header;
    const own = listed === undefined && (keyIndex === undefined || keyIndex === i);
    const key = listed !== undefined ? (listed[i] === undefined ? undefined : signingKeyOf(entry, listed[i] as JsonObject)) : own ? (signingKeyOf(entry, o) ?? passwordKey(o)) : undefined;
    if (key !== undefined) {
      keys[(out.decryptionKey = `${prefix}decrypt-${i}`)] = key;
      keys[(out.encryptionKey = `${prefix}encrypt-${i}`)] = publicJwk(key) ?? key;
    }
    const encryptedKey = optString(r, 'encrypted_key') ?? (listed?.[i] === undefined ? undefined : optString(listed[i] as JsonObject, 'encrypted_key_b64u')) ?? optString(o, 'encrypted_key_b64u');
    if (encryptedKey !== undefined) out.encryptedKeyB64u = encryptedKey;
    if (own) {
      const ephemeral = optObject(o, 'ephemeral_key');
      if (ephemeral !== undefined) keys[(out.ephemeralKey = `${prefix}ephemeral-${i}`)] = jwkOf(ephemeral, '"ephemeral_key"');
      const fixed = { keyWrapIvB64u: optString(o, 'key_wrap_iv_b64u'), p2sB64u: optString(o, 'p2s_b64u') };
      for (const [name, value] of Object.entries(fixed)) if (value !== undefined) Object.assign(out, { [name]: value });
      if (typeof o.p2c === 'number') out.p2c = o.p2c;
    }
    return out;
  });
  const inputs: JweInputs = { enc: string(o, 'enc'), recipients };
  const plaintext = optString(o, 'plaintext_utf8');
  if (plaintext !== undefined) inputs.plaintextB64u = utf8ToB64u(plaintext);
  const optional = {
    protectedHeader,
    protectedB64u,
    unprotected,
    aadB64u: optString(o, 'aad_b64u') ?? fromJson('aad'),
    cekB64u: optString(o, 'cek_b64u') ?? hexOr(o, 'cek_hex'),
    ivB64u: optString(o, 'iv_b64u') ?? fromJson('iv'),
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) Object.assign(inputs, { [name]: value });
  const expected: JweExpected = {};
  const outputs = { ciphertextB64u: optString(o, 'ciphertext_b64u') ?? fromJson('ciphertext'), tagB64u: optString(o, 'tag_b64u') ?? fromJson('tag'), compact: optString(o, 'compact') };
  for (const [name, value] of Object.entries(outputs)) if (value !== undefined) Object.assign(expected, { [name]: value });
  if (json.general !== undefined) expected.jsonGeneral = json.general;
  if (json.flattened !== undefined) expected.jsonFlattened = json.flattened;
  const algorithms = [...recipients.map((r) => r.alg), inputs.enc];
  const parts: Parts<JweInputs, JweExpected> = {
    inputs,
    expected,
    keys,
    algorithms,
    deterministic: optBoolean(o, 'deterministic') ?? !recipients.some((r) => randomized(r.alg)),
  };
  const expectedError = optString(o, 'expected_error');
  if (expectedError !== undefined) parts.refusal = `must be refused (jose-core: ${expectedError})`;
  return parts;
}

function finish<K extends 'jws' | 'jwe'>(entry: RawEntry, kind: K, parts: Parts<unknown, unknown>) {
  const out = { ...base(entry, kind, parts.algorithms, parts.deterministic, parts.keys), inputs: parts.inputs, expected: parts.expected };
  if (parts.refusal !== undefined) out.refusal = parts.refusal;
  return out;
}

export function toJwsVector(entry: RawEntry): JwsVector {
  return finish(entry, 'jws', jwsParts(entry, entry.raw, '')) as JwsVector;
}

export function toJweVector(entry: RawEntry): JweVector {
  return finish(entry, 'jwe', jweParts(entry, entry.raw, '')) as JweVector;
}

export function toNestedVector(entry: RawEntry): NestedJwtVector {
  const jws = jwsParts(entry, object(entry.raw, 'jws'), 'jws-');
  const jwe = jweParts(entry, object(entry.raw, 'jwe'), 'jwe-');
  const deterministic = optBoolean(entry.raw, 'deterministic') ?? (jws.deterministic && jwe.deterministic);
  return {
    ...base(entry, 'nested-jwt', [...jws.algorithms, ...jwe.algorithms], deterministic, { ...jws.keys, ...jwe.keys }),
    inputs: { jws: jws.inputs, jwe: jwe.inputs },
    expected: { jws: jws.expected, jwe: jwe.expected },
  };
}
