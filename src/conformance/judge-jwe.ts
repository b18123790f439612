// How the runner judges an adapter's encryption, apart from the planning of JWE checks so that
// each stays small; the judge knows the vector's parts but nothing of how requests are built.
import { Buffer } from 'node:buffer';
import { keyManagementFacts } from '../algs/lookup.js';
import { decryptCompact } from '../jwe/compact.js';
import { decryptJSON } from '../jwe/json-decrypt.js';
import { keyManagement } from '../jwe/keys/table.js';
import type { GeneralJWE } from '../jwe/types.js';
import type { JWK } from '../jwk/types.js';
import { jweAllowLists } from './allow.js';
import { decodeJson, type Outputs, reference, same, sameJson } from './check.js';
import { jweKeyFor } from './jwe-key.js';
import type { JsonObject, JweExpected, JweInputs } from './types.js';

/** The parts of a JWE vector the checks use (a nested JWT gives its JWE half in this shape). */
export interface JweParts {
  inputs: JweInputs;
  expected: JweExpected;
  keys: Record<string, JWK>;
  refusal?: string;
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
export function judgeEncryption(
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
