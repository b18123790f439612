import type { ConformanceReport, VectorResult } from './runner.js';

const RESULT: Record<VectorResult['status'], string> = { pass: 'pass', fail: 'FAIL', 'not-run': 'NOT RUN', 'out-of-scope': 'out of scope' };
// Sources outside the RFCs can be long descriptions; the table keeps their start.
const SOURCE_WIDTH = 40;

function source(r: VectorResult): string {
  const text = `${r.rfc}${r.section === '' ? '' : `, ${r.section}`}`;
  return text.length <= SOURCE_WIDTH ? text : `${text.slice(0, SOURCE_WIDTH - 3)}...`;
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] as number))).join('  '));
}

/**
 * A conformance report as text: one row per vector (id, source, kind, algorithms, result), the
 * checks that did not pass and the reasons under their vector, then the counts.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReport(runConformance(loadVectors())))
 * ```
 */
export function formatReport(report: ConformanceReport): string {
  const rows = [['VECTOR', 'SOURCE', 'KIND', 'ALGORITHMS', 'RESULT']];
  const notes = new Map<number, string[]>();
  for (const r of report.results) {
    rows.push([r.id, source(r), r.kind, r.algorithms.join(' ') || '-', RESULT[r.status]]);
    const lines = r.reason === undefined ? [] : [`    ${r.reason}`];
    for (const c of r.checks) if (c.status !== 'pass') lines.push(`    ${c.status === 'fail' ? 'failed' : 'not run'}: ${c.name}: ${c.detail ?? ''}`);
    if (lines.length > 0) notes.set(rows.length - 1, lines);
  }
  const out: string[] = [];
  table(rows).forEach((line, i) => {
    out.push(line, ...(notes.get(i) ?? []));
  });
  out.push('');
  for (const p of report.problems) out.push(`protocol problem: ${p}`);
  const total = report.results.length;
  out.push(`${total} vectors: ${report.passed} passed, ${report.failed} failed, ${report.notRun} not run, ${report.outOfScope} out of scope`);
  out.push(report.ok ? 'conformance: OK' : 'conformance: FAILED');
  return `${out.join('\n')}\n`;
}
