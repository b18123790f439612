import { describe, expect, it } from 'vitest';
import { algorithmCoverage, formatReport } from '../../src/conformance/report.js';
import { runConformance } from '../../src/conformance/runner.js';
import { loadVectors } from '../../src/conformance/vectors.js';
import { algorithmForSigning } from '../../src/jws/algs/registry.js';
import { contentEncryption } from '../../src/jwe/content/table.js';
import { keyManagement } from '../../src/jwe/keys/table.js';

// The identifiers of the algorithm tables (src/jws/algs/registry.ts, src/jwe/keys/table.ts,
// src/jwe/content/table.ts), checked against them below.
const JWS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'ES256K', 'EdDSA'];
const KEY_MANAGEMENT = [
  'RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW',
];
const CONTENT = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];
const CURVES = ['P-256', 'P-384', 'P-521', 'secp256k1', 'Ed25519', 'Ed448', 'X25519', 'X448'];

const vectors = loadVectors();
const report = runConformance(vectors);

describe('what the suite covers', () => {
  it('the lists above are the tables: 14 JWS, 19 key management and 6 content encryption identifiers', () => {
    expect(JWS.map((a) => algorithmForSigning(a).name)).toEqual(JWS);
    expect(KEY_MANAGEMENT.filter((a) => keyManagement(a) === undefined)).toEqual([]);
    expect(CONTENT.filter((e) => contentEncryption(e) === undefined)).toEqual([]);
    expect([JWS.length, KEY_MANAGEMENT.length, CONTENT.length]).toEqual([14, 19, 6]);
  });

  it('every supported identifier has a vector whose outputs are checked (not only refusals), and jose-core passes them', () => {
    const rows = new Map(algorithmCoverage(report).map((r) => [r.algorithm, r]));
    const uncovered = [...JWS, ...KEY_MANAGEMENT, ...CONTENT].filter((a) => (rows.get(a)?.equal ?? 0) + (rows.get(a)?.accept ?? 0) === 0);
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
    expect(rejects.filter((v) => !/\((RFC|CVE|SEC)[^)]*\)/.test(v.refusal ?? '') && !/(RFC|CVE)/.test(v.refusal ?? ''))).toEqual([]);
    expect(refusing.every((c) => c.reason !== undefined)).toBe(true);
  });

  it('duplicate members, non-canonical base64url and embedded keys are refused in JWEs as in JWSs, each reason citing a source once', () => {
    const count = (prefix: string): number => vectors.filter((v) => v.id.startsWith(prefix)).length;
    for (const attack of ['duplicate', 'base64url', 'embedded']) {
      expect([attack, count(`REJECT-JWS-${attack}-`) > 0, count(`REJECT-JWE-${attack}-`) >= 4]).toEqual([attack, true, true]);
    }
    const embedded = vectors.filter((v) => v.id.startsWith('REJECT-JWE-embedded-')).map((v) => v.id);
    expect(embedded).toEqual(expect.arrayContaining(['REJECT-JWE-embedded-jwk', 'REJECT-JWE-embedded-jku', 'REJECT-JWE-embedded-x5c']));
    const cited = (reason: string): string[] => (/\(([^()]*)\)\s*$/.exec(reason)?.[1] ?? '').split(/[;,]\s*/).map((c) => c.trim());
    const twice = vectors.filter((v) => v.refusal !== undefined && new Set(cited(v.refusal)).size !== cited(v.refusal).length);
    expect(twice.map((v) => v.id)).toEqual([]);
  });

  it('the text report prints the coverage table: checks by algorithm and expectation', () => {
    const text = formatReport(report);
    expect(text).toMatch(/^coverage by algorithm \(checks run, by expectation\):\n +ALGORITHM +EQUAL +ACCEPT +REFUSE +SKIPPED$/m);
    expect(text).toMatch(/^ +ES256K +\d+ +[1-9]\d* +[1-9]\d* +0$/m);
  });
});
