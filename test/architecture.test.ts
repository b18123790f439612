import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering of CONTRIBUTING.md, checked on every import under src/ (type-only ones too).
// A room may import its own files and those of lower layers; rooms of one layer do not import
// each other. A room of algorithm facts below jwk may appear under any of FACTS' names.
const FACTS = ['algs', 'alg', 'algorithms', 'facts', 'registry'];
const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  FACTS,
  ['jwk'],
  ['jws', 'jwe'],
  ['jwt'],
  ['policy', 'conformance'],
  ['cli'],
];
// Files that are only public surfaces: re-exports, never code. Other rooms may import a room's
// face; the room itself and everything under src/ bypass the package's own surface.
const SURFACES = [
  'index.ts',
  'async.ts',
  'jwk/index.ts',
  'jws/index.ts',
  'jwe/index.ts',
  'jwt/index.ts',
  'policy/index.ts',
  'conformance/index.ts',
];
// Package entry points that must hold code, with the reason.
const ENTRIES_WITH_CODE: Record<string, string> = {
  // Finds vectors/ from its own import.meta.url, so it must stay the entry file itself.
  'conformance/vectors.ts': 'locates the vectors directory from its own URL',
};

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

// Static imports and re-exports (`import type` and `export type ... from` included), bare
// side-effect imports, and dynamic import() of a literal. Statements start a line; TSDoc
// examples (` * import ...`) do not.
const STATIC =
  /^(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s+from\s+['"]([^'"]+)['"]/gm;
const BARE = /^import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a source file imports. */
function importsOf(text: string): string[] {
  return [STATIC, BARE, DYNAMIC].flatMap((re) => [...text.matchAll(re)].map((m) => m[1] as string));
}

const FILES = sources(SRC).map((path) => ({
  path,
  name: relative(SRC, path).split(sep).join(posix.sep),
  text: readFileSync(path, 'utf8'),
}));

function roomOf(name: string): string {
  return name.includes('/') ? (name.split('/')[0] as string) : name;
}

function layerOf(room: string): number {
  return LAYERS.findIndex((rooms) => rooms.includes(room));
}

// Each relative import as `from -> to` (file names relative to src/).
const EDGES = FILES.flatMap((f) =>
  importsOf(f.text)
    .filter((s) => s.startsWith('.'))
    .map((s) => ({
      from: f.name,
      to: posix.normalize(posix.join(posix.dirname(f.name), s)).replace(/\.js$/, '.ts'),
    })),
);

describe('architecture: imports follow the layering', () => {
  it('the import scanner sees every kind of import statement', () => {
    const sample = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import c, { d } from './c.js';",
      "import * as e from './e.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "import {\n  i,\n  type J,\n} from './i.js';",
      "import './side.js';",
      "const k = await import('./k.js');",
      ' * import { notAnImport } from "./doc.js"',
    ].join('\n');
    expect(importsOf(sample).sort()).toEqual(
      [
        './a.js',
        '../b.js',
        './c.js',
        './e.js',
        './f.js',
        './g.js',
        './h.js',
        './i.js',
        './side.js',
        './k.js',
      ].sort(),
    );
  });

  it('every room under src/ has a layer', () => {
    const unknown = [...new Set(FILES.map((f) => roomOf(f.name)))].filter(
      (room) => !room.endsWith('.ts') && layerOf(room) < 0,
    );
    expect(unknown, 'add the new room to LAYERS in test/architecture.test.ts').toEqual([]);
  });

  it('no import points up the layers or across a layer', () => {
    const bad = EDGES.filter(({ from, to }) => {
      if (SURFACES.includes(from)) return false;
      const a = roomOf(from);
      const b = roomOf(to);
      return a !== b && layerOf(b) >= layerOf(a);
    }).map(({ from, to }) => `${from} -> ${to}`);
    expect(bad).toEqual([]);
  });

  it('the public surfaces only re-export; no room imports its own face or the package surface', () => {
    for (const name of SURFACES) {
      const file = FILES.find((f) => f.name === name);
      expect(file, name).toBeDefined();
      const code = (file?.text ?? '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(
          /^export\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)\s+from\s+'[^']+';$/gm,
          '',
        )
        .trim();
      expect(code, `${name} holds more than re-exports`).toBe('');
    }
    // A room's face serves other rooms; its own files, and the package surface, serve no one inside.
    const inward = EDGES.filter(
      ({ from, to }) =>
        to === 'index.ts' || (SURFACES.includes(to) && roomOf(from) === roomOf(to) && from !== to),
    );
    expect(inward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('every package entry point is a surface, or holds code for a stated reason', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as {
      exports: Record<string, string | { default?: string }>;
    };
    const entries = Object.values(pkg.exports)
      .map((e) => (typeof e === 'string' ? e : e.default))
      .filter((e): e is string => e?.startsWith('./dist/') === true)
      .map((e) => e.slice('./dist/'.length).replace(/\.js$/, '.ts'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(SURFACES.includes(entry) || entry in ENTRIES_WITH_CODE, entry).toBe(true);
    }
  });
});
