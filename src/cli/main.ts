#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PolicyError } from '../policy/errors.js';
import { JoseError } from '../util/errors.js';
import { InputError, UsageError } from './args.js';
import { conformance } from './conformance.js';
import { HELP, USAGE } from './help.js';
import { type Io, stdinOnce } from './io.js';
import { keygen, thumbprint } from './key-commands.js';
import { generate, validate } from './policy-commands.js';
import { safeForTerminal } from './terminal.js';
import { decrypt, encrypt, inspect, sign, verify } from './token-commands.js';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  generate,
  validate,
  sign,
  verify,
  encrypt,
  decrypt,
  keygen,
  thumbprint,
  inspect,
  conformance,
};

/** Prints a failure the way a user can act on it: the error's code, or the policy's reason and detail. */
export function describeError(e: unknown): string {
  if (e instanceof JoseError) return `${e.code}: ${e.message}`;
  if (e instanceof PolicyError) return `${e.reason}: ${e.detail}`;
  return e instanceof Error ? e.message : String(e);
}

// Messages may quote a header or claim value, so they are escaped like any unverified content.
function failed(e: unknown, command: string, io: Io): number {
  if (e instanceof UsageError) {
    const help = e instanceof InputError ? '' : `\n${HELP[command] ?? USAGE}`;
    io.err(`jose-core: ${safeForTerminal(e.message)}\n${help}`);
    return 2;
  }
  io.err(`jose-core: ${safeForTerminal(describeError(e))}\n`);
  return 1;
}

// The version of the package this file came with: package.json sits two folders up from both
// src/cli/main.ts and dist/cli/main.js.
function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code: 0 success,
 * 1 the operation failed, 2 usage error (a file that cannot be read included). Only
 * `conformance --exec` answers asynchronously.
 */
export function run(argv: readonly string[], streams: Io): number | Promise<number> {
  const io = stdinOnce(streams);
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${version()}\n`);
    return 0;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (handler === undefined)
    return failed(new UsageError(`unknown command ${command}`), command, io);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP[command] as string);
    return 0;
  }
  try {
    const result = handler(rest, io);
    return typeof result === 'number'
      ? result
      : result.catch((e: unknown) => failed(e, command, io));
  } catch (e) {
    return failed(e, command, io);
  }
}

const script = process.argv[1];
const invokedDirectly =
  script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const io: Io = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdin: () => readFileSync(0),
  };
  void Promise.resolve(run(process.argv.slice(2), io)).then((code) => {
    process.exitCode = code;
  });
}
