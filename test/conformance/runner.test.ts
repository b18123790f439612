import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { handleLine, handleRequest, serveAdapter } from '../../src/conformance/adapter.js';
import { formatReport } from '../../src/conformance/report.js';
import {
  type ConformanceReport,
  planConformance,
  runConformance,
} from '../../src/conformance/runner.js';
import { loadVectors } from '../../src/conformance/vectors.js';

const vectors = loadVectors();
const report = runConformance(vectors);
const statusOf = (r: ConformanceReport, id: string) => r.vectors.find((x) => x.id === id)?.status;

/** A responder that rewrites requests or replies around jose-core's own adapter. */
function around(opts: {
  request?: (r: Record<string, unknown>) => Record<string, unknown>;
  reply?: (r: Record<string, unknown>, req: Record<string, unknown>) => Record<string, unknown>;
}): (line: string) => string {
  return (line) => {
    const request = JSON.parse(line) as Record<string, unknown>;
    const reply = JSON.parse(
      handleLine(JSON.stringify(opts.request?.(request) ?? request)),
    ) as Record<string, unknown>;
    return JSON.stringify(opts.reply?.(reply, request) ?? reply);
  };
}

describe('conformance runner against jose-core (in-process, through the JSON lines of the protocol)', () => {
  it('every vector passes, every check runs (nothing declared unsupported)', () => {
    const failures = report.vectors.filter((r) => r.status !== 'pass');
    expect(failures).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.skipped).toBe(0);
    expect(report.summary.pass).toBe(report.vectors.reduce((n, v) => n + v.checks.length, 0));
  });

  it('X25519 and Ed25519 keys run as JWKs: the cookbook X25519 JWE decrypts, RFC 8037 A.4 is re-signed octet for octet', () => {
    const result = (id: string) => report.vectors.find((r) => r.id === id);
    expect(result('Cookbook-X25519-ECDH-ES')?.checks.map((c) => [c.name, c.status])).toContainEqual(
      ['decrypt compact', 'pass'],
    );
    expect(result('RFC8037-A.1')?.checks.map((c) => c.name)).toEqual(['import key 0']);
    expect(result('RFC8037-A.3')?.checks.map((c) => c.name)).toEqual(['thumbprint (SHA-256)']);
    expect(result('RFC8037-A.4')?.checks.map((c) => c.name)).toEqual([
      'verify compact',
      'verify compact, tampered',
      'verify JSON general with key 0',
      'verify JSON general, tampered',
      'verify JSON flattened with key 0',
      'verify JSON flattened, tampered',
      'sign compact',
      'sign JSON',
    ]);
    expect(result('RFC8037-A.5')?.checks.map((c) => c.name)).toEqual([
      'verify compact',
      'verify compact, tampered',
    ]);
    // EdDSA is deterministic: a signer that randomizes its signature fails the published octets.
    const r = runConformance(
      vectors.filter((v) => v.id === 'RFC8037-A.4'),
      {
        respond: around({
          reply: (x, req) =>
            req.op === 'sign' && typeof x.compact === 'string'
              ? { ...x, compact: x.compact.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }
              : x,
        }),
      },
    );
    expect(r.vectors[0]?.checks.find((c) => c.name === 'sign compact')?.status).toBe('fail');
  });

  it('only vectors that ran are counted as passed: each has checks, all of them passed', () => {
    for (const r of report.vectors.filter((x) => x.status === 'pass')) {
      expect(r.checks.length, r.id).toBeGreaterThan(0);
      expect(
        r.checks.every((c) => c.status === 'pass'),
        r.id,
      ).toBe(true);
    }
  });

  it('verifies, decrypts, refuses tampering, re-signs and re-encrypts where a vector allows it', () => {
    const names = (id: string) =>
      report.vectors.find((r) => r.id === id)?.checks.map((c) => c.name);
    expect(names('RFC7515-A.1')).toEqual([
      'verify compact',
      'verify compact, tampered',
      'sign compact',
    ]);
    expect(names('RFC7515-A.5')).toEqual(['verify refuses']);
    expect(names('RFC7516-A.3')).toEqual([
      'decrypt compact',
      'decrypt compact, tampered',
      'encrypt compact',
    ]);
    expect(names('RFC3394-4.1')).toEqual([
      'unwrap (in an A128KW/A128GCM JWE)',
      'unwrap, tampered',
      'wrap (in an A128KW/A128GCM JWE)',
    ]);
    expect(names('RFC7518-C')).toEqual([
      'agree and decrypt',
      'agree and decrypt, tampered',
      'agree and encrypt with the published ephemeral key',
    ]);
    expect(names('RFC7520-6')).toContain('inner JWS: verify compact');
  });

  it('RFC 7520 s4.5 and RFC 7797 s4.2: detached and unencoded payloads are given to verifiers, asked of signers, and required', () => {
    const names = (id: string) =>
      report.vectors.find((r) => r.id === id)?.checks.map((c) => c.name);
    expect(names('RFC7520-4.5')).toEqual([
      'verify compact',
      'verify compact, tampered',
      'verify compact, without its detached payload',
      'verify compact, another detached payload',
      'verify JSON general with key 0',
      'verify JSON general, tampered',
      'verify JSON general, without its detached payload',
      'verify JSON general, another detached payload',
      'verify JSON flattened with key 0',
      'verify JSON flattened, tampered',
      'verify JSON flattened, without its detached payload',
      'verify JSON flattened, another detached payload',
      'sign compact',
      'sign JSON',
    ]);
    expect(names('RFC7797-4.2')).toEqual([
      'verify compact',
      'verify compact, tampered',
      'verify compact, without its detached payload',
      'verify compact, another detached payload',
      'verify JSON flattened with key 0',
      'verify JSON flattened, tampered',
      'sign compact',
      'sign JSON',
    ]);
    const requests = planConformance(vectors.filter((v) => v.id === 'RFC7520-4.5')).requests;
    expect(
      requests.filter((r) => r.op === 'sign').map((r) => (r as { detached?: boolean }).detached),
    ).toEqual([true, true]);
    expect(requests.filter((r) => r.op === 'verify' && r.payload !== undefined).length).toBe(9);
  });

  it('flags an implementation that ignores detachment: it re-attaches the payload, or accepts a JWS whose payload it never got', () => {
    const picked = vectors.filter((v) => v.id === 'RFC7520-4.5' || v.id === 'RFC7797-4.2');
    const attaching = runConformance(picked, {
      respond: around({ request: (q) => (q.op === 'sign' ? { ...q, detached: false } : q) }),
    });
    const check = (r: ConformanceReport, id: string, name: string) =>
      r.vectors.find((x) => x.id === id)?.checks.find((c) => c.name === name);
    expect(check(attaching, 'RFC7520-4.5', 'sign compact')).toMatchObject({
      status: 'fail',
      received: 'the payload part is not empty (detached)',
    });
    expect(check(attaching, 'RFC7520-4.5', 'sign JSON')).toMatchObject({
      status: 'fail',
      received: 'the payload member is there, but the payload is detached',
    });
    // jose-core detaches a b64: false compact JWS whatever it is asked, which is what RFC 7797 s5.2 allows.
    expect(check(attaching, 'RFC7797-4.2', 'sign compact')?.status).toBe('pass');
    const lenient = runConformance(picked, {
      respond: around({
        reply: (x, q) =>
          q.op === 'verify' && q.payload === undefined && !x.ok
            ? { id: x.id, ok: true, payload: '' }
            : x,
      }),
    });
    expect(
      check(lenient, 'RFC7520-4.5', 'verify compact, without its detached payload'),
    ).toMatchObject({ status: 'fail', received: 'accepted what it must refuse' });
  });

  it('plans one request per check, with unique ids', () => {
    const plan = planConformance(vectors);
    expect(new Set(plan.requests.map((r) => r.id)).size).toBe(plan.requests.length);
    expect(plan.requests.length).toBe(report.vectors.reduce((n, r) => n + r.checks.length, 0));
    expect(plan.requests.every((r, i) => plan.requests.findIndex((x) => x.id === r.id) === i)).toBe(
      true,
    );
  });

  it('flags an implementation that returns the wrong payload or plaintext', () => {
    const r = runConformance(vectors, {
      respond: around({
        reply: (x, req) => (req.op === 'verify' && x.ok ? { ...x, payload: 'd3Jvbmc' } : x),
      }),
    });
    expect(statusOf(r, 'RFC7515-A.1')).toBe('fail');
    expect(r.vectors.find((x) => x.id === 'RFC7515-A.1')?.checks[0]).toMatchObject({
      expected: {
        payload:
          'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ',
      },
      received: { payload: 'd3Jvbmc' },
    });
    expect(r.ok).toBe(false);
  });

  it('flags an implementation that accepts tampered tokens', () => {
    const r = runConformance(vectors, {
      respond: around({
        reply: (x, req) =>
          x.ok ? x : req.op === 'decrypt' ? { id: x.id, ok: true, plaintext: '' } : x,
      }),
    });
    const a3 = r.vectors.find((x) => x.id === 'RFC7516-A.3');
    expect(a3?.checks.find((c) => c.name === 'decrypt compact, tampered')).toMatchObject({
      status: 'fail',
      received: 'accepted what it must refuse',
      expect: 'refuse',
    });
  });

  it('checks randomized outputs by decrypting them, and deterministic ones by their published octets', () => {
    // Without the published CEK the output still decrypts, but is no longer the published ciphertext.
    const r = runConformance(vectors, {
      respond: around({ request: (q) => (q.op === 'encrypt' ? { ...q, cek: undefined } : q) }),
    });
    expect(
      r.vectors
        .find((x) => x.id === 'RFC7516-A.3')
        ?.checks.find((c) => c.name === 'encrypt compact')?.received,
    ).toBe('the ciphertext differs from the expected value');
    // RSA-OAEP's encrypted key differs on every run and is never compared; PS and ES signatures are verified.
    expect(statusOf(r, 'RFC7516-A.1')).toBe('fail');
    expect(
      statusOf(runConformance(vectors.filter((v) => v.id === 'RFC7520-4.3')), 'RFC7520-4.3'),
    ).toBe('pass');
  });

  it('an unsupported answer for an operation the profile does not declare fails the run; declared, its checks are skipped', () => {
    const r = runConformance(vectors, {
      respond: around({
        reply: (x, req) =>
          req.op === 'content-encrypt'
            ? { id: x.id, ok: false, error: 'no', unsupported: true }
            : x,
      }),
    });
    expect(statusOf(r, 'RFC7518-B.1')).toBe('fail');
    expect(r.vectors.find((x) => x.id === 'RFC7518-B.1')?.checks[0]).toMatchObject({
      status: 'unsupported',
      received: 'refused: no',
    });
    expect([r.summary.unsupported, r.ok]).toEqual([10, false]); // 4 RFC vectors and 6 generated ones
    const declared = runConformance(vectors, {
      profile: { unsupported: ['content-encrypt'] },
      respond: around({
        reply: (x, req) =>
          req.op === 'content-encrypt'
            ? { id: x.id, ok: false, error: 'no', unsupported: true }
            : x,
      }),
    });
    expect(statusOf(declared, 'RFC7518-B.1')).toBe('pass');
    expect(declared.vectors.find((x) => x.id === 'RFC7518-B.1')?.checks[0]).toMatchObject({
      status: 'skipped',
      reason: 'needs content-encrypt, declared unsupported',
    });
    expect([declared.summary.skipped, declared.summary.unsupported, declared.ok]).toEqual([
      10,
      0,
      true,
    ]);
  });

  it('an unsupported answer to an undeclared refuse check fails it (issue 16 s1); declared, the check is skipped', () => {
    const refusing = vectors.filter((v) => v.id.startsWith('REJECT-JWS-none-'));
    expect(refusing.length).toBeGreaterThan(0);
    const saysUnsupported = around({
      reply: (x) => ({ id: x.id, ok: false, error: 'no', unsupported: true }),
    });
    const r = runConformance(refusing, { respond: saysUnsupported });
    const checks = r.vectors.flatMap((v) => v.checks);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.expect === 'refuse' && c.status === 'unsupported')).toBe(true);
    expect([r.summary.unsupported, r.ok]).toEqual([checks.length, false]);
    const asked = vectors.filter((v) => v.id === 'REJECT-JWS-alg-HS256-asked-HS384');
    const declared = runConformance(asked, {
      profile: { unsupported: ['HS384'] },
      respond: saysUnsupported,
    });
    expect(declared.vectors[0]?.checks.map((c) => c.status)).toEqual(['skipped']);
    expect([declared.summary.unsupported, declared.ok]).toEqual([0, true]);
  });

  it('lines that are not replies are protocol problems, and a missing reply fails its check', () => {
    let n = 0;
    const three = vectors.filter((v) =>
      ['RFC3394-4.1', 'RFC3394-4.2', 'RFC3394-4.3'].includes(v.id),
    );
    const r = runConformance(three, {
      respond: (line) => (++n === 1 ? 'garbage' : n === 2 ? '{"ok":true}' : handleLine(line)),
    });
    expect(r.problems).toEqual([
      expect.stringMatching(/#1: a line of output is not JSON$/),
      expect.stringMatching(/#2: a reply lacks a string "id"/),
    ]);
    expect(r.vectors[0]?.checks[0]).toMatchObject({ status: 'fail', received: 'no reply' });
  });

  it('prints a table of every vector with its source, kind, algorithms and result', () => {
    const text = formatReport(report);
    expect(text).toMatch(/^VECTOR +SOURCE +KIND +ALGORITHMS +RESULT$/m);
    expect(text).toMatch(/^RFC7515-A\.1 +RFC 7515, Appendix A\.1 +jws +HS256 +pass$/m);
    expect(text).toMatch(
      /^Cookbook-X25519-ECDH-ES +ietf-jose\/cookbook curve25519\/ecdh-es\.\.\. +jwe /m,
    );
    const checks = report.summary.pass;
    expect(text).toContain(
      `${vectors.length} vectors: ${vectors.length} passed, 0 failed, 0 skipped\n${checks} checks: ${checks} pass, 0 fail, 0 unsupported, 0 skipped; coverage ${checks}/${checks}\nconformance: OK\n`,
    );
    const bad = formatReport(
      runConformance(
        vectors.filter((v) => v.id === 'RFC3394-4.1'),
        { respond: () => 'nope' },
      ),
    );
    expect(bad).toContain(
      'FAIL [RFC3394-4.1#1] unwrap (in an A128KW/A128GCM JWE) (expect equal)\n      expected: {"plaintext":',
    );
    expect(bad).toContain('      received: no reply');
    expect(bad).toContain('protocol problem:');
    expect(bad).toContain('conformance: FAILED');
  });
});

describe("jose-core's adapter", () => {
  it('serves the protocol over streams: one reply line per request line, as they come', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c: Buffer) => void (text += c.toString()));
    const done = new Promise<void>((resolve) => serveAdapter(input, output, resolve));
    const requests = planConformance(
      vectors.filter((v) => v.id === 'RFC7638-3.1' || v.id === 'RFC7515-A.1'),
    ).requests;
    input.end(`${requests.map((r) => JSON.stringify(r)).join('\r\n')}\n\n`);
    await done;
    const replies = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; ok: boolean });
    expect(replies.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(
      replies.filter((r) => r.id.endsWith('#2') && r.id.startsWith('RFC7515')).map((r) => r.ok),
    ).toEqual([false]);
    expect(replies.find((r) => r.id === 'RFC7638-3.1#1')).toEqual({
      id: 'RFC7638-3.1#1',
      ok: true,
      thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    });
  });

  it('answers malformed requests with an error instead of throwing', () => {
    expect(handleLine('not json')).toBe(
      '{"id":"","ok":false,"error":"malformed request: not a JSON object"}',
    );
    expect(handleRequest({ op: 'verify' })).toEqual({
      id: '',
      ok: false,
      error: 'malformed request: a request needs a string "id" and "op"',
    });
    expect(handleRequest({ id: '1', op: 'teleport' })).toEqual({
      id: '1',
      ok: false,
      error: 'ERR_NOT_SUPPORTED: the operation "teleport" is not supported',
      unsupported: true,
    });
    expect(
      handleRequest({ id: '2', op: 'sign', serialization: 'compact', payload: 'AA', signers: [] }),
    ).toEqual({
      id: '2',
      ok: false,
      error: 'malformed request: compact signing takes one signer with a protected header only',
    });
    expect(
      handleRequest({
        id: '3',
        op: 'verify',
        jws: 'a.b.c',
        key: { kty: 'oct', k: 'AA' },
        alg: 'HS256',
      }),
    ).toMatchObject({ id: '3', ok: false });
    expect(
      handleRequest({ id: '4', op: 'thumbprint', jwk: { kty: 'oct', k: 'AA' }, hash: 'MD5' }),
    ).toMatchObject({ ok: false, unsupported: true });
    expect(
      handleRequest({
        id: '5',
        op: 'content-encrypt',
        enc: 'A128GCM',
        key: { kty: 'oct', k: 'AA' },
        iv: '',
        aad: '',
        plaintext: '',
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^ERR_KEY_UNSUITABLE/) });
  });
});
