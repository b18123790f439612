import { b64u, b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { HeaderCache, rememberable } from '../util/cache.js';
import { headerJson, parseHeaderJson } from '../util/header-json.js';
import { type JsonObject, parseJsonObject } from '../util/json.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { algorithmForSigning } from './algs/registry.js';
import { checkHeaders } from './header.js';

/** What signing needs from a protected header: its encoded form, its algorithm, and whether it has `b64: false`. */
export interface SigningHeader {
  encoded: string;
  alg: SignatureAlgorithm;
  /** RFC 7797: the payload is signed as it is, not base64url-encoded. */
  unencoded: boolean;
}

function signingEntry(text: string): SigningHeader {
  const header = parseHeaderJson(text, 'protectedHeader');
  checkHeaders(header, undefined, undefined);
  return {
    encoded: b64u(text),
    alg: algorithmForSigning(header.alg as string),
    unencoded: header.b64 === false,
  };
}

// Never handed out, only copied (a frozen object copies much slower).
function receivedTemplate(encoded: string, understood: readonly string[]): JsonObject {
  const text = utf8Decode(
    b64uDecode(encoded, 'ERR_JWS_INVALID', 'JWS header'),
    'ERR_JWS_INVALID',
    'JWS header',
  );
  const header = parseJsonObject(text, 'ERR_JWS_INVALID', 'JWS header');
  checkHeaders(header, undefined, understood);
  return header;
}

const signing = new HeaderCache<SigningHeader, undefined>(signingEntry, () => true);
const received = new HeaderCache<JsonObject, readonly string[]>(receivedTemplate, rememberable);

/**
 * The caller's protected header, serialized, checked and encoded. The result depends only on
 * the JSON text, which is written afresh on every call (so a header object changed between
 * calls is seen as changed), and keys the cache.
 * @throws {JoseError} the errors of {@link checkHeaders} and of `algorithmForSigning`
 */
export function signingHeader(protectedHeader: unknown): SigningHeader {
  return signing.get(headerJson(protectedHeader, 'protectedHeader'), undefined);
}

/**
 * The checked protected header of a compact JWS from its encoded first part, `jws` up to
 * `dot1`: strict base64url, strict UTF-8, JSON without duplicate names, and
 * {@link checkHeaders}. Each call returns a new object, so a caller changing it changes nothing
 * else.
 * @throws {JoseError} `ERR_JWS_INVALID`, or the errors of {@link checkHeaders}
 */
export function receivedHeader(
  jws: string,
  dot1: number,
  understood: readonly string[],
): JsonObject {
  return { ...received.get(jws.slice(0, dot1), understood) };
}
