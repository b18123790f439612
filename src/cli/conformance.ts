import { runConformanceCommand } from '../conformance/exec.js';
import { formatReport } from '../conformance/report.js';
import { runConformance } from '../conformance/runner.js';
import { loadVectors } from '../conformance/vectors.js';
import { parseArgs, UsageError } from './args.js';
import type { Io } from './commands.js';

/**
 * `conformance [--exec CMD] [--timeout SECONDS] [--vectors DIR]`: runs every vector against
 * jose-core itself, or against the adapter `CMD` speaks the protocol for; prints the table and
 * exits 1 unless every vector in scope passed.
 */
export function conformance(argv: readonly string[], io: Io): number | Promise<number> {
  const { options, positionals } = parseArgs(argv, ['exec', 'timeout', 'vectors']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0] as string}`);
  const timeout = Number(options.get('timeout') ?? '60');
  if (!(timeout > 0 && timeout <= 86_400)) throw new UsageError('--timeout must be a number of seconds from 0 to 86400');
  const vectors = loadVectors(options.get('vectors'));
  const exec = options.get('exec');
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
