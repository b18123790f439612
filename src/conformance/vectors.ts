import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JoseError } from '../util/errors.js';
import { base, type RawEntry } from './fields.js';
import { toJweVector, toJwsVector, toNestedVector } from './normalize-jose.js';
import { toContentVector, toJwkVector, toKeyAgreementVector, toKeyWrapVector, toThumbprintVector } from './normalize-keys.js';
import type { ConformanceVector, JsonObject, UnrecognisedVector } from './types.js';
import { loadWycheproof } from './wycheproof.js';

export type * from './types.js';
export type * from './protocol.js';

/**
 * The absolute path of the `vectors/` folder shipped with jose-core. This module sits two levels
 * below the package root both as `src/conformance/vectors.ts` and as `dist/conformance/vectors.js`.
 *
 * @example
 * ```ts
 * readdirSync(vectorsDirectory()) // ['rfc3394-aes-key-wrap.json', ...]
 * ```
 */
export function vectorsDirectory(): string {
  return fileURLToPath(new URL('../../vectors/', import.meta.url));
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const REFERENCES = new Set(['key_ref', 'public_key_ref', 'public_ref']);
const KEY_ONLY = new Set(['id', 'source', 'title', 'jwk', 'key']);

// Ids named by key_ref / public_key_ref / public_ref anywhere in the file's entries.
function referencedIds(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedIds(v, into);
  else if (isObject(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (REFERENCES.has(name) && typeof v === 'string') into.add(v);
      else referencedIds(v, into);
    }
  }
  return into;
}

function classify(entry: RawEntry): ConformanceVector {
  const r = entry.raw;
  if (r.jwa_alg !== undefined && r.kek_hex !== undefined) return toKeyWrapVector(entry);
  if (r.K_hex !== undefined || (r.cek_hex !== undefined && r.plaintext_hex !== undefined)) return toContentVector(entry);
  if (r.thumbprint_b64u !== undefined) return toThumbprintVector(entry);
  if (r.derived_key_b64u !== undefined && r.bob_key !== undefined) return toKeyAgreementVector(entry);
  if (isObject(r.jws) && isObject(r.jwe)) return toNestedVector(entry);
  if (r.signatures !== undefined || r.signature_b64u !== undefined || (r.enc === undefined && r.json !== undefined)) return toJwsVector(entry);
  if (r.enc !== undefined) return toJweVector(entry);
  if (r.jwk_set !== undefined || r.jwk !== undefined) return toJwkVector(entry);
  throw new Error('its fields match no known kind of vector');
}

function unrecognised(entry: RawEntry, id: string, reason: string): UnrecognisedVector {
  return { ...base({ ...entry, raw: { ...entry.raw, id } }, 'unrecognised', [], false, {}), reason, inputs: entry.raw, expected: {} };
}

/** The `format` of a vector file in the one normalized shape (vectors/schema/vector-file.schema.json). */
export const VECTOR_FORMAT = 'jose-core-vectors/1';

const KINDS = new Set(['jws', 'jwe', 'nested-jwt', 'jwk', 'thumbprint', 'key-wrap', 'content-encryption', 'key-agreement']);

// An entry of a normalized file is a vector as it is; only its frame is checked here, its parts by the plan.
function normalized(raw: JsonObject, file: string): ConformanceVector {
  const frame = typeof raw.id === 'string' && typeof raw.rfc === 'string' && typeof raw.section === 'string' && typeof raw.kind === 'string';
  if (!frame || !KINDS.has(raw.kind as string)) throw new Error('it lacks the id, rfc, section or kind of the vector format');
  if (!Array.isArray(raw.algorithms) || !isObject(raw.keys) || !isObject(raw.inputs) || !isObject(raw.expected)) throw new Error('it lacks algorithms, keys, inputs or expected');
  return { title: '', deterministic: false, ...raw, file } as unknown as ConformanceVector;
}

function readEntries(directory: string, file: string): { entries: unknown[]; normalized: boolean } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(directory, file), 'utf8'));
  } catch {
    return 'the file is not readable JSON';
  }
  if (!isObject(parsed) || !Array.isArray(parsed.vectors)) return 'the file has no "vectors" array';
  return { entries: parsed.vectors, normalized: parsed.format === VECTOR_FORMAT };
}

/**
 * Reads every `*.json` file of the vectors folder and normalises its entries, whatever the
 * file's schema (the RFC transcriptions and the flat RFC 7520 files), into one typed form: id,
 * RFC and section, kind, algorithms, keys as JWKs, inputs and expected outputs. Entries that only
 * hold a key other entries refer to (`key_ref`) are not vectors of their own. An entry (or file)
 * the loader cannot read is kept as an `unrecognised` vector whose `reason` says why, so nothing
 * is lost silently.
 *
 * @param directory - the folder to read (default: the one shipped with the package)
 * @returns the vectors, file by file in name order, each file's in its own order; ids are unique
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` when the folder cannot be read
 * @example
 * ```ts
 * import { loadVectors } from 'jose-core/vectors'
 * for (const v of loadVectors()) if (v.kind === 'jws' && v.refusal === undefined) {
 *   const key = v.keys[v.inputs.signatures[0].verificationKey]
 *   // verify v.expected.compact with your library, expect v.inputs.payloadB64u
 * }
 * ```
 */
export function loadVectors(directory: string = vectorsDirectory()): ConformanceVector[] {
  let files: string[];
  try {
    files = readdirSync(directory).filter((f) => f.endsWith('.json')).sort();
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'the vectors directory cannot be read');
  }
  const out: ConformanceVector[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const read = readEntries(directory, file);
    if (typeof read === 'string') {
      out.push(unrecognised({ raw: {}, file, siblings: new Map() }, file, read));
      continue;
    }
    const entries = read.entries;
    const siblings = new Map<string, JsonObject>();
    for (const e of entries) if (isObject(e) && typeof e.id === 'string') siblings.set(e.id, e);
    const referenced = referencedIds(entries, new Set());
    entries.forEach((e, index) => {
      const raw = isObject(e) ? e : { value: e };
      const entry: RawEntry = { raw, file, siblings };
      const id = typeof raw.id === 'string' ? raw.id : `${file}#${index}`;
      if (referenced.has(id) && Object.keys(raw).every((k) => KEY_ONLY.has(k))) return;
      let vector: ConformanceVector;
      try {
        vector = read.normalized ? normalized(raw, file) : classify(entry);
      } catch (err) {
        vector = unrecognised(entry, id, err instanceof Error ? err.message : 'the entry cannot be read');
      }
      const first = seen.get(vector.id);
      if (first !== undefined) vector = unrecognised(entry, `${id}@${file}`, `its id is already used in ${first}`);
      seen.set(vector.id, file);
      out.push(vector);
    });
  }
  return out;
}

/**
 * Project Wycheproof's JOSE test files shipped in `vectors/wycheproof/` (Apache-2.0, with its
 * LICENSE), as conformance vectors: `valid` tokens must verify or decrypt, `invalid` ones be refused.
 *
 * @example
 * ```ts
 * runConformance(loadWycheproofVectors()).ok
 * ```
 */
export function loadWycheproofVectors(): ConformanceVector[] {
  return loadWycheproof(join(vectorsDirectory(), 'wycheproof'));
}
