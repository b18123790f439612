#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import { describeError, generate, inspect, type Io } from './commands.js';

const USAGE = `usage: jose-core <command> [options]

commands:
  generate --policy FILE [--vars FILE] [--crypto FILE]
      run the jwt-generate policy in FILE (JSON: its properties, or {"jwt-generate": {...}}),
      with runtime variables from --vars (JSON object) and crypto objects from --crypto
      (JSON: { name: { type, file | value | jwk } }, files relative to the crypto file);
      prints the token on stdout and where the policy wrote it on stderr
  inspect TOKEN
      print a compact token's header and claims WITHOUT verifying them
  help
      print this text

exit codes: 0 success, 1 the operation failed, 2 usage error
`;

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => number> = { generate, inspect };

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function run(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (handler === undefined) throw new UsageError(`unknown command ${command}`);
    return handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`jose-core: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`jose-core: ${describeError(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  process.exitCode = run(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
