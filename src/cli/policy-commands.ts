import { dirname, resolve } from 'node:path';
import { createContext } from '../policy/context.js';
import { type CryptoObjectDefinition, createCryptoObjects } from '../policy/crypto-objects.js';
import { jwtGenerate } from '../policy/jwt-generate/index.js';
import { jwtValidate } from '../policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../policy/jwt-validate/properties.js';
import { isObject } from '../util/json.js';
import { InputError, noPositionals, optional, parseArgs, required, UsageError } from './args.js';
import { checkReadable, type Io, readInput, readToken } from './io.js';

/** Reads a JSON object from a file (`-`: stdin), or fails naming the file. */
export function readJsonFile(path: string, what: string, io: Io): Record<string, unknown> {
  const text = readInput(path, `${what} file`, io).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${what} file ${path} is not valid JSON`);
  }
  if (!isObject(value)) throw new InputError(`${what} file ${path} must hold a JSON object`);
  return value;
}

// Files named in the crypto file are relative to it, so an example folder works from anywhere.
function loadCrypto(path: string | undefined, io: Io): ReturnType<typeof createCryptoObjects> {
  if (path === undefined) return createCryptoObjects({});
  const defs = readJsonFile(path, 'crypto', io);
  const base = path === '-' ? process.cwd() : dirname(resolve(path));
  const resolved: Record<string, CryptoObjectDefinition> = {};
  for (const [name, def] of Object.entries(defs)) {
    if (!isObject(def)) throw new UsageError(`crypto object "${name}" must be an object`);
    const d = { ...def } as unknown as CryptoObjectDefinition;
    if (typeof d.file === 'string') {
      d.file = resolve(base, d.file);
      checkReadable(d.file, `key file of crypto object "${name}"`);
    }
    resolved[name] = d;
  }
  return createCryptoObjects(resolved);
}

const POLICY_OPTIONS = { policy: 'string', vars: 'string', crypto: 'string' } as const;

/** `generate --policy FILE [--vars FILE] [--crypto FILE]`: runs jwt-generate, prints the token. */
export function generate(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, POLICY_OPTIONS);
  noPositionals(args);
  const policy = readJsonFile(required(args, 'policy'), 'policy', io);
  const varsPath = optional(args, 'vars');
  const vars = varsPath === undefined ? {} : readJsonFile(varsPath, 'vars', io);
  const cryptoObjects = loadCrypto(optional(args, 'crypto'), io);
  const context = createContext(vars);
  // The failure detail reaches the user once, through main's error report, not also through the log.
  const token = jwtGenerate(policy, context, {
    cryptoObjects,
    logger: { error: () => {} },
  }) as string;
  const props = (isObject(policy['jwt-generate']) ? policy['jwt-generate'] : policy) as {
    jwt?: unknown;
  };
  const where =
    typeof props.jwt === 'string' ? `variable ${props.jwt}` : 'header Authorization (Bearer)';
  io.out(`${token}\n`);
  io.err(`written to ${where}\n`);
  return 0;
}

/**
 * `validate --policy FILE [--vars FILE] [--crypto FILE] [--token TOKEN]`: runs jwt-validate and
 * prints the verified claims. `--token` (`-`: read from stdin, as verify and decrypt do) is put
 * where the policy reads it: its `jwt` variable, or the Authorization header as a Bearer token.
 */
export function validate(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { ...POLICY_OPTIONS, token: 'string' });
  noPositionals(args);
  const policy = readJsonFile(required(args, 'policy'), 'policy', io);
  const varsPath = optional(args, 'vars');
  const vars = varsPath === undefined ? {} : readJsonFile(varsPath, 'vars', io);
  const cryptoObjects = loadCrypto(optional(args, 'crypto'), io);
  type Props = { jwt?: unknown; 'output-claims'?: unknown };
  const props = (isObject(policy['jwt-validate']) ? policy['jwt-validate'] : policy) as Props;
  const given = optional(args, 'token');
  const token = given === undefined ? undefined : readToken([given], 'validate', io);
  if (token !== undefined) {
    if (typeof props.jwt === 'string') vars[props.jwt] = token;
    else vars['message.headers.authorization'] = `Bearer ${token}`;
  }
  const env = { cryptoObjects, logger: { error: () => {} } };
  const claims = jwtValidate(policy as JwtValidatePolicy, createContext(vars), env);
  const output =
    typeof props['output-claims'] === 'string' ? props['output-claims'] : 'decoded.claims';
  io.out(`${JSON.stringify(claims, null, 2)}\n`);
  io.err(`valid; claims written to variable ${output}\n`);
  return 0;
}
