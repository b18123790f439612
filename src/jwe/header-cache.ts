import { Buffer } from 'node:buffer';
import { b64u, b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { HeaderCache, rememberable } from '../util/cache.js';
import { headerJson, parseHeaderJson } from '../util/header-json.js';
import { isObject, type JsonObject, parseJsonObject } from '../util/json.js';
import type { ContentEncryption } from './content/types.js';
import { algorithmsFor } from './encrypt.js';
import { joseHeader } from './header.js';
import type { KeyManagement } from './keys/types.js';
import type { JWEHeaderParameters } from './types.js';

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
// the members is cheaper than writing them (figures: bench/README.md, "Figures behind code choices").
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

function encryptionEntry(json: string): EncryptionHeader {
  const header = joseHeader({ protected: parseHeaderJson(json, 'protectedHeader') }, undefined);
  const { km, ce } = algorithmsFor(header);
  const encoded = b64u(json);
  return { json, header, km, ce, encoded, aad: ascii(encoded) };
}

// The header is never handed out, only copied.
function receivedEntry(encoded: string, understood: readonly string[]): ReceivedHeader {
  const text = utf8Decode(
    b64uDecode(encoded, 'ERR_JWE_INVALID', 'JWE protected header'),
    'ERR_JWE_INVALID',
    'JWE protected header',
  );
  const header = joseHeader(
    { protected: parseJsonObject(text, 'ERR_JWE_INVALID', 'JWE protected header') },
    understood,
  );
  return { header, aad: ascii(encoded) };
}

function keepHeader(entry: { readonly header: JWEHeaderParameters }): boolean {
  return rememberable(entry.header);
}

const encrypting = new HeaderCache<EncryptionHeader, undefined>(encryptionEntry, keepHeader);
const receiving = new HeaderCache<ReceivedHeader, readonly string[]>(receivedEntry, keepHeader);

/**
 * The caller's compact protected header, serialized, checked ({@link joseHeader} as a producer)
 * and matched to its algorithms. The result depends only on the JSON text, which is written
 * afresh on every call (so a header object changed between calls is seen as changed), and
 * keys the cache; a plain header with the last one's members has its text, and is not written.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for a header that is not an object or does not
 *   serialize to one, the errors of {@link joseHeader} and `algorithmsFor`
 */
export function encryptionHeader(protectedHeader: unknown): EncryptionHeader {
  const last = encrypting.last;
  if (last !== undefined && hasMembersOf(protectedHeader, last.header)) return last;
  return encrypting.get(headerJson(protectedHeader, 'protectedHeader'), undefined);
}

/**
 * The checked protected header of a compact JWE from its encoded first part: strict
 * base64url, strict UTF-8, JSON without duplicate names, and {@link joseHeader} as a recipient
 * understanding `understood`.
 * @throws {JoseError} `ERR_JWE_INVALID`, or the errors of {@link joseHeader}
 */
export function receivedHeader(encoded: string, understood: readonly string[]): ReceivedHeader {
  const entry = receiving.get(encoded, understood);
  return { header: { ...entry.header }, aad: entry.aad };
}
