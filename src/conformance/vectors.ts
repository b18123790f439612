import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JoseError } from '../util/errors.js';
import type { ConformanceVector, JsonObject, UnrecognisedVector } from './types.js';
import { loadWycheproof } from './wycheproof.js';

export type * from './protocol.js';
export type * from './types.js';

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

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `format` of a vector file (vectors/schema/vector-file.schema.json). */
export const VECTOR_FORMAT = 'jose-core-vectors/1';

const KINDS = new Set([
  'jws',
  'jwe',
  'nested-jwt',
  'jwk',
  'thumbprint',
  'key-wrap',
  'content-encryption',
  'key-agreement',
]);

// What cannot be read stays in the list, with the reason, so that nothing is lost silently.
function unrecognised(
  file: string,
  id: string,
  reason: string,
  raw: JsonObject = {},
): UnrecognisedVector {
  const source = typeof raw.source === 'string' ? raw.source : id;
  const comma = source.indexOf(', ');
  const [rfc, section] =
    comma < 0 ? [source, ''] : [source.slice(0, comma), source.slice(comma + 2)];
  return {
    id,
    kind: 'unrecognised',
    rfc,
    section,
    title: '',
    file,
    algorithms: [],
    deterministic: false,
    keys: {},
    reason,
    inputs: raw,
    expected: {},
  };
}

// An entry is a vector as it is; only its frame is checked here, its parts by the plan.
function vectorOf(raw: JsonObject, file: string): ConformanceVector | string {
  const frame =
    typeof raw.id === 'string' &&
    typeof raw.rfc === 'string' &&
    typeof raw.section === 'string' &&
    typeof raw.kind === 'string';
  if (!frame || !KINDS.has(raw.kind as string))
    return 'it lacks the id, rfc, section or kind of the vector format';
  if (
    !Array.isArray(raw.algorithms) ||
    !isObject(raw.keys) ||
    !isObject(raw.inputs) ||
    !isObject(raw.expected)
  )
    return 'it lacks algorithms, keys, inputs or expected';
  return { title: '', deterministic: false, ...raw, file } as unknown as ConformanceVector;
}

function readEntries(directory: string, file: string): unknown[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(directory, file), 'utf8'));
  } catch {
    return 'the file is not readable JSON';
  }
  if (!isObject(parsed) || parsed.format !== VECTOR_FORMAT)
    return `the file is not in the vector format ${VECTOR_FORMAT}`;
  return Array.isArray(parsed.vectors) ? parsed.vectors : 'the file has no "vectors" array';
}

/**
 * Reads every `*.json` file of the vectors folder, each in the one vector format
 * (`jose-core-vectors/1`, described by `vectors/schema/vector-file.schema.json`): id, RFC and
 * section, kind, algorithms, keys as JWKs, inputs and expected outputs, and the RFC's own labelled
 * values under `published`. An entry (or file) the loader cannot read is kept as an
 * `unrecognised` vector whose `reason` says why, so nothing is lost silently.
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
    files = readdirSync(directory)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'the vectors directory cannot be read');
  }
  const out: ConformanceVector[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const entries = readEntries(directory, file);
    if (typeof entries === 'string') {
      out.push(unrecognised(file, file, entries));
      continue;
    }
    entries.forEach((e, index) => {
      const raw = isObject(e) ? e : { value: e };
      const id = typeof raw.id === 'string' ? raw.id : `${file}#${index}`;
      const read = vectorOf(raw, file);
      let vector = typeof read === 'string' ? unrecognised(file, id, read, raw) : read;
      const first = seen.get(vector.id);
      if (first !== undefined)
        vector = unrecognised(file, `${id}@${file}`, `its id is already used in ${first}`, raw);
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
