import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { handleLine } from '../../src/conformance/adapter.js';
import { formatReport } from '../../src/conformance/report.js';
import { runConformance } from '../../src/conformance/runner.js';
import { loadVectors } from '../../src/conformance/vectors.js';

const vectors = loadVectors();
const pick = (...ids: string[]) => vectors.filter((v) => ids.includes(v.id));

// jose-core with its verify answers replaced: a failing implementation to report on.
const wrongPayload = (line: string): string => {
  const reply = JSON.parse(handleLine(line)) as Record<string, unknown>;
  return JSON.stringify(
    reply.ok === true && reply.payload !== undefined ? { ...reply, payload: 'd3Jvbmc' } : reply,
  );
};

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  if (typeof code !== 'number') throw new Error('in-process runs answer synchronously');
  return { code, out, err };
}

describe('the JSON report (a contract: docs/conformance-protocol.md)', () => {
  const report = runConformance(pick('RFC7515-A.1', 'RFC7516-A.3'), {
    respond: wrongPayload,
    profile: { implementation: 'x', unsupported: ['A128KW'] },
  });
  const json = JSON.parse(formatReport(report, 'json')) as Record<string, unknown>;

  it('has exactly implementation, profile, summary and vectors, each vector id, source, algorithms and checks', () => {
    expect(Object.keys(json)).toEqual(['implementation', 'profile', 'summary', 'vectors']);
    expect(json.implementation).toBe('x');
    expect(json.profile).toEqual({ implementation: 'x', unsupported: ['A128KW'] });
    expect(json.summary).toEqual({ pass: 2, fail: 1, unsupported: 0, skipped: 3 });
    const [a1, a3] = json.vectors as Array<Record<string, unknown>>;
    expect(Object.keys(a1 as object)).toEqual(['id', 'source', 'algorithms', 'checks']);
    expect(a1).toMatchObject({
      id: 'RFC7515-A.1',
      source: 'RFC 7515, Appendix A.1',
      algorithms: ['HS256'],
    });
    expect(a3).toMatchObject({ id: 'RFC7516-A.3', algorithms: ['A128KW', 'A128CBC-HS256'] });
  });

  it("the summary counts every check in vectors, the protocol problems' vector included", () => {
    let n = 0;
    const garbled = (line: string): string => (++n === 2 ? 'not a reply' : handleLine(line));
    const broken = JSON.parse(
      formatReport(runConformance(pick('RFC7515-A.1'), { respond: garbled }), 'json'),
    ) as {
      summary: Record<string, number>;
      vectors: Array<{ id: string; checks: Array<{ status: string }> }>;
    };
    expect(broken.vectors.map((v) => v.id)).toEqual(['RFC7515-A.1', 'protocol']);
    const counted: Record<string, number> = { pass: 0, fail: 0, unsupported: 0, skipped: 0 };
    for (const v of broken.vectors)
      for (const c of v.checks) counted[c.status] = (counted[c.status] ?? 0) + 1;
    // A.1: the verify passes, the tampered one gets no reply (fail), the sign passes; plus one protocol problem.
    expect(counted).toEqual({ pass: 2, fail: 2, unsupported: 0, skipped: 0 });
    expect(broken.summary).toEqual(counted);
  });

  it('a failed check carries expect, expected, received and the request, with the key redacted', () => {
    const [first] = (json.vectors as Array<{ checks: Array<Record<string, unknown>> }>)[0]!.checks;
    expect(first).toEqual({
      name: 'verify compact',
      expect: 'equal',
      status: 'fail',
      expected: {
        payload:
          'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ',
      },
      received: { payload: 'd3Jvbmc' },
      request: expect.objectContaining({
        id: 'RFC7515-A.1#1',
        op: 'verify',
        alg: 'HS256',
        key: { kty: 'oct', k: '[redacted]' },
      }),
    });
    expect(formatReport(report, 'json')).not.toContain(
      'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    );
  });

  it('a passing check carries no received value; a skipped one its status', () => {
    const checks = (json.vectors as Array<{ checks: Array<Record<string, unknown>> }>).flatMap(
      (v) => v.checks,
    );
    expect(checks[1]).toEqual({
      name: 'verify compact, tampered',
      expect: 'refuse',
      status: 'pass',
    });
    expect(checks.filter((c) => c.status === 'skipped').map((c) => c.name)).toEqual([
      'decrypt compact',
      'decrypt compact, tampered',
      'encrypt compact',
    ]);
  });
});

describe('JUnit XML and TAP', () => {
  const report = runConformance(pick('RFC7515-A.1'), { respond: wrongPayload });

  it('JUnit: one testcase per check, a failure element with expected and received', () => {
    const xml = formatReport(report, 'junit');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="jose-core conformance: in-process responder" tests="3" failures="1" skipped="0">/,
    );
    expect(xml).toContain(
      '<testcase classname="RFC7515-A.1" name="RFC7515-A.1#1 verify compact"><failure message="fail">expect: equal\nexpected: {&#34;payload&#34;:',
    );
    expect(xml).toContain(
      '<testcase classname="RFC7515-A.1" name="RFC7515-A.1#2 verify compact, tampered"/>',
    );
  });

  it('TAP 14: a plan, ok and not ok lines with a YAML block, SKIP directives', () => {
    const tap = formatReport(report, 'tap');
    expect(tap.split('\n').slice(0, 3)).toEqual([
      'TAP version 14',
      '1..3',
      'not ok 1 - RFC7515-A.1\\#1 verify compact',
    ]);
    expect(tap).toContain('  ---\n  status: fail\n  expect: equal\n');
    expect(tap).toContain('ok 2 - RFC7515-A.1\\#2 verify compact, tampered\n');
    const skipped = formatReport(
      runConformance(pick('RFC7515-A.1'), { profile: { unsupported: ['HS256'] } }),
      'tap',
    );
    expect(skipped).toContain(
      'ok 1 - RFC7515-A.1\\#1 verify compact # SKIP needs HS256, declared unsupported\n',
    );
  });
});

describe('jose-core conformance: profiles, --only, --format, --dump-requests', () => {
  it('--unsupported skips what it names, states the profile and the coverage, and passes', () => {
    const r = cli('conformance', '--unsupported', 'RSA1_5,content-encrypt');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^implementation: jose-core \(in-process\)\nprofile: unsupported RSA1_5, content-encrypt\n/,
    );
    expect(r.out).toMatch(
      /\n(\d+) checks: (\d+) pass, 0 fail, 0 unsupported, ([1-9]\d*) skipped; coverage \2\/\1\nconformance: OK\n$/,
    );
  });

  it('--profile reads the same as JSON; a name no check needs is a usage error, not a silent no-op', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jose-core-profile-'));
    try {
      writeFileSync(
        join(dir, 'p.json'),
        JSON.stringify({ implementation: 'mine', unsupported: ['Ed448', 'X448'] }),
      );
      const r = cli('conformance', '--profile', join(dir, 'p.json'), '--format', 'json');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as {
        implementation: string;
        profile: unknown;
        summary: { skipped: number };
      };
      expect([json.implementation, json.profile]).toEqual([
        'mine',
        { implementation: 'mine', unsupported: ['Ed448', 'X448'] },
      ]);
      expect(json.summary.skipped).toBeGreaterThan(0);
      const typo = cli('conformance', '--unsupported', 'RSA15');
      expect([typo.code, typo.err.split('\n')[0]]).toEqual([
        2,
        'jose-core: unsupported item no check needs: RSA15',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--only re-runs one vector by id (a request id selects its vector) or the ids a regular expression matches', () => {
    const one = cli('conformance', '--only', 'RFC7515-A.1#2', '--format', 'json');
    expect(
      (JSON.parse(one.out) as { vectors: Array<{ id: string }> }).vectors.map((v) => v.id),
    ).toEqual(['RFC7515-A.1']);
    const some = cli('conformance', '--only', '^RFC3394-4\\.[12]$', '--format', 'tap');
    expect(some.out.split('\n')[1]).toBe('1..6');
    expect(cli('conformance', '--only', 'NO-SUCH-VECTOR').code).toBe(2);
  });

  it("--dump-requests writes each vector's requests as JSON lines an adapter can replay", () => {
    const dir = mkdtempSync(join(tmpdir(), 'jose-core-dump-'));
    try {
      expect(cli('conformance', '--only', '^RFC7515-A\\.[15]$', '--dump-requests', dir).code).toBe(
        0,
      );
      expect(readdirSync(dir).sort()).toEqual(['RFC7515-A.1.jsonl', 'RFC7515-A.5.jsonl']);
      const lines = readFileSync(join(dir, 'RFC7515-A.1.jsonl'), 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([
        'RFC7515-A.1#1',
        'RFC7515-A.1#2',
        'RFC7515-A.1#3',
      ]);
      expect(lines.map((l) => (JSON.parse(handleLine(l)) as { ok: boolean }).ok)).toEqual([
        true,
        false,
        true,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--vectors wycheproof runs the Wycheproof JOSE files shipped in vectors/wycheproof', () => {
    const r = cli('conformance', '--vectors', 'wycheproof', '--format', 'json');
    const json = JSON.parse(r.out) as {
      summary: Record<string, number>;
      vectors: Array<{ id: string; checks: Array<{ status: string; expect: string }> }>;
    };
    // The figures README.md and docs/conformance-protocol.md state.
    expect([json.vectors.length, json.summary.pass, json.summary.fail]).toEqual([608, 781, 0]);
    // Every check passes, the ROCA-weak modulus of json_web_crypto tcId 46 (CVE-2017-15361) included.
    const failed = json.vectors
      .filter((v) => v.checks.some((c) => c.status === 'fail'))
      .map((v) => v.id);
    expect(failed).toEqual([]);
    expect(
      json.vectors.find((v) => v.id === 'Wycheproof-json_web_crypto-46')?.checks.length,
    ).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  });
});
