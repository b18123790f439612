import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runConformanceCommand } from '../conformance/exec.js';
import { readProfile, type ConformanceProfile } from '../conformance/profile.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../conformance/report.js';
import {
  declarableItems,
  planConformance,
  runConformance,
  selectVectors,
  type ConformanceReport,
} from '../conformance/runner.js';
import { loadVectors, loadWycheproofVectors } from '../conformance/vectors.js';
import type { ConformanceVector } from '../conformance/types.js';
import { UsageError } from './args.js';
import type { Io } from './io.js';

const OPTIONS = {
  exec: { type: 'string' },
  timeout: { type: 'string' },
  vectors: { type: 'string' },
  unsupported: { type: 'string' },
  profile: { type: 'string' },
  format: { type: 'string' },
  only: { type: 'string' },
  'dump-requests': { type: 'string' },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>;
type Values = Parsed['values'];

function parse(argv: readonly string[]): Values {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // node:util's messages name the option in quotes; the CLI's own say `unknown option --x`.
    const message = e instanceof Error ? (e.message.split('\n')[0] as string) : 'bad arguments';
    const unknown = /^Unknown option '(--?[^']+)'/.exec(message);
    throw new UsageError(unknown === null ? message : `unknown option ${unknown[1] as string}`);
  }
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
    profile = { unsupported: values.unsupported.split(',').map((x) => x.trim()).filter((x) => x !== '') };
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

function dump(dir: string, vectors: readonly ConformanceVector[], profile: ConformanceProfile): void {
  mkdirSync(dir, { recursive: true });
  const byVector = new Map<string, string[]>();
  for (const r of planConformance(vectors, profile).requests) {
    const vector = r.id.replace(/#\d+$/, '');
    byVector.set(vector, [...(byVector.get(vector) ?? []), JSON.stringify(r)]);
  }
  // One JSON-lines file per vector: `adapter < DIR/<id>.jsonl` replays it.
  for (const [id, lines] of byVector) {
    writeFileSync(join(dir, `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`), `${lines.join('\n')}\n`);
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
  let vectors = values.vectors === 'wycheproof' ? loadWycheproofVectors() : loadVectors(values.vectors);
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
  return runConformanceCommand(vectors, values.exec, { timeoutMs: timeout * 1000, profile }).then(print);
}
