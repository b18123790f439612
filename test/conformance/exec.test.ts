import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { loadVectors } from '../../src/conformance/vectors.js';

// Tests run from TypeScript sources and dist/ may not exist, so the shipped adapter is built
// here, once, with the project's own compiler into a throwaway package: dist/ beside a copy of
// vectors/, the layout npm installs. Only that build and plain .mjs files are ever spawned.
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const node = JSON.stringify(process.execPath);
const broken = JSON.stringify(here('./broken-adapter.mjs'));
let pkg: string;

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), 'jose-core-pkg-'));
  spawnSync(
    process.execPath,
    [
      here('../../node_modules/typescript/bin/tsc'),
      '-p',
      here('../../tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ],
    { stdio: 'ignore' },
  );
  cpSync(here('../../vectors'), join(pkg, 'vectors'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }');
  if (!existsSync(join(pkg, 'dist/conformance/adapter.js')))
    throw new Error('the adapter did not build');
}, 60_000);

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

// Killed, whether reaped or left a zombie (a container's init may never reap orphans).
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat'))
    return existsSync(stat) && !/^\d+ \(.*\) [ZX]/.test(readFileSync(stat, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('jose-core conformance --exec (the protocol over a child process)', () => {
  it("jose-core's shipped adapter, run with node from the built package, passes every vector in scope", async () => {
    const r = await cli(
      'conformance',
      '--exec',
      `${node} ${JSON.stringify(join(pkg, 'dist/conformance/adapter.js'))}`,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const total = loadVectors().length;
    expect(r.out).toContain(`${total} vectors: ${total} passed, 0 failed, 0 skipped\n`);
    expect(r.out).toMatch(
      / checks: (\d+) pass, 0 fail, 0 unsupported, 0 skipped; coverage (\d+)\/\2\nconformance: OK\n$/,
    );
  });

  it('the packaged loader finds the vectors folder beside dist/ (jose-core/vectors)', async () => {
    const mod = (await import(
      pathToFileURL(join(pkg, 'dist/conformance/vectors.js')).href
    )) as typeof import('../../src/conformance/vectors.js');
    expect(mod.vectorsDirectory()).toBe(`${join(pkg, 'vectors')}/`);
    expect(mod.loadVectors().map((v) => v.id)).toEqual(loadVectors().map((v) => v.id));
  });

  it('flags a broken adapter: wrong answers, accepted tampering, missing replies, bad lines; exit 1', async () => {
    const r = await cli('conformance', '--exec', `${node} ${broken}`, '--timeout', '30');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^RFC7515-A\.1 +RFC 7515, Appendix A\.1 +jws +HS256 +FAIL$/m);
    expect(r.out).toContain(
      'FAIL [RFC7515-A.1#1] verify compact (expect equal)\n      expected: {"payload":"eyJpc3Mi',
    );
    expect(r.out).toContain('      received: {"payload":"d3Jvbmc"}');
    expect(r.out).toContain(
      'FAIL [RFC7515-A.1#2] verify compact, tampered (expect refuse)\n      expected: a refusal: a changed signature must not verify (RFC 7515 s5.2)\n      received: accepted what it must refuse',
    );
    expect(r.out).toContain(
      'import key 0 (expect accept)\n      received: the public JWK holds private members',
    );
    expect(r.out).toContain(
      'UNSUPPORTED (not declared) [RFC7518-B.1#1] content-encrypt (A128CBC-HS256) (expect equal)',
    );
    expect(r.out).toContain('received: no reply');
    expect(r.out).toContain('protocol problem: a line of output is not JSON');
    expect(r.out).toMatch(
      /import key 0, moved off its curve \(expect refuse\)\n.*\n {6}received: accepted what it must refuse/,
    );
    expect(r.out).toMatch(
      /\d+ checks: \d+ pass, [1-9]\d* fail, [1-9]\d* unsupported, 0 skipped; coverage (\d+)\/\1\nconformance: FAILED\n$/,
    );
  });

  it('stops an adapter that hangs, with everything it started, and fails the run', async () => {
    const pidFile = join(pkg, 'hung.pid');
    const started = Date.now();
    const r = await cli(
      'conformance',
      '--exec',
      `${node} ${broken} --hang ${JSON.stringify(pidFile)}`,
      '--timeout',
      '1',
    );
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.out).toContain(
      'protocol problem: the adapter did not finish within 1 s and was stopped',
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running(pid)).toBe(false);
  });

  it('an adapter that cannot start fails the run', async () => {
    const r = await cli('conformance', '--exec', 'exec ./no-such-adapter-for-jose-core');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/protocol problem: the adapter exited with status 12[67]/);
  });
});
