import type { ConformanceVector, JsonObject } from '../../src/conformance/types.js';
import { loadVectors } from '../../src/conformance/vectors.js';
import type { Published, PublishedWith } from './published.js';

export type * from './published.js';

// Every test reads vectors/ through the one typed loader the runner and jose-core/vectors use.
const all = loadVectors();
const REFERENCES = ['key_ref', 'public_key_ref', 'public_ref'];

/** The vectors of one file of vectors/ (the project's copy, never ../shared), typed. */
export function vectorsOf(file: string): ConformanceVector[] {
  const found = all.filter((v) => v.file === file);
  if (found.length === 0) throw new Error(`no vectors in ${file}`);
  return found;
}

function asPublished(v: ConformanceVector): JsonObject {
  const source = v.section === '' ? v.rfc : `${v.rfc}, ${v.section}`;
  return { id: v.id, source, title: v.title, ...v.published };
}

function references(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const x of value) references(x, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, x] of Object.entries(value)) {
      if (REFERENCES.includes(name) && typeof x === 'string') into.add(x);
      else references(x, into);
    }
  }
  return into;
}

function published(file: string): JsonObject[] {
  const own = vectorsOf(file).map(asPublished);
  const ids = new Set(own.map((v) => v.id));
  const extra = [...references(own, new Set())]
    .filter((id) => !ids.has(id))
    .map((id) => {
      const target = all.find((v) => v.id === id);
      if (target === undefined) throw new Error(`${file} refers to ${id}, which no vector has`);
      return asPublished(target);
    });
  return [...own, ...extra];
}

// The types say which labels a test relies on; this makes the data say so too, or the test fails.
function carrying<K extends keyof Published>(
  v: JsonObject,
  required: readonly K[],
): PublishedWith<K> {
  const missing = required.filter((label) => v[label] === undefined);
  if (missing.length > 0) throw new Error(`${String(v.id)} lacks ${missing.join(', ')}`);
  return v as unknown as PublishedWith<K>;
}

/**
 * The vectors of one file with the values the RFC transcription publishes, under the RFC's own
 * labels (`K_hex`, `signing_input_ascii`, `key_ref`, ...; typed once in ./published.ts), beside
 * `id`, `source` and `title`: for tests of intermediate values. A key an entry names by reference
 * (`key_ref`, `public_ref`, ...) is there too, even from another file. `required` lists the labels
 * every returned entry must carry (a missing one throws), which the type then guarantees.
 */
export function publishedVectors<K extends keyof Published = never>(
  file: string,
  required: readonly K[] = [],
): PublishedWith<K>[] {
  return published(file).map((v) => carrying(v, required));
}

/** The one vector `id` of `publishedVectors(file)`, carrying the `required` labels; throws if absent. */
export function publishedVector<K extends keyof Published = never>(
  file: string,
  id: string,
  required: readonly K[] = [],
): PublishedWith<K> {
  const v = published(file).find((x) => x.id === id);
  if (v === undefined) throw new Error(`${id} is not in ${file}`);
  return carrying(v, required);
}
