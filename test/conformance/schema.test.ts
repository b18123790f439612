import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every vector file against vectors/schema/vector-file.schema.json, read as data: the required
// members of the file, of every vector and of its kind's inputs and expected outputs, and the
// base64url pattern. (A full JSON Schema validator is a dependency this project does without.)
type Schema = {
  required?: string[];
  properties?: Record<string, Schema>;
  oneOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  $ref?: string;
};
const dir = new URL('../../vectors/', import.meta.url);
const schema = JSON.parse(
  readFileSync(new URL('schema/vector-file.schema.json', dir), 'utf8'),
) as Schema & { $defs: Record<string, Schema> };
const vectorSchema = schema.$defs.vector as Schema;
const byKind = new Map(
  (vectorSchema.oneOf ?? []).map((k) => [k.properties?.kind?.const as string, k]),
);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function missing(value: Record<string, unknown>, s: Schema | undefined): string[] {
  return (s?.required ?? []).filter((m) => value[m] === undefined);
}

describe('the vector files and their JSON Schema agree', () => {
  it('the schema names every kind the loader reads', () => {
    expect([...byKind.keys()].sort()).toEqual(
      [...((vectorSchema.properties?.kind?.enum ?? []) as string[])].sort(),
    );
  });

  for (const file of files) {
    it(`${file}: the format, and every vector's members, inputs and expected outputs`, () => {
      const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<
        string,
        unknown
      > & { vectors: Array<Record<string, unknown>> };
      expect(missing(data, schema)).toEqual([]);
      expect(data.format).toBe(schema.properties?.format?.const);
      for (const v of data.vectors) {
        expect(missing(v, vectorSchema), String(v.id)).toEqual([]);
        const kind = byKind.get(v.kind as string);
        expect(kind, String(v.id)).toBeDefined();
        expect(
          missing(v.inputs as Record<string, unknown>, kind?.properties?.inputs),
          `${String(v.id)} inputs`,
        ).toEqual([]);
        expect(
          missing(v.expected as Record<string, unknown>, kind?.properties?.expected),
          `${String(v.id)} expected`,
        ).toEqual([]);
        for (const [name, value] of Object.entries({
          ...(v.inputs as object),
          ...(v.expected as object),
        })) {
          if (name.endsWith('B64u') && typeof value === 'string')
            expect(value, `${String(v.id)} ${name}`).toMatch(BASE64URL);
        }
      }
    });
  }
});
