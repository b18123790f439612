// How the runner judges an adapter's signing, apart from the planning of JWS checks so that each
// stays small; the judge knows the vector's parts but nothing of how requests are built.
import { Buffer } from 'node:buffer';
import { signatureFacts } from '../algs/lookup.js';
import { importJWK } from '../jwk/import-jwk.js';
import type { JWK } from '../jwk/types.js';
import { verifyJSON } from '../jws/json-verify.js';
import type { FlattenedJWS } from '../jws/types.js';
import { jwsAllowList } from './allow.js';
import { decodeJson, type Outputs, reference, same, sameJson } from './check.js';
import type { JsonObject, JwsExpected, JwsInputs } from './types.js';

/** The parts of a JWS vector the checks use (a nested JWT gives its inner JWS in this shape). */
export interface JwsParts {
  inputs: JwsInputs;
  expected: JwsExpected;
  keys: Record<string, JWK>;
  refusal?: string;
}

/** One signature of a JSON serialization. */
export interface Entry {
  protected?: string;
  header?: JsonObject;
  signature: string;
}

/** The signature entries of a JSON serialization, general or flattened. */
export function entries(json: JsonObject): Entry[] | undefined {
  const list = Array.isArray(json.signatures) ? json.signatures : [json];
  return list.every(
    (e) => typeof e === 'object' && e !== null && typeof (e as Entry).signature === 'string',
  )
    ? (list as Entry[])
    : undefined;
}

// RFC 7797: with "b64": false in its (every signature's) protected header, the payload is signed as it is.
const unencoded = (p: JwsParts): boolean => p.inputs.signatures[0]?.protectedHeader?.b64 === false;

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

/** Judges a compact signing: three parts, the payload part as asked, and its one signature. */
export function judgeCompact(p: JwsParts, out: Outputs, detached: boolean): string | undefined {
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

/** Judges a JSON signing: the payload member as asked, and one judged signature per signer. */
export function judgeJson(p: JwsParts, out: Outputs, detached: boolean): string | undefined {
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
