import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { run } from '../../src/cli/main.js';

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with `argv`; `stdin` is what `-` reads (none when not given). */
export function cliWith(argv: readonly string[], stdin?: string | Buffer): CliResult {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const code = run(argv, stdin === undefined ? io : { ...io, stdin: () => Buffer.from(stdin) });
  if (typeof code !== 'number') throw new Error('only conformance --exec answers asynchronously');
  return { code, out, err };
}

/** Runs the CLI in-process with `argv` and no stdin. */
export const cli = (...argv: string[]): CliResult => cliWith(argv);

/** A temporary folder and a writer of files in it. */
export interface CliTempDir {
  dir: string;
  file: (name: string, content: string | Buffer) => string;
}

/** A temporary folder removed after the test file, and a writer of files in it. */
export function cliTempDir(prefix: string): CliTempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/**
 * Random secret octets that the CLI reads as a raw secret: not ending in a newline (which it
 * refuses there), not starting like a JWK or PEM.
 */
export function rawSecret(bytes: number): Buffer {
  const b = randomBytes(bytes);
  if (b[bytes - 1] === 0x0a) b[bytes - 1] = 0x0b;
  // The CLI reads a file whose text starts (after white space) with "{" or "-----BEGIN " as a
  // JWK or PEM: a random secret must not look like one, so it starts with a letter.
  b[0] = 0x41;
  return b;
}
