import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// CONTRIBUTING: files stay under about 300 lines; the conformance room had a 464-line types.ts.
describe('src/conformance file sizes', () => {
  it('every module is under 300 lines', () => {
    const dir = new URL('../../src/conformance/', import.meta.url);
    const long = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(new URL(f, dir), 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines >= 300);
    expect(long).toEqual([]);
  });
});

describe('CONTRIBUTING\'s "Adding an algorithm" recipe', () => {
  const text = readFileSync(new URL('../../CONTRIBUTING.md', import.meta.url), 'utf8');
  const recipe = text.slice(
    text.indexOf('## Adding an algorithm'),
    text.indexOf('## Rules that reviews check'),
  );
  const schema = JSON.parse(
    readFileSync(new URL('../../vectors/schema/vector-file.schema.json', import.meta.url), 'utf8'),
  ) as {
    required: string[];
    $defs: { vector: { required: string[] } };
  };

  it('runs the vector generator after a build', () => {
    expect(recipe).toContain('npm run build && node scripts/generate-vectors.mjs');
  });

  it('names the format and every member the vector schema requires', () => {
    expect(recipe).toContain('"format": "jose-core-vectors/1"');
    const missing = [...schema.required, ...schema.$defs.vector.required].filter(
      (m) => m !== 'vectors' && !recipe.includes(`\`${m}\``) && !recipe.includes(`"${m}"`),
    );
    expect(missing).toEqual([]);
  });
});
