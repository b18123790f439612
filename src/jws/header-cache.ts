import { b64u, b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { BoundedCache } from '../util/cache.js';
import { parseJsonObject, type JsonObject } from '../util/json.js';
import { algorithmForSigning } from './algs/registry.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { checkHeaders } from './header.js';
import { headerJson } from './serialize.js';

/**
 * Distinct headers remembered on each side. A signer uses a handful of headers and a verifier
 * sees a handful (one per issuer and key), so nearly every token hits; a flood of distinct
 * headers only evicts, it never grows memory.
 */
export const HEADER_CACHE_SIZE = 64;
/** Longer headers (certificate chains, embedded keys) are checked every time instead of held. */
const MAX_CACHED_LENGTH = 1024;

/** What signing needs from a protected header: its encoded form, its algorithm, and whether it has `b64: false`. */
export interface SigningHeader {
  encoded: string;
  alg: SignatureAlgorithm;
  /** RFC 7797: the payload is signed as it is, not base64url-encoded. */
  unencoded: boolean;
}

const signing = new BoundedCache<string, SigningHeader>(HEADER_CACHE_SIZE);
const received = new BoundedCache<string, Readonly<JsonObject>>(HEADER_CACHE_SIZE);
// The header signed or received last: a signer or verifier mostly sees one header over and over,
// and comparing strings spares hashing the text for the map.
let lastSigned: { text: string; entry: SigningHeader } | undefined;
let lastReceived: { encoded: string; header: Readonly<JsonObject> } | undefined;

/**
 * The caller's protected header, serialized, checked and encoded. The result depends only on
 * the JSON text, which is written afresh on every call (so a header object changed between
 * calls is seen as changed), and keys the cache.
 * @throws {JoseError} the errors of {@link checkHeaders} and of `algorithmForSigning`
 */
export function signingHeader(protectedHeader: unknown): SigningHeader {
  const text = headerJson(protectedHeader, 'protectedHeader');
  if (lastSigned !== undefined && lastSigned.text === text) return lastSigned.entry;
  let entry = signing.get(text);
  if (entry === undefined) {
    const header = parseJsonObject(text, 'ERR_INVALID_ARGUMENT', 'protectedHeader');
    checkHeaders(header, undefined, undefined);
    entry = { encoded: b64u(text), alg: algorithmForSigning(header.alg as string), unencoded: header.b64 === false };
    if (text.length > MAX_CACHED_LENGTH) return entry;
    signing.set(text, entry);
  }
  lastSigned = { text, entry };
  return entry;
}

// Only headers whose checks cannot depend on the verifier's options (no "crit") and whose
// members are all primitives are remembered, so a shallow copy is a whole new header.
function remembered(header: JsonObject): boolean {
  if (Object.hasOwn(header, 'crit')) return false;
  for (const v of Object.values(header)) if (typeof v === 'object' && v !== null) return false;
  return true;
}

/**
 * The checked protected header of a compact JWS from its encoded first part, `jws` up to
 * `dot1`: strict base64url, strict UTF-8, JSON without duplicate names, and
 * {@link checkHeaders}. Each call returns a new object, so a caller changing it changes nothing
 * else.
 * @throws {JoseError} `ERR_JWS_INVALID`, or the errors of {@link checkHeaders}
 */
export function receivedHeader(jws: string, dot1: number, understood: readonly string[]): JsonObject {
  const encoded = jws.slice(0, dot1);
  if (lastReceived !== undefined && lastReceived.encoded === encoded) return { ...lastReceived.header };
  const known = received.get(encoded);
  if (known !== undefined) {
    lastReceived = { encoded, header: known };
    return { ...known };
  }
  const text = utf8Decode(b64uDecode(encoded, 'ERR_JWS_INVALID', 'JWS header'), 'ERR_JWS_INVALID', 'JWS header');
  const header = parseJsonObject(text, 'ERR_JWS_INVALID', 'JWS header');
  checkHeaders(header, undefined, understood);
  if (encoded.length <= MAX_CACHED_LENGTH && remembered(header)) {
    // Never handed out, only copied (a frozen object would copy several times slower).
    const template = { ...header };
    received.set(encoded, template);
    lastReceived = { encoded, header: template };
  }
  return header;
}
