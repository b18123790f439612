import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURVES as CURVE_FACTS } from '../../src/algs/curves.js';
import { CONTENT_ENCRYPTION_ALGORITHMS, KEY_MANAGEMENT_ALGORITHMS } from '../../src/algs/jwe.js';
import { JWS_ALGORITHMS } from '../../src/algs/jws.js';
import { algorithmCoverage, formatReport } from '../../src/conformance/report.js';
import { runConformance } from '../../src/conformance/runner.js';
import { loadVectors } from '../../src/conformance/vectors.js';

// The identifiers come from the tables of src/algs: a new row without a vector fails below.
const JWS: readonly string[] = JWS_ALGORITHMS;
const KEY_MANAGEMENT: readonly string[] = KEY_MANAGEMENT_ALGORITHMS;
const CONTENT: readonly string[] = CONTENT_ENCRYPTION_ALGORITHMS;
const CURVES = Object.keys(CURVE_FACTS);

const vectors = loadVectors();
const report = runConformance(vectors);

describe('what the suite covers', () => {
  it('the tables hold at least the 14 JWS, 19 key management and 6 content encryption identifiers of issue 16 s3', () => {
    // A lower bound: a new row needs no edit here, only its vector (checked below).
    expect([JWS.length >= 14, KEY_MANAGEMENT.length >= 19, CONTENT.length >= 6]).toEqual([
      true,
      true,
      true,
    ]);
    expect(JWS).toContain('ES256K');
    expect(KEY_MANAGEMENT).toContain('ECDH-ES+A256KW');
  });

  it('the conformance planner restates no algorithm identifier: what it needs of one comes from the table facts', () => {
    const dir = new URL('../../src/conformance/', import.meta.url);
    // Code only: TSDoc examples and comments may name algorithms.
    const code = (file: string): string =>
      readFileSync(new URL(file, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
    const named = readdirSync(dir)
      .filter((f) => f.startsWith('plan-'))
      .flatMap((f) => {
        const text = code(f);
        return [...JWS, ...KEY_MANAGEMENT, ...CONTENT]
          .filter((a) => text.includes(`'${a}'`) || text.includes(`"${a}"`))
          .map((a) => `${f}: ${a}`);
      });
    expect(named).toEqual([]);
  });

  it('every supported identifier has a vector whose outputs are checked (not only refusals), and jose-core passes them', () => {
    const rows = new Map(algorithmCoverage(report).map((r) => [r.algorithm, r]));
    const uncovered = [...JWS, ...KEY_MANAGEMENT, ...CONTENT].filter(
      (a) => (rows.get(a)?.equal ?? 0) + (rows.get(a)?.accept ?? 0) === 0,
    );
    expect(uncovered).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('every curve has a vector with a key on it', () => {
    const curves = new Set(vectors.flatMap((v) => Object.values(v.keys).map((k) => k.crv)));
    expect(CURVES.filter((c) => !curves.has(c))).toEqual([]);
  });

  it('at least 250 checks expect a refusal, each must-reject vector giving its reason and an RFC or CVE', () => {
    const refusing = report.vectors.flatMap((v) => v.checks.filter((c) => c.expect === 'refuse'));
    expect(refusing.length).toBeGreaterThanOrEqual(250);
    const rejects = vectors.filter((v) => v.id.startsWith('REJECT-'));
    expect(rejects.length).toBeGreaterThanOrEqual(250);
    expect(
      rejects.filter(
        (v) =>
          !/\((RFC|CVE|SEC)[^)]*\)/.test(v.refusal ?? '') && !/(RFC|CVE)/.test(v.refusal ?? ''),
      ),
    ).toEqual([]);
    expect(refusing.every((c) => c.reason !== undefined)).toBe(true);
  });

  it('duplicate members, non-canonical base64url and embedded keys are refused in JWEs as in JWSs, each reason citing a source once', () => {
    const count = (prefix: string): number => vectors.filter((v) => v.id.startsWith(prefix)).length;
    for (const attack of ['duplicate', 'base64url', 'embedded']) {
      expect([
        attack,
        count(`REJECT-JWS-${attack}-`) > 0,
        count(`REJECT-JWE-${attack}-`) >= 4,
      ]).toEqual([attack, true, true]);
    }
    const embedded = vectors
      .filter((v) => v.id.startsWith('REJECT-JWE-embedded-'))
      .map((v) => v.id);
    expect(embedded).toEqual(
      expect.arrayContaining([
        'REJECT-JWE-embedded-jwk',
        'REJECT-JWE-embedded-jku',
        'REJECT-JWE-embedded-x5c',
      ]),
    );
    const cited = (reason: string): string[] =>
      (/\(([^()]*)\)\s*$/.exec(reason)?.[1] ?? '').split(/[;,]\s*/).map((c) => c.trim());
    const twice = vectors.filter(
      (v) => v.refusal !== undefined && new Set(cited(v.refusal)).size !== cited(v.refusal).length,
    );
    expect(twice.map((v) => v.id)).toEqual([]);
  });

  it('the text report prints the coverage table: checks by algorithm and expectation', () => {
    const text = formatReport(report);
    expect(text).toMatch(
      /^coverage by algorithm \(checks run, by expectation\):\n +ALGORITHM +EQUAL +ACCEPT +REFUSE +SKIPPED$/m,
    );
    expect(text).toMatch(/^ +ES256K +\d+ +[1-9]\d* +[1-9]\d* +0$/m);
  });
});
