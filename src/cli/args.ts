import { parseArgs as parseNodeArgs } from 'node:util';

/** A usage mistake: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {}

/**
 * A file or folder named on the command line that cannot be read or used: exit 2 like any usage
 * mistake, with a message naming the path and no help text (the command line was well-formed).
 */
export class InputError extends UsageError {}

/** The options a command takes: a string option takes a value, a boolean one is a switch. */
export type OptionSpec = Readonly<Record<string, 'string' | 'boolean'>>;

/** Parsed command line: option values by name, and the positionals in order. */
export interface ParsedArgs {
  readonly values: ReadonlyMap<string, string | true>;
  readonly positionals: string[];
}

/**
 * Parses `argv` with `node:util`'s `parseArgs` in strict mode (unknown options, a missing value
 * and a value given to a switch are refused); an option given twice is refused too, so that the
 * last one cannot silently win.
 *
 * @throws {UsageError} on any of these mistakes, with Node's own wording
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (e) {
    // Node marks its parse errors with ERR_PARSE_ARGS_* codes; anything else is not a usage mistake.
    const code = (e as { code?: unknown }).code;
    if (e instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(e.message);
    }
    throw e;
  }
  const values = new Map<string, string | true>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (values.has(token.name)) throw new UsageError(`--${token.name} is given twice`);
    values.set(token.name, token.value ?? true);
  }
  return { values, positionals: parsed.positionals };
}

/** The value of a string option, if given. */
export function optional(args: ParsedArgs, name: string): string | undefined {
  const v = args.values.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** The value of a required string option. */
export function required(args: ParsedArgs, name: string): string {
  const v = optional(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** Refuses positionals for a command that takes none. */
export function noPositionals(args: ParsedArgs): void {
  const first = args.positionals[0];
  if (first !== undefined) throw new UsageError(`unexpected argument ${first}`);
}
