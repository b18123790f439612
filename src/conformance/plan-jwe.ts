import { Buffer } from 'node:buffer';
import { keyManagementFacts } from '../algs/lookup.js';
import { decryptCompact } from '../jwe/compact.js';
import { decryptJSON } from '../jwe/json-decrypt.js';
import { keyManagement } from '../jwe/keys/table.js';
import type { GeneralJWE } from '../jwe/types.js';
import type { JWK } from '../jwk/types.js';
import { jweAllowLists } from './allow.js';
import type { PlannedRequest } from './check.js';
import {
  acceptance,
  type Check,
  craftGcmJwe,
  decodeJson,
  equality,
  gcmFor,
  type Outputs,
  reference,
  refusal,
  same,
  sameJson,
  tamper,
  tamperPart,
} from './check.js';
import { publicJwk } from './fields.js';
import { jweKeyFor } from './jwe-key.js';
import type { EncryptRequest } from './protocol.js';
import type {
  JsonObject,
  JweExpected,
  JweInputs,
  KeyAgreementVector,
  KeyWrapVector,
} from './types.js';

interface JweParts {
  inputs: JweInputs;
  expected: JweExpected;
  keys: Record<string, JWK>;
  refusal?: string;
}

// Header members the key management algorithm writes itself; a request gives their values as fixed inputs instead.
const ALGORITHM_MEMBERS = ['epk', 'p2s', 'p2c', 'iv', 'tag'];
// Fixed values for vectors that publish a key wrap but no content: any IV and plaintext will do.
const FIXED_IV = Buffer.from('000102030405060708090a0b', 'hex');
const FIXED_PLAINTEXT = Buffer.from('carried by the conformance runner', 'utf8');

function requested(header: JsonObject | undefined): JsonObject | undefined {
  return header === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(header).filter(([name]) => !ALGORITHM_MEMBERS.includes(name)),
      );
}

function contains(got: JsonObject | undefined, want: JsonObject | undefined): boolean {
  return (
    want === undefined ||
    (got !== undefined && Object.entries(want).every(([name, value]) => sameJson(got[name], value)))
  );
}

/** What came back from an encryption, in one shape for both serializations. */
interface Produced {
  protected: string | undefined;
  iv: unknown;
  ciphertext: unknown;
  tag: unknown;
  encryptedKeys: unknown[];
  decrypt: (
    key: ReturnType<typeof jweKeyFor>,
    options: ReturnType<typeof jweAllowLists>,
  ) => Uint8Array;
}

function produced(out: Outputs): Produced | string {
  if (typeof out.compact === 'string') {
    const compact = out.compact;
    const parts = compact.split('.');
    if (parts.length !== 5) return 'the compact serialization does not have five parts';
    return {
      protected: parts[0],
      iv: parts[2],
      ciphertext: parts[3],
      tag: parts[4],
      encryptedKeys: [parts[1]],
      decrypt: (k, o) => decryptCompact(compact, k, o).plaintext,
    };
  }
  if (typeof out.json !== 'object' || out.json === null) return 'no serialization was returned';
  const json = out.json as JsonObject;
  const list = Array.isArray(json.recipients) ? (json.recipients as JsonObject[]) : [json];
  return {
    protected: typeof json.protected === 'string' ? json.protected : undefined,
    iv: json.iv,
    ciphertext: json.ciphertext,
    tag: json.tag,
    encryptedKeys: list.map((r) => r?.encrypted_key),
    decrypt: (k, o) => decryptJSON(json as unknown as GeneralJWE, k, o).plaintext,
  };
}

/**
 * Judges an encryption: its protected header holds what was asked, the runner's reference
 * decrypts it for every recipient, and when the adapter used the fixed inputs (same IV, and the
 * CEK known) the ciphertext, tag and deterministic encrypted keys are the published ones.
 */
function judgeEncryption(
  p: JweParts,
  indexes: number[],
  out: Outputs,
  wantProtected: JsonObject | undefined,
): string | undefined {
  const got = produced(out);
  if (typeof got === 'string') return got;
  const header = got.protected === undefined ? undefined : decodeJson(got.protected);
  if (!contains(header, wantProtected)) return 'the protected header is not the one asked for';
  const { inputs, expected, keys } = p;
  for (const i of indexes) {
    const r = inputs.recipients[i]!;
    const options = jweAllowLists(r.alg, inputs.enc);
    let plaintext: Uint8Array | undefined;
    const wrong = reference(
      `recipient ${i} cannot decrypt it`,
      () =>
        void (plaintext = got.decrypt(
          jweKeyFor(r.alg, keys[r.decryptionKey as string] as JWK),
          options,
        )),
    );
    if (wrong !== undefined) return wrong;
    if (Buffer.from(plaintext as Uint8Array).toString('base64url') !== inputs.plaintextB64u)
      return `recipient ${i} decrypts it to another plaintext`;
  }
  const first = inputs.recipients[indexes[0] as number]!;
  // The CEK is known when it is the key given (`dir`), when it is agreed with the published
  // ephemeral key and not wrapped (ECDH-ES), or when the vector gives it.
  const facts = keyManagementFacts(first.alg);
  const agreed = facts?.epk === true && keyManagement(first.alg)?.direct === true;
  const cekKnown =
    facts?.contentKey === true ||
    (agreed ? sameJson(header?.epk, inputs.protectedHeader?.epk) : inputs.cekB64u !== undefined);
  const zipped = inputs.protectedHeader?.zip !== undefined;
  if (got.iv !== inputs.ivB64u || !cekKnown || zipped || expected.ciphertextB64u === undefined)
    return undefined;
  const ciphertext = same('the ciphertext', got.ciphertext, expected.ciphertextB64u);
  if (
    ciphertext !== undefined ||
    got.protected !== inputs.protectedB64u ||
    expected.tagB64u === undefined
  )
    return ciphertext;
  const tag = same('the tag', got.tag, expected.tagB64u);
  if (tag !== undefined) return tag;
  for (const [j, i] of indexes.entries()) {
    const r = inputs.recipients[i]!;
    // An encrypted key is comparable unless its algorithm's row says it is fresh per call (RSA padding).
    if (keyManagementFacts(r.alg)?.deterministic === false || r.encryptedKeyB64u === undefined)
      continue;
    const wrong = same(`recipient ${i}'s encrypted key`, got.encryptedKeys[j], r.encryptedKeyB64u);
    if (wrong !== undefined) return wrong;
  }
  return undefined;
}

const TAMPERED = 'a changed tag must not decrypt (RFC 7516 s5.2 step 16)';
const UNWRAP_TAMPERED = 'a changed wrapped key must fail its integrity check (RFC 3394 s2.2.3)';

// A decryption whose plaintext is published must give it; else it must succeed.
function decrypting(
  name: string,
  request: PlannedRequest,
  plaintextB64u: string | undefined,
): Check {
  return plaintextB64u === undefined
    ? acceptance(name, request, () => undefined)
    : equality(name, request, { plaintext: plaintextB64u });
}

/** The checks of a JWE: decrypt every published serialization for every keyed recipient (and refuse it tampered), re-encrypt it. */
export function jweChecks(p: JweParts, prefix = ''): Check[] {
  const { inputs, expected, keys } = p;
  const checks: Check[] = [];
  const enc = inputs.enc;
  const keyed = inputs.recipients.flatMap((r, i) => (r.decryptionKey === undefined ? [] : [i]));
  const decryptRequest = (jwe: string | JsonObject, i: number) => {
    const r = inputs.recipients[i]!;
    return {
      op: 'decrypt' as const,
      jwe,
      key: keys[r.decryptionKey as string] as JWK,
      alg: r.alg,
      enc,
    };
  };
  if (p.refusal !== undefined) {
    const jwe = expected.compact ?? expected.jsonGeneral ?? expected.jsonFlattened;
    if (jwe !== undefined && keyed[0] !== undefined)
      checks.push(refusal(`${prefix}decrypt refuses`, decryptRequest(jwe, keyed[0]), p.refusal));
    return checks;
  }
  if (expected.compact !== undefined && keyed[0] === 0) {
    checks.push(
      decrypting(
        `${prefix}decrypt compact`,
        decryptRequest(expected.compact, 0),
        inputs.plaintextB64u,
      ),
    );
    checks.push(
      refusal(
        `${prefix}decrypt compact, tampered`,
        decryptRequest(tamperPart(expected.compact, 4), 0),
        TAMPERED,
      ),
    );
  }
  for (const [form, json] of [
    ['general', expected.jsonGeneral],
    ['flattened', expected.jsonFlattened],
  ] as const) {
    if (json === undefined) continue;
    for (const i of form === 'flattened' ? keyed.filter((i) => i === 0) : keyed) {
      checks.push(
        decrypting(
          `${prefix}decrypt JSON ${form} for recipient ${i}`,
          decryptRequest(json, i),
          inputs.plaintextB64u,
        ),
      );
    }
    if (keyed[0] !== undefined && typeof json.tag === 'string') {
      checks.push(
        refusal(
          `${prefix}decrypt JSON ${form}, tampered`,
          decryptRequest({ ...json, tag: tamper(json.tag) }, keyed[0]),
          TAMPERED,
        ),
      );
    }
  }
  if (inputs.plaintextB64u === undefined || keyed.length === 0) return checks;
  const recipients: EncryptRequest['recipients'] = keyed.map((i) => {
    const r = inputs.recipients[i]!;
    const header = requested(r.header);
    const fixed = {
      ephemeralKey: r.ephemeralKey === undefined ? undefined : keys[r.ephemeralKey],
      keyWrapIv: r.keyWrapIvB64u,
      p2s: r.p2sB64u,
      p2c: r.p2c,
    };
    return {
      ...(header === undefined ? {} : { header }),
      key: keys[r.encryptionKey as string] as JWK,
      ...Object.fromEntries(Object.entries(fixed).filter(([, v]) => v !== undefined)),
    };
  });
  const wantProtected = requested(inputs.protectedHeader);
  const common = {
    op: 'encrypt' as const,
    plaintext: inputs.plaintextB64u,
    ...(inputs.cekB64u === undefined ? {} : { cek: inputs.cekB64u }),
    ...(inputs.ivB64u === undefined ? {} : { iv: inputs.ivB64u }),
  };
  if (expected.compact !== undefined && inputs.recipients.length === 1 && recipients.length === 1) {
    const { header: _none, ...only } = recipients[0]!;
    const request = {
      ...common,
      serialization: 'compact' as const,
      protected: wantProtected ?? {},
      recipients: [only],
    };
    checks.push(
      acceptance(`${prefix}encrypt compact`, request, (out) =>
        judgeEncryption(p, keyed, out, wantProtected),
      ),
    );
  }
  if (expected.jsonGeneral !== undefined || expected.jsonFlattened !== undefined) {
    const shared = {
      ...(wantProtected === undefined ? {} : { protected: wantProtected }),
      ...(inputs.unprotected === undefined ? {} : { unprotected: inputs.unprotected }),
      ...(inputs.aadB64u === undefined ? {} : { aad: inputs.aadB64u }),
    };
    const request = { ...common, ...shared, serialization: 'json' as const, recipients };
    checks.push(
      acceptance(`${prefix}encrypt JSON`, request, (out) =>
        judgeEncryption(p, keyed, out, wantProtected),
      ),
    );
  }
  return checks;
}

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
