import { runConformanceCommand } from '../conformance/exec.js';
import { formatReport } from '../conformance/report.js';
import { runConformance } from '../conformance/runner.js';
import { loadVectors } from '../conformance/vectors.js';
import { noPositionals, optional, parseArgs, UsageError } from './args.js';
import { checkReadable, type Io } from './io.js';

/**
 * `conformance [--exec CMD] [--timeout SECONDS] [--vectors DIR]`: runs every vector against
 * jose-core itself, or against the adapter `CMD` speaks the protocol for; prints the table and
 * exits 1 unless every vector in scope passed.
 */
export function conformance(argv: readonly string[], io: Io): number | Promise<number> {
  const args = parseArgs(argv, { exec: 'string', timeout: 'string', vectors: 'string' });
  noPositionals(args);
  const timeout = Number(optional(args, 'timeout') ?? '60');
  if (!(timeout > 0 && timeout <= 86_400)) {
    throw new UsageError('--timeout must be a number of seconds from 0 to 86400');
  }
  const folder = optional(args, 'vectors');
  if (folder !== undefined) checkReadable(folder, 'vectors folder');
  const vectors = loadVectors(folder);
  const exec = optional(args, 'exec');
  if (exec === undefined) {
    const report = runConformance(vectors);
    io.out(`implementation: jose-core (in-process, through the protocol)\n${formatReport(report)}`);
    return report.ok ? 0 : 1;
  }
  return runConformanceCommand(vectors, exec, { timeoutMs: timeout * 1000 }).then((report) => {
    io.out(`implementation: ${exec}\n${formatReport(report)}`);
    return report.ok ? 0 : 1;
  });
}
