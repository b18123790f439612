import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What users get is what is tested: build, pack, install the tarball into an empty project, and
// run the README's examples and a CommonJS require against it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
let dir = '';
let tarball = '';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
}

describe('the packed tarball', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jose-core-pack-'));
    // Build and pack a copy of the project, so the shared dist/ is never rebuilt under other runs.
    const project = join(dir, 'project');
    cpSync(root, project, { recursive: true, filter: (src) => !/[/\\](node_modules|\.git|dist|\.vitest|docs[/\\]api|bench|tools)$/.test(src) });
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    run('npm', ['run', '--silent', 'build'], project);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], project)) as Array<{ filename: string }>;
    tarball = join(dir, packed[0]!.filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-package-lock', tarball], dir);
  }, 120_000);

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('holds only dist, vectors, the conformance protocol, README, LICENSE, CHANGELOG and package.json, with no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/jose-core/package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(dir, 'node_modules/jose-core')).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'docs', 'package.json', 'vectors']);
    expect(readdirSync(join(dir, 'node_modules/jose-core/docs'))).toEqual(['conformance-protocol.md']);
    expect(readdirSync(join(dir, 'node_modules/jose-core/vectors/schema'))).toEqual(['vector-file.schema.json']);
  });

  it('jose-core/conformance is importable: runConformance, handleRequest, formatReport and loadVectors', () => {
    const file = join(dir, 'conformance.mjs');
    const code = `import { runConformance, handleRequest, formatReport, loadVectors } from 'jose-core/conformance';
const report = runConformance(loadVectors());
console.log(report.ok, typeof handleRequest, JSON.parse(formatReport(report, 'json')).summary.fail);`;
    writeFileSync(file, code);
    expect(run(process.execPath, [file], dir).trim()).toBe('true function 0');
  });

  blocks.forEach((code, i) => {
    it(`README block ${i + 1} runs against the installed package and prints what its comments say`, () => {
      const file = join(dir, `readme-${i + 1}.mjs`);
      writeFileSync(file, code);
      const printed = run(process.execPath, [file], dir).trimEnd().split('\n');
      const expected = code
        .split('\n')
        .filter((l) => /console\.log\(/.test(l))
        .map((l) => (/\/\/ (.*)$/.exec(l)?.[1] ?? '').trim());
      expect(printed).toEqual(expected);
    });
  });

  // Each example in examples/ runs against the installed package and says what it should.
  const EXAMPLES: Array<[string, RegExp[]]> = [
    ['demo.mjs', [/^token written to variable generated\.jwt: true$/m, /^decrypted \(A128KW\/A128CBC-HS256, cty JWT\) and verified \(HS256\)$/m, /"iss": "https:\/\/gateway\.example\.com"/]],
    ['gateway-middleware.mjs', [/^200 OK \{"kid":"gw-2026","sub":"alice","aud":"orders-api","ttl":300\}$/m, /^500 Invalid-JWT-Generate $/m]],
    ['verify-with-jwks.mjs', [/^verified RS256 token with key 2025-12\nverified ES256 token with key 2026-01\nrefused: ERR_JWS_SIGNATURE_INVALID\nrefused: ERR_KEY_NOT_FOUND$/m]],
  ];
  for (const [name, patterns] of EXAMPLES) {
    it(`examples/${name} runs against the installed package`, () => {
      cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      const out = run(process.execPath, [join(dir, 'examples', name)], dir);
      for (const p of patterns) expect(out).toMatch(p);
    });
  }

  it('every example in examples/ is run by this test', () => {
    expect(readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.mjs')).sort()).toEqual(EXAMPLES.map(([n]) => n).sort());
  });

  it('require() from CommonJS works (Node >= 20.19 loads the ESM graph: no top-level await)', () => {
    const file = join(dir, 'require.cjs');
    writeFileSync(
      file,
      `const jose = require('jose-core');
const key = jose.generateKey('HS256');
const token = jose.signCompact('hi', { alg: 'HS256' }, key);
process.stdout.write(Buffer.from(jose.verifyCompact(token, key).payload).toString() + ' ' + (new jose.JoseError('ERR_NOT_SUPPORTED', 'x') instanceof Error));`,
    );
    expect(run(process.execPath, [file], dir)).toBe('hi true');
  });

  it('the CLI bin is installed and runs', () => {
    const out = run(join(dir, 'node_modules/.bin/jose-core'), ['inspect', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'], dir);
    expect(out).toContain('JWS (NOT VERIFIED');
  });
});
