import { Buffer } from 'node:buffer';
import { signatureFacts } from '../algs/lookup.js';
import { importJWK } from '../jwk/import-jwk.js';
import type { JWK } from '../jwk/types.js';
import { verifyJSON } from '../jws/json-verify.js';
import type { FlattenedJWS } from '../jws/types.js';
import { jwsAllowList } from './allow.js';
import {
  acceptance,
  type Check,
  decodeJson,
  equality,
  type Outputs,
  reference,
  refusal,
  same,
  sameJson,
  tamper,
  tamperPart,
} from './check.js';
import type { JsonObject, JwsExpected, JwsInputs, KeyCrosscheck } from './types.js';

// Refusal vectors publish no key; a verifier is given this one and must still refuse.
const UNRELATED_KEY: JWK = { kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') };

interface JwsParts {
  inputs: JwsInputs;
  expected: JwsExpected;
  keys: Record<string, JWK>;
  refusal?: string;
}

interface Entry {
  protected?: string;
  header?: JsonObject;
  signature: string;
}

/** The signature entries of a JSON serialization, general or flattened. */
function entries(json: JsonObject): Entry[] | undefined {
  const list = Array.isArray(json.signatures) ? json.signatures : [json];
  return list.every(
    (e) => typeof e === 'object' && e !== null && typeof (e as Entry).signature === 'string',
  )
    ? (list as Entry[])
    : undefined;
}

// RFC 7797: with "b64": false in its (every signature's) protected header, the payload is signed as it is.
const unencoded = (p: JwsParts): boolean => p.inputs.signatures[0]?.protectedHeader?.b64 === false;

// RFC 7515 Appendix F: published without its payload. An empty payload part is detached only when
// the vector's payload is not itself empty: otherwise it is the empty payload (ACME POST-as-GET).
const compactDetached = (compact: string, payloadB64u: string): boolean =>
  compact.split('.')[1] === '' && payloadB64u !== '';
const jsonDetached = (json: JsonObject, payloadB64u: string): boolean =>
  json.payload === undefined || (json.payload === '' && payloadB64u !== '');

/**
 * Judges one produced signature entry against signature `i` of the vector: its headers, a
 * verification by the runner's reference (given the payload as detached content, which suits
 * every serialization and `b64` value), and, when the adapter encoded the protected header as
 * published and the algorithm is deterministic, the published signature itself.
 */
function judgeEntry(p: JwsParts, i: number, e: Entry): string | undefined {
  const sig = p.inputs.signatures[i];
  if (sig === undefined) return `signature ${i} was not asked for`;
  const header = e.protected === undefined ? undefined : decodeJson(e.protected);
  if (
    sig.protectedHeader !== undefined &&
    (header === undefined || !sameJson(header, sig.protectedHeader))
  )
    return `signature ${i}: the protected header is not the one asked for`;
  if (sig.header !== undefined && !sameJson(e.header, sig.header))
    return `signature ${i}: the unprotected header is not the one asked for`;
  const key = sig.verificationKey === undefined ? undefined : p.keys[sig.verificationKey];
  if (key === undefined) return undefined;
  const flat: FlattenedJWS = {
    signature: e.signature,
    ...(e.protected === undefined ? {} : { protected: e.protected }),
    ...(e.header === undefined ? {} : { header: e.header }),
  };
  const detachedPayload = Buffer.from(p.inputs.payloadB64u, 'base64url');
  const wrong = reference(`signature ${i} does not verify`, () =>
    verifyJSON(flat, importJWK(key), { algorithms: jwsAllowList(sig.alg), detachedPayload }),
  );
  if (wrong !== undefined) return wrong;
  if (signatureFacts(sig.alg)?.deterministic === true && e.protected === sig.protectedB64u)
    return same(`signature ${i}`, e.signature, p.expected.signaturesB64u[i] as string);
  return undefined;
}

function judgeCompact(p: JwsParts, out: Outputs, detached: boolean): string | undefined {
  if (typeof out.compact !== 'string') return 'no compact serialization was returned';
  const [h, payload, signature, extra] = out.compact.split('.');
  if (h === undefined || payload === undefined || signature === undefined || extra !== undefined)
    return 'the compact serialization does not have three parts';
  if (payload !== (detached ? '' : p.inputs.payloadB64u))
    return detached
      ? 'the payload part is not empty (detached)'
      : 'the payload part is not the payload';
  return judgeEntry(p, 0, { protected: h, signature });
}

// The payload member: absent when detached, the payload's text with "b64": false, else its base64url.
function judgeJsonPayload(p: JwsParts, json: JsonObject, detached: boolean): string | undefined {
  if (detached)
    return json.payload === undefined
      ? undefined
      : 'the payload member is there, but the payload is detached';
  const want = unencoded(p)
    ? Buffer.from(p.inputs.payloadB64u, 'base64url').toString('utf8')
    : p.inputs.payloadB64u;
  return json.payload === want ? undefined : 'the payload member is not the payload';
}

function judgeJson(p: JwsParts, out: Outputs, detached: boolean): string | undefined {
  const json = out.json;
  if (typeof json !== 'object' || json === null) return 'no JSON serialization was returned';
  const list = entries(json as JsonObject);
  if (list === undefined || list.length !== p.inputs.signatures.length)
    return 'the JSON serialization does not hold one signature per signer';
  const wrongPayload = judgeJsonPayload(p, json as JsonObject, detached);
  if (wrongPayload !== undefined) return wrongPayload;
  for (const [i, e] of list.entries()) {
    const wrong = judgeEntry(p, i, e);
    if (wrong !== undefined) return wrong;
  }
  return undefined;
}

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
