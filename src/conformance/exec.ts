import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import type { ConformanceProfile } from './profile.js';
import type { ConformanceReply } from './protocol.js';
import { type ConformanceReport, judgeConformance, planConformance, readReply } from './runner.js';
import type { ConformanceVector } from './types.js';

/** Options of {@link runConformanceCommand}. */
export interface ExecOptions {
  /** Milliseconds the adapter has to answer everything before it is killed (default 60 000). */
  timeoutMs?: number;
  /** Most octets of output accepted from the adapter before it is killed (default 64 MiB). */
  maxOutputBytes?: number;
  /** What the implementation declares it does not offer (default: nothing). */
  profile?: ConformanceProfile;
}

const STDERR_KEPT = 2000;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The adapter runs in its own process group, so a shell and everything it started go together.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs the vectors against another implementation: starts `command` through the shell, writes
 * every request to its stdin as one JSON line, closes stdin, and reads one JSON reply per line
 * from its stdout. The adapter and everything it started are killed when the time is up or the
 * output grows too large, and the run then fails instead of hanging.
 *
 * @param command - a shell command, e.g. `node dist/conformance/adapter.js` or `./my-adapter`
 * @returns the report; protocol problems (bad lines, timeout, exit status) are in `problems`
 * @example
 * ```ts
 * const report = await runConformanceCommand(loadVectors(), 'python3 adapter.py', { timeoutMs: 30_000 })
 * process.exitCode = report.ok ? 0 : 1
 * ```
 */
export function runConformanceCommand(
  vectors: readonly ConformanceVector[],
  command: string,
  options: ExecOptions = {},
): Promise<ConformanceReport> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxOutput = options.maxOutputBytes ?? 64 * 1024 * 1024;
  const plan = planConformance(vectors, options.profile);
  const implementation = options.profile?.implementation ?? command;
  const replies = new Map<string, ConformanceReply>();
  const problems: string[] = [];
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let pending = '';
    let received = 0;
    let stderr = '';
    let finished = false;
    const finish = (problem?: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (problem !== undefined) problems.push(problem);
      killGroup(child.pid);
      if (pending.trim() !== '') take(pending);
      if (stderr.trim() !== '' && problems.length > 0)
        problems.push(`adapter stderr: ${stderr.trim().slice(0, STDERR_KEPT)}`);
      resolve(judgeConformance(plan, replies, problems, implementation));
    };
    const take = (line: string): void => {
      if (line.trim() === '') return;
      const reply = readReply(line);
      if (typeof reply === 'string') problems.push(reply);
      else if (replies.has(reply.id)) problems.push(`two replies for ${reply.id}`);
      else replies.set(reply.id, reply);
    };
    const timer = setTimeout(
      () => finish(`the adapter did not finish within ${timeoutMs / 1000} s and was stopped`),
      timeoutMs,
    );
    child.on('error', (e) => finish(`the adapter could not be started: ${e.message}`));
    child.stdin.on('error', () => {
      // An adapter that exits without reading all requests is judged by its missing replies.
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      received += Buffer.byteLength(chunk);
      if (received > maxOutput)
        return finish(`the adapter wrote more than ${maxOutput} octets and was stopped`);
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() as string;
      for (const line of lines) take(line);
    });
    child.on('close', (code, signal) => {
      if (code !== 0)
        finish(
          signal === null
            ? `the adapter exited with status ${String(code)}`
            : `the adapter was ended by ${signal}`,
        );
      else finish();
    });
    child.stdin.end(plan.requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
}
