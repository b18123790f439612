import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// scripts/bundle.mjs turns tsc's modules into a few files. Built here, into a throwaway package
// (dist/ beside a copy of vectors/, the layout npm installs), next to tsc's own output, so the
// bundle can be held to what tsc emitted: the same exports, the same behaviour of the entry
// points that depend on where their file is.
const root = fileURLToPath(new URL('../../', import.meta.url));
let pkg = '';
let plain = '';

const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .sort();
const node = (args: string[], input?: string) =>
  spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', input, timeout: 60_000 });
const exportsOf = async (file: string): Promise<string[]> =>
  Object.keys(await import(pathToFileURL(file).href)).sort();

beforeAll(() => {
  const tmp = mkdtempSync(join(tmpdir(), 'jose-core-bundle-'));
  pkg = join(tmp, 'bundled');
  plain = join(tmp, 'plain');
  for (const dir of [pkg, plain]) {
    execFileSync(process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
      '--outDir',
      join(dir, 'dist'),
    ]);
    cpSync(join(root, 'vectors'), join(dir, 'vectors'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  }
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), join(pkg, 'dist')]);
}, 120_000);

afterAll(() => {
  if (pkg !== '') rmSync(join(pkg, '..'), { recursive: true, force: true });
});

describe('the bundled dist/', () => {
  it('has the entry points and shared chunks as its only .js files, and keeps every .d.ts', () => {
    // chunks/exec.js: the runner, shared by the CLI and jose-core/conformance, which leads to the adapter entry.
    const files = [
      'async.js',
      'chunks/async.js',
      'chunks/exec.js',
      'chunks/jose-core.js',
      'chunks/tools.js',
      'cli/main.js',
      'conformance/adapter.js',
      'conformance/index.js',
      'conformance/vectors.js',
      'index.js',
    ];
    expect(jsFiles(join(pkg, 'dist'))).toEqual(files);
    const declarations = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.d.ts'))
        .sort();
    expect(declarations(join(pkg, 'dist'))).toEqual(declarations(join(plain, 'dist')));
    expect(declarations(join(pkg, 'dist')).length).toBeGreaterThan(50);
  });

  it('jose-core and jose-core/vectors export exactly what the modules tsc emitted export', async () => {
    const entries = [
      'index.js',
      'async.js',
      'conformance/vectors.js',
      'conformance/index.js',
      'conformance/adapter.js',
      'cli/main.js',
    ];
    for (const entry of entries) {
      expect(await exportsOf(join(pkg, 'dist', entry))).toEqual(
        await exportsOf(join(plain, 'dist', entry)),
      );
    }
    expect(await exportsOf(join(pkg, 'dist/index.js'))).toContain('signJWT');
    expect(await exportsOf(join(pkg, 'dist/async.js'))).toContain('verifyJWT');
  });

  it('importing jose-core reads no file of jose-core/async, which shares the library chunk', () => {
    const chunks = (entry: string): string[] => {
      const hook = `data:text/javascript,${encodeURIComponent('export async function load(u, c, next) { if (u.includes("/chunks/")) process.stderr.write(u.slice(u.lastIndexOf("/") + 1) + "\\n"); return next(u, c); }')}`;
      const code = `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import(${JSON.stringify(pathToFileURL(join(pkg, entry)).href)});`;
      return node(['--input-type=module', '-e', code])
        .stderr.split('\n')
        .filter((l) => l !== '')
        .sort();
    };
    expect(chunks('dist/index.js')).toEqual(['jose-core.js']);
    expect(chunks('dist/async.js')).toEqual(['async.js', 'jose-core.js']);
  });

  it('importing jose-core loads no conformance or CLI code', () => {
    // The conformance tools and the CLI need child_process and readline; the library never does.
    const loaded = (entry: string): string[] => {
      const r = node([
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(pathToFileURL(join(pkg, entry)).href)}); process.stdout.write(JSON.stringify(process.moduleLoadList))`,
      ]);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as string[]).filter(
        (m) => m === 'NativeModule child_process' || m === 'NativeModule readline',
      );
    };
    expect(loaded('dist/index.js')).toEqual([]);
    expect(loaded('dist/cli/main.js')).toEqual([
      'NativeModule child_process',
      'NativeModule readline',
    ]);
  });

  it('the vectors loader still finds vectors/ beside dist/', async () => {
    const mod = (await import(
      pathToFileURL(join(pkg, 'dist/conformance/vectors.js')).href
    )) as typeof import('../../src/conformance/vectors.js');
    const tscs = (await import(
      pathToFileURL(join(plain, 'dist/conformance/vectors.js')).href
    )) as typeof import('../../src/conformance/vectors.js');
    expect(mod.vectorsDirectory()).toBe(`${join(pkg, 'vectors')}/`);
    expect(mod.loadVectors().map((v) => v.id)).toEqual(tscs.loadVectors().map((v) => v.id));
    expect(mod.loadVectors().length).toBeGreaterThan(50);
  });

  it('an error from jose-core/vectors is a JoseError of jose-core itself (one class, not a copy)', async () => {
    const lib = (await import(
      pathToFileURL(join(pkg, 'dist/index.js')).href
    )) as typeof import('../../src/index.js');
    const vectors = (await import(
      pathToFileURL(join(pkg, 'dist/conformance/vectors.js')).href
    )) as typeof import('../../src/conformance/vectors.js');
    let caught: unknown;
    try {
      vectors.loadVectors(join(pkg, 'no-such-folder'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(lib.JoseError);
  });

  it('the conformance adapter answers when node runs its file, and only then', () => {
    const served = node([join(pkg, 'dist/conformance/adapter.js')], 'not json\n');
    expect(served.status).toBe(0);
    expect(served.stdout).not.toBe('');
    const imported = node(
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(pathToFileURL(join(pkg, 'dist/conformance/adapter.js')).href)})`,
      ],
      'not json\n',
    );
    expect([imported.status, imported.stdout]).toEqual([0, '']);
  });

  it('the CLI runs, and its conformance run against the bundled adapter passes every vector in scope', () => {
    const help = node([join(pkg, 'dist/cli/main.js'), 'inspect', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln']);
    expect(help.stdout).toContain('JWS (NOT VERIFIED');
    const adapter = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(pkg, 'dist/conformance/adapter.js'))}`;
    const r = node([join(pkg, 'dist/cli/main.js'), 'conformance', '--exec', adapter]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /(\d+) vectors: \1 passed, 0 failed, 0 skipped\n(\d+) checks: \2 pass, 0 fail, 0 unsupported, 0 skipped; coverage \2\/\2\nconformance: OK/,
    );
    const inProcess = node([join(pkg, 'dist/cli/main.js'), 'conformance']);
    expect(inProcess.stdout).toMatch(/\nconformance: OK\n$/);
  });

  it('the bundle is reproducible: a second run gives the same files', () => {
    const again = join(pkg, '..', 'again');
    cpSync(join(plain, 'dist'), join(again, 'dist'), { recursive: true });
    execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), join(again, 'dist')]);
    for (const f of jsFiles(join(pkg, 'dist'))) {
      expect(existsSync(join(again, 'dist', f))).toBe(true);
      expect(execFileSync('cmp', [join(pkg, 'dist', f), join(again, 'dist', f)]).toString()).toBe(
        '',
      );
    }
  });
});
