import type { Buffer } from 'node:buffer';
import { accessSync, constants, readFileSync } from 'node:fs';
import { InputError, UsageError } from './args.js';

/** The CLI's streams, injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input, read when a command is given `-`; without it, `-` is refused. */
  stdin?(): Buffer;
}

/**
 * The octets of the file at `path`, or of stdin for `-`: the one place the CLI reads its inputs,
 * so that every unreadable file fails the same way, naming its path.
 *
 * @throws {InputError} when the file does not exist or cannot be read
 */
export function readInput(path: string, what: string, io: Io): Buffer {
  if (path === '-') {
    if (io.stdin === undefined) throw new UsageError('there is no stdin to read - from');
    return io.stdin();
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw unreadable(e, path, what);
  }
}

/**
 * Checks that the file or folder at `path` can be read, for inputs another layer reads itself
 * (a crypto object's key file, the vectors folder), so that they fail like every other input.
 *
 * @throws {InputError} when it does not exist or cannot be read
 */
export function checkReadable(path: string, what: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw unreadable(e, path, what);
  }
}

function unreadable(e: unknown, path: string, what: string): InputError {
  const code = (e as { code?: unknown }).code;
  return new InputError(
    code === 'ENOENT' ? `${what} ${path} does not exist` : `cannot read ${what} ${path}`,
  );
}

/** A token given as an argument, or read from stdin for `-`, without surrounding whitespace. */
export function readToken(positionals: readonly string[], command: string, io: Io): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes exactly one token (or - to read it from stdin)`);
  }
  const arg = positionals[0] as string;
  return (arg === '-' ? readInput(arg, 'token', io).toString('utf8') : arg).trim();
}

/** Wraps `io` so that stdin is read at most once: two inputs given as `-` are a usage mistake. */
export function stdinOnce(io: Io): Io {
  const read = io.stdin;
  if (read === undefined) return io;
  let used = false;
  return {
    out: (t) => io.out(t),
    err: (t) => io.err(t),
    stdin: () => {
      if (used) throw new UsageError('only one input can be read from stdin (-)');
      used = true;
      return read();
    },
  };
}
