import { Buffer } from 'node:buffer';
import { b64u, b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { BoundedCache } from '../util/cache.js';
import { isObject, parseJsonObject, type JsonObject } from '../util/json.js';
import type { ContentEncryption } from './content/types.js';
import { algorithmsFor, headerJson, parseHeaderJson } from './encrypt.js';
import { joseHeader } from './header.js';
import type { KeyManagement } from './keys/types.js';
import type { JWEHeaderParameters } from './types.js';

/**
 * Distinct compact protected headers remembered on each side. An encrypter uses a handful of
 * headers and a decrypter sees a handful, so nearly every token hits; a flood of distinct
 * headers only evicts, it never grows memory.
 */
export const JWE_HEADER_CACHE_SIZE = 64;
/** Longer headers (embedded keys, certificate chains) are checked every time instead of held. */
const MAX_CACHED_LENGTH = 1024;

/** A caller's compact protected header, checked, with its algorithms and its encoded form. */
export interface EncryptionHeader {
  /** The JSON text as the caller's object serialized. */
  readonly json: string;
  /** The parsed header; read, never changed, by the algorithms. */
  readonly header: JWEHeaderParameters;
  readonly km: KeyManagement;
  readonly ce: ContentEncryption;
  /** BASE64URL(UTF8(json)), and the same as the ASCII octets of the AAD (RFC 7516 s5.1 steps 13-14). */
  readonly encoded: string;
  readonly aad: Buffer;
}

/** A received protected header, checked, and its AAD. */
export interface ReceivedHeader {
  /** A fresh object on every call: a caller or resolver changing it changes nothing else. */
  readonly header: JWEHeaderParameters;
  readonly aad: Buffer;
}

// Only headers whose checks cannot depend on a recipient's options (no "crit") and whose
// members are all primitives are remembered, so a shallow copy is a whole new header.
function remembered(header: JsonObject, length: number): boolean {
  if (length > MAX_CACHED_LENGTH || Object.hasOwn(header, 'crit')) return false;
  for (const v of Object.values(header)) if (typeof v === 'object' && v !== null) return false;
  return true;
}

// A buffer of its own, so a cached AAD never holds on to a shared allocation pool.
function ascii(text: string): Buffer {
  const out = Buffer.allocUnsafeSlow(text.length);
  out.write(text, 'latin1');
  return out;
}

// JSON.stringify of a plain object without toJSON depends on nothing but its own enumerable
// members' names and values, in order. So a plain object whose members are exactly those of the
// last header as parsed back from its text (strings, finite numbers, booleans and null, which
// JSON gives back unchanged) has that text, which then need not be written again: comparing
// the members costs a fifth of writing them.
function hasMembersOf(o: unknown, header: JsonObject): boolean {
  if (!isObject(o) || 'toJSON' in o) return false;
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return false;
  const names = Object.keys(o);
  const known = Object.keys(header);
  if (names.length !== known.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name !== known[i] || o[name] !== header[name]) return false;
  }
  return true;
}

const encrypting = new BoundedCache<string, EncryptionHeader>(JWE_HEADER_CACHE_SIZE);
const receiving = new BoundedCache<string, { header: Readonly<JsonObject>; aad: Buffer }>(JWE_HEADER_CACHE_SIZE);
// The header used last on each side: mostly the same one over and over, and comparing strings
// spares hashing the text for the map.
let lastEncrypting: EncryptionHeader | undefined;
let lastReceived: { encoded: string; header: Readonly<JsonObject>; aad: Buffer } | undefined;

/**
 * The caller's compact protected header, serialized, checked ({@link joseHeader} as a producer)
 * and matched to its algorithms. The result depends only on the JSON text, which is written
 * afresh on every call (so a header object changed between calls is seen as changed), and
 * keys the cache; a plain header with the last one's members has its text, and is not written.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for a header that is not an object or does not
 *   serialize to one, the errors of {@link joseHeader} and `algorithmsFor`
 */
export function encryptionHeader(protectedHeader: unknown): EncryptionHeader {
  if (lastEncrypting !== undefined && hasMembersOf(protectedHeader, lastEncrypting.header)) return lastEncrypting;
  const json = headerJson(protectedHeader, 'protectedHeader');
  const known = lastEncrypting !== undefined && lastEncrypting.json === json ? lastEncrypting : encrypting.get(json);
  if (known !== undefined) return (lastEncrypting = known);
  const header = joseHeader({ protected: parseHeaderJson(json, 'protectedHeader') }, undefined);
  const { km, ce } = algorithmsFor(header);
  const encoded = b64u(json);
  const entry: EncryptionHeader = { json, header, km, ce, encoded, aad: ascii(encoded) };
  if (remembered(header, json.length)) {
    encrypting.set(json, entry);
    lastEncrypting = entry;
  }
  return entry;
}

/**
 * The checked protected header of a compact JWE from its encoded first part: strict
 * base64url, strict UTF-8, JSON without duplicate names, and {@link joseHeader} as a recipient
 * understanding `understood`.
 * @throws {JoseError} `ERR_JWE_INVALID`, or the errors of {@link joseHeader}
 */
export function receivedHeader(encoded: string, understood: readonly string[]): ReceivedHeader {
  if (lastReceived !== undefined && lastReceived.encoded === encoded) return { header: { ...lastReceived.header }, aad: lastReceived.aad };
  const known = receiving.get(encoded);
  if (known !== undefined) {
    lastReceived = { encoded, header: known.header, aad: known.aad };
    return { header: { ...known.header }, aad: known.aad };
  }
  const text = utf8Decode(b64uDecode(encoded, 'ERR_JWE_INVALID', 'JWE protected header'), 'ERR_JWE_INVALID', 'JWE protected header');
  const header = joseHeader({ protected: parseJsonObject(text, 'ERR_JWE_INVALID', 'JWE protected header') }, understood);
  const aad = ascii(encoded);
  if (remembered(header, encoded.length)) {
    // Never handed out, only copied.
    const template = { ...header };
    receiving.set(encoded, { header: template, aad });
    lastReceived = { encoded, header: template, aad };
  }
  return { header, aad };
}
