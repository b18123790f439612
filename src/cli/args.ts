/** A usage mistake: the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {}

/** Parses `--name value` options; every option takes a value; positionals are returned in order. */
export function parseArgs(argv: readonly string[], known: readonly string[]): { options: Map<string, string>; positionals: string[] } {
  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    options.set(name, value);
  }
  return { options, positionals };
}

/** The value of a required option. */
export function required(options: Map<string, string>, name: string): string {
  const v = options.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}
