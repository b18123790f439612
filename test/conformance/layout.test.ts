import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

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
