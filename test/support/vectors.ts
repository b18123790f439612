import { readFileSync } from 'node:fs';
import type { ConformanceVector, JsonObject } from '../../src/conformance/types.js';
import { loadVectors } from '../../src/conformance/vectors.js';

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
  return { id: v.id, source: v.section === '' ? v.rfc : `${v.rfc}, ${v.section}`, title: v.title, ...v.published };
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

/**
 * The vectors of one file with the values the RFC transcription publishes, under the RFC's own
 * labels (`K_hex`, `signing_input_ascii`, `key_ref`, ...), beside `id`, `source` and `title`:
 * for tests of intermediate values. A key another entry names by reference is there too.
 */
export function publishedVectors<V>(file: string): { source: string; vectors: V[] } {
  const own = vectorsOf(file).map(asPublished);
  const ids = new Set(own.map((v) => v.id));
  const extra = [...references(own, new Set())].filter((id) => !ids.has(id)).map((id) => {
    const target = all.find((v) => v.id === id);
    if (target === undefined) throw new Error(`${file} refers to ${id}, which no vector has`);
    return asPublished(target);
  });
  const { source } = JSON.parse(readFileSync(new URL(`../../vectors/${file}`, import.meta.url), 'utf8')) as { source: string };
  return { source, vectors: [...own, ...extra] as V[] };
}
