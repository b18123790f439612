import { Buffer } from 'node:buffer';
import type { JWK } from '../jwk/types.js';
import type { Base64Url, JsonObject, VectorBase, VectorKind } from './types.js';

/** A field a vector entry lacks or has in the wrong shape; the entry is then kept as `unrecognised`. */
export class ShapeError extends Error {}

/** One entry of a vector file, with the other entries of its file for `key_ref` lookups. */
export interface RawEntry {
  readonly raw: JsonObject;
  readonly file: string;
  readonly siblings: ReadonlyMap<string, JsonObject>;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function optString(o: JsonObject, name: string): string | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ShapeError(`"${name}" is not a string`);
  return v;
}

export function string(o: JsonObject, name: string): string {
  const v = optString(o, name);
  if (v === undefined) throw new ShapeError(`"${name}" is missing`);
  return v;
}

export function optObject(o: JsonObject, name: string): JsonObject | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new ShapeError(`"${name}" is not an object`);
  return v;
}

export function object(o: JsonObject, name: string): JsonObject {
  const v = optObject(o, name);
  if (v === undefined) throw new ShapeError(`"${name}" is missing`);
  return v;
}

export function objects(o: JsonObject, name: string): JsonObject[] | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every(isObject)) throw new ShapeError(`"${name}" is not an array of objects`);
  return v;
}

export const utf8ToB64u = (text: string): Base64Url => Buffer.from(text, 'utf8').toString('base64url');
export const hexToB64u = (hex: string): Base64Url => Buffer.from(hex, 'hex').toString('base64url');

/** The JSON object an encoded header holds. */
export function decodeHeader(b64u: Base64Url): JsonObject {
  const v: unknown = JSON.parse(Buffer.from(b64u, 'base64url').toString('utf8'));
  if (!isObject(v)) throw new ShapeError('an encoded header is not a JSON object');
  return v;
}

/** A JSON header given as text (exact, maybe with CR LF) or as an object. */
export function headerOf(o: JsonObject, objectName: string, textName: string): JsonObject | undefined {
  const text = optString(o, textName);
  if (text === undefined) return optObject(o, objectName);
  const v: unknown = JSON.parse(text);
  if (!isObject(v)) throw new ShapeError(`"${textName}" is not a JSON object`);
  return v;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

/** The public JWK of a published key (its private members removed), or `null` for a symmetric key. */
export function publicJwk(jwk: JWK): JWK | null {
  if (jwk.kty === 'oct') return null;
  const out: JWK = { kty: jwk.kty };
  for (const [name, value] of Object.entries(jwk)) if (!PRIVATE_MEMBERS.includes(name)) out[name] = value;
  return out;
}

export function jwkOf(v: unknown, what: string): JWK {
  if (!isObject(v) || typeof v.kty !== 'string') throw new ShapeError(`${what} is not a JWK`);
  return v as JWK;
}

/** The JWK an entry holds under `key` or `jwk`. */
export function entryKey(o: JsonObject): JWK | undefined {
  const v = o.key ?? o.jwk;
  return v === undefined ? undefined : jwkOf(v, 'the key');
}

/** The key of the sibling entry `id` names (`key_ref`, `public_key_ref`, `public_ref`). */
export function keyRef(entry: RawEntry, id: string): JWK {
  const target = entry.siblings.get(id);
  const key = target === undefined ? undefined : entryKey(target);
  if (key === undefined) throw new ShapeError(`reference "${id}" names no key of ${entry.file}`);
  return key;
}

/** `RFC 7515, Appendix A.1` as `{ rfc: 'RFC 7515', section: 'Appendix A.1' }`. */
export function splitSource(source: string): { rfc: string; section: string } {
  const comma = source.indexOf(', ');
  return comma < 0 ? { rfc: source, section: '' } : { rfc: source.slice(0, comma), section: source.slice(comma + 2) };
}

/** The members every vector has, from its entry. */
export function base<K extends VectorKind>(entry: RawEntry, kind: K, algorithms: string[], deterministic: boolean, keys: Record<string, JWK>): VectorBase<K> {
  const { raw, file } = entry;
  const id = string(raw, 'id');
  const { rfc, section } = splitSource(optString(raw, 'source') ?? id);
  const out: VectorBase<K> = { id, kind, rfc, section, title: optString(raw, 'title') ?? '', file, algorithms: [...new Set(algorithms)], deterministic, keys };
  const notes = optString(raw, 'notes');
  if (notes !== undefined) out.notes = notes;
  return out;
}

/** A JSON serialization is general when it lists `signatures` or `recipients`, whatever its field name. */
export function serializations(o: JsonObject, names: readonly string[], list: 'signatures' | 'recipients'): { general?: JsonObject; flattened?: JsonObject } {
  const out: { general?: JsonObject; flattened?: JsonObject } = {};
  for (const name of names) {
    const v = optObject(o, name);
    if (v === undefined) continue;
    if (Object.hasOwn(v, list)) out.general = v;
    else out.flattened = v;
  }
  return out;
}
