import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What users get is what is tested: build, pack, install the tarball into an empty project, and
// run the README's examples and a CommonJS require against it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
let dir = '';
let tarball = '';
let project = '';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
  });
}

describe('the packed tarball', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jose-core-pack-'));
    // Pack a copy of the project as a fresh clone holds it (no dist/), so the shared dist/ is never
    // rebuilt under other runs and packing has to build by itself (prepack).
    project = join(dir, 'project');
    cpSync(root, project, {
      recursive: true,
      filter: (src) =>
        !/[/\\](node_modules|\.git|dist|\.vitest|docs[/\\]api|bench|tools)$/.test(src),
    });
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    const packed = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', dir], project),
    ) as Array<{ filename: string }>;
    tarball = join(dir, packed[0]!.filename);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run('npm', ['install', '--offline', '--no-package-lock', tarball], dir);
  }, 120_000);

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('holds only dist, vectors, the conformance protocol, README, LICENSE, CHANGELOG and package.json, with no runtime dependencies', () => {
    const manifest = JSON.parse(
      readFileSync(join(dir, 'node_modules/jose-core/package.json'), 'utf8'),
    );
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(dir, 'node_modules/jose-core')).sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist',
      'docs',
      'package.json',
      'vectors',
    ]);
    expect(readdirSync(join(dir, 'node_modules/jose-core/docs'))).toEqual([
      'conformance-protocol.md',
    ]);
    expect(readdirSync(join(dir, 'node_modules/jose-core/vectors/schema'))).toEqual([
      'vector-file.schema.json',
    ]);
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
    [
      'demo.mjs',
      [
        /^token written to variable generated\.jwt: true$/m,
        /^decrypted \(A128KW\/A128CBC-HS256, cty JWT\) and verified \(HS256\)$/m,
        /"iss": "https:\/\/gateway\.example\.com"/,
      ],
    ],
    [
      'gateway-middleware.mjs',
      [
        /^200 OK \{"kid":"gw-2026","sub":"alice","aud":"orders-api","ttl":300\}$/m,
        /^500 Invalid-JWT-Generate $/m,
      ],
    ],
    [
      'verify-with-jwks.mjs',
      [
        /^verified RS256 token with key 2025-12\nverified ES256 token with key 2026-01\nrefused: ERR_JWS_SIGNATURE_INVALID\nrefused: ERR_KEY_NOT_FOUND$/m,
      ],
    ],
  ];
  for (const [name, patterns] of EXAMPLES) {
    it(`examples/${name} runs against the installed package`, () => {
      cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      const out = run(process.execPath, [join(dir, 'examples', name)], dir);
      for (const p of patterns) expect(out).toMatch(p);
    });
  }

  it('every example in examples/ is run by this test', () => {
    expect(
      readdirSync(join(root, 'examples'))
        .filter((f) => f.endsWith('.mjs'))
        .sort(),
    ).toEqual(EXAMPLES.map(([n]) => n).sort());
  });

  // The README's Examples block, run as written in the clean copy (its `npm ci` is the symlinked
  // node_modules); each example's output is checked as the installed-package test above checks it.
  it("the README's Examples commands run from a clean clone and name every example", () => {
    const section = /^## Examples\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '';
    const lines = section
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim());
    const commands = lines.filter((l) => l !== '');
    expect(commands.slice(0, 2)).toEqual(['npm ci', 'npm run build']);
    const jwe = /^eyJ[\w-]*(\.[\w-]*){4}$/m;
    const expected = new Map<string, RegExp[]>([...EXAMPLES, ['jwt-generate', [jwe]]]);
    const named = new Set<string>();
    for (const command of commands.slice(1)) {
      const [cmd, ...args] = command.split(/\s+/) as [string, ...string[]];
      const argv = cmd === 'npx' ? ['--offline', ...args] : args;
      const out = run(cmd === 'node' ? process.execPath : cmd, argv, project);
      const example = args.find((a) => a.startsWith('examples/'))?.split('/')[1];
      if (example === undefined) continue;
      named.add(example);
      for (const p of expected.get(example) ?? []) expect(out, command).toMatch(p);
    }
    expect([...named]).toEqual(expect.arrayContaining([...expected.keys()]));
  }, 60_000);

  // The README's Command line walk-through, run by bash against the installed bin.
  it("the README's command line walk-through runs as written", () => {
    const script = /^## Command line\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '';
    expect(script).toContain('jose-core keygen');
    const work = mkdtempSync(join(dir, 'cli-'));
    const env = {
      ...process.env,
      PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    };
    const bash = ['-euo', 'pipefail', '-c', script];
    const out = execFileSync('bash', bash, { cwd: work, env, encoding: 'utf8' });
    const lines = out.trimEnd().split('\n');
    expect(lines).toContain('JWS (NOT VERIFIED: decoded only)');
    expect(lines).toContain('{"iss":"https://gw.example.com"}');
    expect(lines).toContain('hello');
    expect(lines.at(-1)).toMatch(/^[\w-]{43}$/);
  }, 60_000);

  it('engines admits only Node versions whose require() loads ES modules unflagged (20.19+, 22.12+)', () => {
    const manifest = JSON.parse(
      readFileSync(join(dir, 'node_modules/jose-core/package.json'), 'utf8'),
    );
    expect(manifest.engines).toEqual({ node: '^20.19.0 || >=22.12.0' });
    expect(readme).toContain('(the `engines` field says `^20.19.0 || >=22.12.0`');
  });

  it('npx jose-core --version prints the package version', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(run('npx', ['--offline', 'jose-core', '--version'], dir)).toBe(`${manifest.version}\n`);
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
    const out = run(
      join(dir, 'node_modules/.bin/jose-core'),
      ['inspect', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
      dir,
    );
    expect(out).toContain('JWS (NOT VERIFIED');
  });
});
