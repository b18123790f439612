import {
  type CheckResult,
  type ConformanceReport,
  countChecks,
  type VectorResult,
} from './result.js';

/** The report formats: a table for people, and JSON, JUnit XML and TAP for tools. */
export type ReportFormat = 'text' | 'json' | 'junit' | 'tap';

/** The report formats `--format` takes. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'tap'];

const RESULT: Record<VectorResult['status'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  skipped: 'skipped',
};
// Sources outside the RFCs can be long descriptions; the table keeps their start.
const SOURCE_WIDTH = 40;
const VALUE_WIDTH = 160;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}

const show = (v: unknown): string =>
  clip(typeof v === 'string' ? v : JSON.stringify(v), VALUE_WIDTH);

function table(rows: string[][]): string[] {
  const widths = (rows[0] as string[]).map((_, c) =>
    Math.max(...rows.map((r) => (r[c] as string).length)),
  );
  const pad = (cell: string, c: number, last: boolean): string =>
    last ? cell : cell.padEnd(widths[c] as number);
  return rows.map((r) => r.map((cell, c) => pad(cell, c, c === r.length - 1)).join('  '));
}

/** The protocol problems as a vector of failed checks, so that every format carries them alike. */
function withProblems(report: ConformanceReport): VectorResult[] {
  if (report.problems.length === 0) return report.vectors;
  const checks: CheckResult[] = report.problems.map((p, i) => {
    const requestId = `protocol#${i + 1}`;
    return { name: 'protocol', expect: 'accept', status: 'fail', received: p, requestId };
  });
  const source = 'docs/conformance-protocol.md';
  const problems: VectorResult = {
    id: 'protocol',
    source,
    kind: 'unrecognised',
    algorithms: [],
    status: 'fail',
    checks,
  };
  return [...report.vectors, problems];
}

/** Checks run and in all: the coverage a profile leaves. */
export interface Coverage {
  /** Checks sent and judged. */
  run: number;
  /** Every check of the vectors. */
  total: number;
}

/**
 * Checks run and total: the coverage a profile leaves.
 *
 * @example
 * ```ts
 * coverage(runConformance(loadVectors(), { profile: { unsupported: ['RSA1_5'] } }))
 * // { run: 674, total: 695 }
 * ```
 */
export function coverage(report: ConformanceReport): Coverage {
  const { pass, fail, unsupported, skipped } = report.summary;
  return { run: pass + fail + unsupported, total: pass + fail + unsupported + skipped };
}

/** A row of the coverage table: the checks that ran for an identifier, by expectation, and those skipped. */
export interface AlgorithmCoverage {
  /** The `alg` or `enc` identifier. */
  algorithm: string;
  /** Checks run that expected the published outputs. */
  equal: number;
  /** Checks run that expected an acceptance. */
  accept: number;
  /** Checks run that expected a refusal. */
  refuse: number;
  /** Checks skipped by the profile. */
  skipped: number;
}

/**
 * The coverage table: for every `alg`/`enc` identifier the vectors involve, how many checks ran
 * expecting equal outputs, an acceptance or a refusal, and how many were skipped.
 *
 * @example
 * ```ts
 * algorithmCoverage(runConformance(loadVectors())).find((r) => r.algorithm === 'ES256K')
 * ```
 */
export function algorithmCoverage(report: ConformanceReport): AlgorithmCoverage[] {
  const rows = new Map<string, AlgorithmCoverage>();
  for (const v of report.vectors) {
    for (const algorithm of v.algorithms) {
      const row = rows.get(algorithm) ?? { algorithm, equal: 0, accept: 0, refuse: 0, skipped: 0 };
      for (const c of v.checks) {
        if (c.status === 'skipped') row.skipped += 1;
        else row[c.expect] += 1;
      }
      rows.set(algorithm, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.algorithm.localeCompare(b.algorithm));
}

function checkNotes(r: VectorResult): string[] {
  const lines: string[] = [];
  const skipped = new Map<string, number>();
  for (const c of r.checks) {
    if (c.status === 'pass') continue;
    if (c.status === 'skipped') {
      skipped.set(c.reason ?? '', (skipped.get(c.reason ?? '') ?? 0) + 1);
      continue;
    }
    const status = c.status === 'fail' ? 'FAIL' : 'UNSUPPORTED (not declared)';
    lines.push(`    ${status} [${c.requestId}] ${c.name} (expect ${c.expect})`);
    if (c.expected !== undefined) lines.push(`      expected: ${show(c.expected)}`);
    if (c.expect === 'refuse') {
      lines.push(`      expected: a refusal${c.reason === undefined ? '' : `: ${c.reason}`}`);
    }
    if (c.received !== undefined) lines.push(`      received: ${show(c.received)}`);
  }
  for (const [why, n] of skipped) lines.push(`    skipped ${n} check${n === 1 ? '' : 's'}: ${why}`);
  return lines;
}

function text(report: ConformanceReport): string {
  const rows = [['VECTOR', 'SOURCE', 'KIND', 'ALGORITHMS', 'RESULT']];
  const notes = new Map<number, string[]>();
  for (const r of report.vectors) {
    rows.push([
      r.id,
      clip(r.source, SOURCE_WIDTH),
      r.kind,
      r.algorithms.join(' ') || '-',
      RESULT[r.status],
    ]);
    const lines = checkNotes(r);
    if (lines.length > 0) notes.set(rows.length - 1, lines);
  }
  const declared = report.profile.unsupported;
  const profile =
    declared.length === 0 ? 'everything supported' : `unsupported ${declared.join(', ')}`;
  const out = [`implementation: ${report.implementation}`, `profile: ${profile}`];
  for (const [i, line] of table(rows).entries()) out.push(line, ...(notes.get(i) ?? []));
  out.push('', 'coverage by algorithm (checks run, by expectation):');
  const counted = (r: AlgorithmCoverage): string[] =>
    [r.equal, r.accept, r.refuse, r.skipped].map(String);
  const coverageRows = algorithmCoverage(report).map((r) => [r.algorithm, ...counted(r)]);
  const header = ['ALGORITHM', 'EQUAL', 'ACCEPT', 'REFUSE', 'SKIPPED'];
  out.push(...table([header, ...coverageRows]).map((l) => `  ${l}`), '');
  for (const p of report.problems) out.push(`protocol problem: ${p}`);
  const { pass, fail, unsupported, skipped } = report.summary;
  const { run, total } = coverage(report);
  const count = (s: VectorResult['status']): number =>
    report.vectors.filter((v) => v.status === s).length;
  const vectors = `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`;
  out.push(`${report.vectors.length} vectors: ${vectors}`);
  const counts = `${pass} pass, ${fail} fail, ${unsupported} unsupported, ${skipped} skipped`;
  out.push(`${total} checks: ${counts}; coverage ${run}/${total}`);
  out.push(report.ok ? 'conformance: OK' : 'conformance: FAILED');
  return `${out.join('\n')}\n`;
}

function json(report: ConformanceReport): string {
  const all = withProblems(report);
  const vectors = all.map((v) => ({
    id: v.id,
    source: v.source,
    algorithms: v.algorithms,
    checks: v.checks.map((c) => ({
      name: c.name,
      expect: c.expect,
      status: c.status,
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      ...(c.received === undefined ? {} : { received: c.received }),
      ...(c.request === undefined ? {} : { request: c.request }),
    })),
  }));
  const { implementation, profile } = report;
  // Counted here, not taken from the report, so that the protocol problems' vector counts too.
  const summary = countChecks(all);
  const declared = { ...profile, unsupported: [...profile.unsupported] };
  const body = { implementation, profile: declared, summary, vectors };
  return `${JSON.stringify(body, null, 2)}\n`;
}

// Markup characters as references; characters XML 1.0 cannot hold at all as '?'.
const xml = (s: string): string =>
  s
    .replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g, '?');

function junit(report: ConformanceReport): string {
  const vectors = withProblems(report);
  const all = vectors.flatMap((v) => v.checks);
  const failures = all.filter((c) => c.status === 'fail' || c.status === 'unsupported').length;
  const skipped = all.filter((c) => c.status === 'skipped').length;
  const name = `jose-core conformance: ${xml(report.implementation)}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${all.length}" failures="${failures}" skipped="${skipped}">`,
  ];
  for (const v of vectors) {
    const vf = v.checks.filter((c) => c.status === 'fail' || c.status === 'unsupported').length;
    const vs = v.checks.filter((c) => c.status === 'skipped').length;
    out.push(
      `  <testsuite name="${xml(v.id)}" tests="${v.checks.length}" failures="${vf}" skipped="${vs}">`,
    );
    for (const c of v.checks) {
      const open = `    <testcase classname="${xml(v.id)}" name="${xml(`${c.requestId} ${c.name}`)}"`;
      if (c.status === 'pass') out.push(`${open}/>`);
      else if (c.status === 'skipped') {
        out.push(`${open}><skipped message="${xml(c.reason ?? '')}"/></testcase>`);
      } else {
        const expected = c.expected === undefined ? [] : [`expected: ${show(c.expected)}`];
        const body = [`expect: ${c.expect}`, ...expected, `received: ${show(c.received)}`].join(
          '\n',
        );
        out.push(`${open}><failure message="${xml(c.status)}">${xml(body)}</failure></testcase>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function tap(report: ConformanceReport): string {
  const all = withProblems(report).flatMap((v) => v.checks);
  const out = ['TAP version 14', `1..${all.length}`];
  all.forEach((c, i) => {
    const title = `${i + 1} - ${c.requestId} ${c.name}`.replace(/#/g, '\\#');
    if (c.status === 'pass') out.push(`ok ${title}`);
    else if (c.status === 'skipped') out.push(`ok ${title} # SKIP ${c.reason ?? ''}`);
    else {
      out.push(`not ok ${title}`, '  ---', `  status: ${c.status}`, `  expect: ${c.expect}`);
      if (c.expected !== undefined) out.push(`  expected: ${JSON.stringify(show(c.expected))}`);
      out.push(`  received: ${JSON.stringify(show(c.received))}`, '  ...');
    }
  });
  return `${out.join('\n')}\n`;
}

/**
 * A conformance report as text (a table of vectors, with expected and received values and the
 * request id of every check that did not pass, the profile and the coverage), as JSON (the shape
 * docs/conformance-protocol.md documents, secrets redacted), as JUnit XML or as TAP.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReport(runConformance(loadVectors()), 'json'))
 * ```
 */
export function formatReport(report: ConformanceReport, format: ReportFormat = 'text'): string {
  switch (format) {
    case 'json':
      return json(report);
    case 'junit':
      return junit(report);
    case 'tap':
      return tap(report);
    default:
      return text(report);
  }
}
