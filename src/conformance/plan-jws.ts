// The checks of published JWSs (also the inner JWS of a nested JWT) and of signatures published
// with a key: verify, refuse tampered or detached-payload mix-ups, re-sign. The judging of a
// signing lives in judge-jws.ts, so that each file stays small.
import { Buffer } from 'node:buffer';
import type { JWK } from '../jwk/types.js';
import {
  acceptance,
  type Check,
  decodeJson,
  equality,
  refusal,
  tamper,
  tamperPart,
} from './check.js';
import { type Entry, entries, type JwsParts, judgeCompact, judgeJson } from './judge-jws.js';
import type { JsonObject, KeyCrosscheck } from './types.js';

// Refusal vectors publish no key; a verifier is given this one and must still refuse.
const UNRELATED_KEY: JWK = { kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') };

// RFC 7515 Appendix F: published without its payload. An empty payload part is detached only when
// the vector's payload is not itself empty: otherwise it is the empty payload (ACME POST-as-GET).
const compactDetached = (compact: string, payloadB64u: string): boolean =>
  compact.split('.')[1] === '' && payloadB64u !== '';
const jsonDetached = (json: JsonObject, payloadB64u: string): boolean =>
  json.payload === undefined || (json.payload === '' && payloadB64u !== '');

const TAMPERED = 'a changed signature must not verify (RFC 7515 s5.2)';
const DETACHED = 'the signature covers the detached payload, and only it (RFC 7515 Appendix F)';

/**
 * The checks of a JWS: verify every published serialization (and refuse it tampered, or, when
 * its payload is detached, without that payload or with another one), re-sign it.
 */
export function jwsChecks(p: JwsParts, prefix = ''): Check[] {
  const { inputs, expected, keys } = p;
  const checks: Check[] = [];
  const first = inputs.signatures[0];
  if (first === undefined) return checks;
  const keyOf = (name: string | undefined): JWK | undefined =>
    name === undefined ? undefined : keys[name];
  if (p.refusal !== undefined) {
    const jws = expected.compact ?? expected.jsonFlattened ?? expected.jsonGeneral;
    if (jws !== undefined)
      checks.push(
        refusal(
          `${prefix}verify refuses`,
          { op: 'verify', jws, key: keyOf(first.verificationKey) ?? UNRELATED_KEY, alg: first.alg },
          p.refusal,
        ),
      );
    return checks;
  }
  const verifier = keyOf(first.verificationKey);
  // Detached content travels beside the JWS: it must be asked for, and a longer copy must not verify.
  const longer = Buffer.concat([
    Buffer.from(inputs.payloadB64u, 'base64url'),
    Buffer.of(0x2e),
  ]).toString('base64url');
  const detachedChecks = (
    what: string,
    jws: string | JsonObject,
    key: JWK,
    alg: string,
  ): Check[] => [
    refusal(
      `${prefix}verify ${what}, without its detached payload`,
      { op: 'verify', jws, key, alg },
      DETACHED,
    ),
    refusal(
      `${prefix}verify ${what}, another detached payload`,
      { op: 'verify', jws, key, alg, payload: longer },
      DETACHED,
    ),
  ];
  const compactIsDetached =
    expected.compact !== undefined && compactDetached(expected.compact, inputs.payloadB64u);
  if (expected.compact !== undefined && verifier !== undefined) {
    const payload = compactIsDetached ? { payload: inputs.payloadB64u } : {};
    checks.push(
      equality(
        `${prefix}verify compact`,
        { op: 'verify', jws: expected.compact, key: verifier, alg: first.alg, ...payload },
        { payload: inputs.payloadB64u },
      ),
    );
    checks.push(
      refusal(
        `${prefix}verify compact, tampered`,
        {
          op: 'verify',
          jws: tamperPart(expected.compact, 2),
          key: verifier,
          alg: first.alg,
          ...payload,
        },
        TAMPERED,
      ),
    );
    if (compactIsDetached)
      checks.push(...detachedChecks('compact', expected.compact, verifier, first.alg));
  }
  for (const [form, json] of [
    ['general', expected.jsonGeneral],
    ['flattened', expected.jsonFlattened],
  ] as const) {
    if (json === undefined) continue;
    const payload = jsonDetached(json, inputs.payloadB64u) ? { payload: inputs.payloadB64u } : {};
    inputs.signatures.forEach((sig, i) => {
      const key = keyOf(sig.verificationKey);
      if (key !== undefined)
        checks.push(
          equality(
            `${prefix}verify JSON ${form} with key ${i}`,
            { op: 'verify', jws: json, key, alg: sig.alg, ...payload },
            { payload: inputs.payloadB64u },
          ),
        );
    });
    const firstEntry = entries(json)?.[0];
    if (verifier !== undefined && firstEntry !== undefined) {
      const bad = structuredClone(json);
      const target = (Array.isArray(bad.signatures) ? bad.signatures[0] : bad) as Entry;
      target.signature = tamper(firstEntry.signature);
      checks.push(
        refusal(
          `${prefix}verify JSON ${form}, tampered`,
          { op: 'verify', jws: bad, key: verifier, alg: first.alg, ...payload },
          TAMPERED,
        ),
      );
      if (jsonDetached(json, inputs.payloadB64u))
        checks.push(...detachedChecks(`JSON ${form}`, json, verifier, first.alg));
    }
  }
  const signers = inputs.signatures.map((s) => ({
    ...(s.protectedHeader === undefined ? {} : { protected: s.protectedHeader }),
    ...(s.header === undefined ? {} : { header: s.header }),
    key: keyOf(s.signingKey),
  }));
  if (signers.every((s) => s.key !== undefined)) {
    const complete = signers as Array<(typeof signers)[number] & { key: JWK }>;
    if (expected.compact !== undefined && complete.length === 1 && first.header === undefined) {
      const detached = compactIsDetached;
      const request = {
        op: 'sign' as const,
        serialization: 'compact' as const,
        payload: inputs.payloadB64u,
        signers: complete,
        ...(detached ? { detached } : {}),
      };
      checks.push(
        acceptance(`${prefix}sign compact`, request, (out) => judgeCompact(p, out, detached)),
      );
    }
    const json = expected.jsonGeneral ?? expected.jsonFlattened;
    if (json !== undefined) {
      const detached = jsonDetached(json, inputs.payloadB64u);
      const request = {
        op: 'sign' as const,
        serialization: 'json' as const,
        payload: inputs.payloadB64u,
        signers: complete,
        ...(detached ? { detached } : {}),
      };
      checks.push(acceptance(`${prefix}sign JSON`, request, (out) => judgeJson(p, out, detached)));
    }
  }
  return checks;
}

/** The checks of a signature published with a key: it verifies, and is re-made when the key is private or secret. */
export function crosscheckChecks(c: KeyCrosscheck, key: JWK, verificationKey: JWK): Check[] {
  const [headerB64u, payloadB64u] = c.signingInputAscii.split('.') as [string, string];
  const canSign = key.kty === 'oct' || key.d !== undefined;
  return jwsChecks(
    {
      inputs: {
        payloadB64u,
        signatures: [
          {
            alg: c.alg,
            protectedHeader: decodeJson(headerB64u) ?? {},
            protectedB64u: headerB64u,
            verificationKey: 'public',
            ...(canSign ? { signingKey: 'key' } : {}),
          },
        ],
      },
      expected: {
        signaturesB64u: [c.signatureB64u],
        compact: `${c.signingInputAscii}.${c.signatureB64u}`,
      },
      keys: { key, public: verificationKey },
    },
    `${c.source}: `,
  );
}
