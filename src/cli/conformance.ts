import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConformanceCommand } from '../conformance/exec.js';
import { type ConformanceProfile, readProfile } from '../conformance/profile.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../conformance/report.js';
import {
  type ConformanceReport,
  declarableItems,
  planConformance,
  runConformance,
  selectVectors,
} from '../conformance/runner.js';
import type { ConformanceVector } from '../conformance/types.js';
import { loadVectors, loadWycheproofVectors } from '../conformance/vectors.js';
import { noPositionals, optional, parseArgs, UsageError } from './args.js';
import { checkReadable, type Io } from './io.js';

const OPTIONS = {
  exec: 'string',
  timeout: 'string',
  vectors: 'string',
  unsupported: 'string',
  profile: 'string',
  format: 'string',
  only: 'string',
  'dump-requests': 'string',
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string>>;

function parse(argv: readonly string[]): Values {
  const args = parseArgs(argv, OPTIONS);
  noPositionals(args);
  const values: Values = {};
  for (const name of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]) {
    const value = optional(args, name);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

function profileOf(values: Values, vectors: readonly ConformanceVector[]): ConformanceProfile {
  if (values.profile !== undefined && values.unsupported !== undefined) {
    throw new UsageError('give --unsupported or --profile, not both');
  }
  let profile: ConformanceProfile = { unsupported: [] };
  if (values.profile !== undefined) {
    try {
      profile = readProfile(readFileSync(values.profile, 'utf8'));
    } catch (e) {
      throw new UsageError(`--profile: ${e instanceof Error ? e.message : 'cannot be read'}`);
    }
  } else if (values.unsupported !== undefined) {
    profile = {
      unsupported: values.unsupported
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    };
  }
  // A typo would silently declare nothing: every item must be something some check needs.
  const known = declarableItems(vectors);
  const unknown = profile.unsupported.filter((x) => !known.has(x));
  if (unknown.length > 0) {
    const items = `unsupported item${unknown.length === 1 ? '' : 's'}`;
    throw new UsageError(`${items} no check needs: ${unknown.join(', ')}`);
  }
  return profile;
}

function dump(
  dir: string,
  vectors: readonly ConformanceVector[],
  profile: ConformanceProfile,
): void {
  mkdirSync(dir, { recursive: true });
  const byVector = new Map<string, string[]>();
  for (const r of planConformance(vectors, profile).requests) {
    const vector = r.id.replace(/#\d+$/, '');
    byVector.set(vector, [...(byVector.get(vector) ?? []), JSON.stringify(r)]);
  }
  // One JSON-lines file per vector: `adapter < DIR/<id>.jsonl` replays it.
  for (const [id, lines] of byVector) {
    writeFileSync(
      join(dir, `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`),
      `${lines.join('\n')}\n`,
    );
  }
}

/**
 * `conformance [--exec CMD] [--timeout S] [--vectors DIR|wycheproof] [--unsupported LIST | --profile FILE]
 * [--format text|json|junit|tap] [--only ID|REGEX] [--dump-requests DIR]`: runs the vectors against
 * jose-core itself, or against the adapter `CMD`; exits 1 unless nothing failed.
 */
export function conformance(argv: readonly string[], io: Io): number | Promise<number> {
  const values = parse(argv);
  const timeout = Number(values.timeout ?? '60');
  if (!(timeout > 0 && timeout <= 86_400)) {
    throw new UsageError('--timeout must be a number of seconds from 0 to 86400');
  }
  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format is one of ${REPORT_FORMATS.join(', ')}`);
  }
  if (values.vectors !== undefined && values.vectors !== 'wycheproof')
    checkReadable(values.vectors, 'vectors folder');
  let vectors =
    values.vectors === 'wycheproof' ? loadWycheproofVectors() : loadVectors(values.vectors);
  const profile = profileOf(values, vectors);
  if (values.only !== undefined) {
    try {
      vectors = selectVectors(vectors, values.only);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : '--only selects nothing');
    }
  }
  if (values['dump-requests'] !== undefined) dump(values['dump-requests'], vectors, profile);
  const print = (report: ConformanceReport): number => {
    io.out(formatReport(report, format));
    return report.ok ? 0 : 1;
  };
  if (values.exec === undefined) {
    const own = { implementation: 'jose-core (in-process)', ...profile };
    return print(runConformance(vectors, { profile: own }));
  }
  return runConformanceCommand(vectors, values.exec, { timeoutMs: timeout * 1000, profile }).then(
    print,
  );
}
