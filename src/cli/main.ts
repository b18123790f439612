#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import { describeError, generate, inspect, validate, type Io } from './commands.js';
import { conformance } from './conformance.js';
import { HELP, USAGE } from './help.js';
import { decrypt, encrypt, sign, thumbprint, verify } from './jose-commands.js';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, Command> = { generate, validate, sign, verify, encrypt, decrypt, thumbprint, inspect, conformance };

function failed(e: unknown, command: string, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`jose-core: ${e.message}\n\n${HELP[command] ?? USAGE}`);
    return 2;
  }
  io.err(`jose-core: ${describeError(e)}\n`);
  return 1;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code: 0 success,
 * 1 the operation failed, 2 usage error. Only `conformance --exec` answers asynchronously.
 */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (handler === undefined) return failed(new UsageError(`unknown command ${command}`), command, io);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP[command] as string);
    return 0;
  }
  try {
    const result = handler(rest, io);
    return typeof result === 'number' ? result : result.catch((e: unknown) => failed(e, command, io));
  } catch (e) {
    return failed(e, command, io);
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const io: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
  void Promise.resolve(run(process.argv.slice(2), io)).then((code) => {
    process.exitCode = code;
  });
}
