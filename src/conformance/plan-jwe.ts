// The checks of published JWEs (also the JWE half of a nested JWT): decrypt, refuse tampered,
// re-encrypt. The judging of an encryption lives in judge-jwe.ts, key management vectors in
// plan-key-management.ts, so that each file stays small.
import type { JWK } from '../jwk/types.js';
import type { PlannedRequest } from './check.js';
import { acceptance, type Check, equality, refusal, tamper, tamperPart } from './check.js';
import { type JweParts, judgeEncryption } from './judge-jwe.js';
import type { EncryptRequest } from './protocol.js';
import type { JsonObject } from './types.js';

// Header members the key management algorithm writes itself; a request gives their values as fixed inputs instead.
const ALGORITHM_MEMBERS = ['epk', 'p2s', 'p2c', 'iv', 'tag'];

/** A header without the members the key management algorithm writes itself. */
export function requested(header: JsonObject | undefined): JsonObject | undefined {
  return header === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(header).filter(([name]) => !ALGORITHM_MEMBERS.includes(name)),
      );
}

/** Why a JWE with a changed tag must be refused. */
export const TAMPERED = 'a changed tag must not decrypt (RFC 7516 s5.2 step 16)';

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
