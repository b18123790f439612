import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handleLine } from '../../src/conformance/adapter.js';
import { runConformanceCommand } from '../../src/conformance/exec.js';
import { readProfile } from '../../src/conformance/profile.js';
import type { ConformanceReport } from '../../src/conformance/runner.js';
import { runConformance } from '../../src/conformance/runner.js';
import { loadVectors } from '../../src/conformance/vectors.js';

// The second, independent implementation: JOSE written from the RFCs over WebCrypto, in plain
// JavaScript that shares no code with src/, run as a child process through the protocol.
const adapter = fileURLToPath(new URL('./webcrypto/adapter.mjs', import.meta.url));
const profile = readProfile(
  readFileSync(new URL('./webcrypto/profile.json', import.meta.url), 'utf8'),
);
const vectors = loadVectors();
const command = (flags = ''): string =>
  `${JSON.stringify(process.execPath)} ${JSON.stringify(adapter)} ${flags}`;

const failedIds = (r: ConformanceReport): string[] =>
  r.vectors.flatMap((v) =>
    v.checks
      .filter((c) => c.status === 'fail' || c.status === 'unsupported')
      .map((c) => c.requestId),
  );

describe('an independent implementation (WebCrypto) with its declared profile', () => {
  it('passes: what it does not offer (RSA1_5, ES256K, secp256k1) is skipped, everything else runs', async () => {
    const r = await runConformanceCommand(vectors, command(), { profile });
    expect(r.problems).toEqual([]);
    expect(failedIds(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.implementation).toBe('WebCrypto adapter (test/conformance/webcrypto)');
    const skipped = r.vectors.flatMap((v) => v.checks.filter((c) => c.status === 'skipped'));
    expect(skipped.length).toBeGreaterThan(0);
    expect(
      skipped.every((c) =>
        /^needs (RSA1_5|ES256K|secp256k1)(, (RSA1_5|ES256K|secp256k1))*, declared unsupported$/.test(
          c.reason ?? '',
        ),
      ),
    ).toBe(true);
    expect(r.summary.pass).toBeGreaterThan(10 * skipped.length);
  }, 60_000);

  it('without its profile, every "unsupported" answer fails the run', async () => {
    const r = await runConformanceCommand(
      vectors.filter((v) => /RSA1_5|ES256K/.test(v.id)),
      command(),
    );
    expect(r.ok).toBe(false);
    expect(r.summary.unsupported).toBeGreaterThan(0);
    expect(r.summary.skipped).toBe(0);
  }, 60_000);

  it('picking its own IVs is no failure: wrapped keys and everything else are judged whatever the IV (RFC 3394 s4 included)', async () => {
    const r = await runConformanceCommand(vectors, command('--random-iv'), { profile });
    expect(failedIds(r)).toEqual([]);
    const wrap = r.vectors
      .find((v) => v.id === 'RFC3394-4.1')
      ?.checks.find((c) => c.name.startsWith('wrap'));
    expect(wrap?.status).toBe('pass');
  }, 60_000);

  it('an implementation that cannot take a fixed ephemeral key passes when it declares so, and fails RFC 7518 C when it does not', async () => {
    const declared = await runConformanceCommand(vectors, command('--ignore-given-epk'), {
      profile: { ...profile, unsupported: [...profile.unsupported, 'fixed-ephemeral-key'] },
    });
    expect(failedIds(declared)).toEqual([]);
    expect(declared.vectors.find((v) => v.id === 'RFC7518-C')?.checks[2]).toMatchObject({
      status: 'skipped',
      reason: 'needs fixed-ephemeral-key, declared unsupported',
    });
    const undeclared = await runConformanceCommand(vectors, command('--ignore-given-epk'), {
      profile,
    });
    expect(failedIds(undeclared)).toEqual(['RFC7518-C#3']);
  }, 60_000);
});

// Each fault turns one defence off; the suite must flag exactly the vectors of that attack class.
const FAULTS: ReadonlyArray<[string, RegExp]> = [
  ['ignore-alg', /^REJECT-JW[SE]-(alg|enc)-/],
  ['ignore-crit', /^REJECT-JWS-(crit|b64)-/],
  ['trust-embedded-jwk', /^REJECT-JW[SE]-embedded-/],
  ['lax-base64', /^REJECT-JW[SE]-base64url-/],
  ['allow-duplicates', /^REJECT-JW[SE]-duplicate-/],
  ['no-p2c-bound', /^REJECT-JWE-PBES2-p2c-above-bound#/],
  ['no-zip-bound', /^REJECT-JWE-zip-inflates-/],
  ['any-tag-length', /^REJECT-JWE-A\d+GCM-tag-truncated-/],
];

describe('fault-injected implementations are flagged, each by its attack class', () => {
  const rejecting = vectors.filter((v) => v.id.startsWith('REJECT-'));
  for (const [fault, expected] of FAULTS) {
    it(`--fault ${fault}`, async () => {
      const r = await runConformanceCommand(rejecting, command(`--fault ${fault}`), { profile });
      const failed = failedIds(r);
      expect(r.ok).toBe(false);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.filter((id) => !expected.test(id))).toEqual([]);
      // Where both sides have the class, the fault is caught on both (JWE vectors of it included).
      if (expected.source.includes('JW[SE]'))
        expect(new Set(failed.map((id) => id.slice(7, 10)))).toEqual(new Set(['JWS', 'JWE']));
    }, 60_000);
  }

  it('--fault empty-is-detached: refusing the empty payload is flagged by both vectors', async () => {
    const empty = vectors.filter((v) => v.id.startsWith('EMPTY-JWS-'));
    expect(empty.map((v) => v.id)).toEqual([
      'EMPTY-JWS-HS256-compact',
      'EMPTY-JWS-RS256-acme-post-as-get',
    ]);
    expect((await runConformanceCommand(empty, command(), { profile })).ok).toBe(true);
    const r = await runConformanceCommand(empty, command('--fault empty-is-detached'), { profile });
    expect(r.vectors.filter((v) => v.status === 'fail').map((v) => v.id)).toEqual(
      empty.map((v) => v.id),
    );
    expect(runConformance(empty).ok).toBe(true);
  }, 60_000);

  it("jose-core's own adapter, made to ignore the requested algorithm, is flagged by every confusion vector", () => {
    // The fault: verify and decrypt whatever the token names, as a careless caller of any library would.
    const ignoring = (line: string): string => {
      const r = JSON.parse(line) as Record<string, unknown>;
      const token =
        typeof r.jws === 'string' ? r.jws : typeof r.jwe === 'string' ? r.jwe : undefined;
      if (token === undefined) return handleLine(line);
      const header = JSON.parse(
        Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
      ) as Record<string, unknown>;
      return handleLine(
        JSON.stringify({
          ...r,
          alg: header.alg ?? r.alg,
          ...(r.enc === undefined ? {} : { enc: header.enc }),
        }),
      );
    };
    const confusion = vectors.filter((v) => /^REJECT-JW[SE]-(alg|enc)-/.test(v.id));
    expect(confusion.length).toBeGreaterThanOrEqual(20);
    const r = runConformance(confusion, { respond: ignoring });
    expect(r.vectors.filter((v) => v.status !== 'fail').map((v) => v.id)).toEqual([]);
    expect(runConformance(confusion).ok).toBe(true);
  });
});
