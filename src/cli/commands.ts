import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { decodeJWT } from '../jwt/decode.js';
import { createContext } from '../policy/context.js';
import { createCryptoObjects, type CryptoObjectDefinition } from '../policy/crypto-objects.js';
import { jwtGenerate } from '../policy/jwt-generate/index.js';
import { jwtValidate } from '../policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../policy/jwt-validate/properties.js';
import { parseArgs, required, UsageError } from './args.js';

/** Output streams, injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Reads a JSON object from a file, or fails with a usage error naming the file. */
export function readJsonFile(path: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file ${path}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} file ${path} is not valid JSON`);
  }
  if (!isObject(value)) throw new UsageError(`${what} file ${path} must hold a JSON object`);
  return value;
}

// Files named in the crypto file are relative to it, so an example folder works from anywhere.
export function loadCrypto(path: string): ReturnType<typeof createCryptoObjects> {
  const defs = readJsonFile(path, 'crypto');
  const base = dirname(resolve(path));
  const resolved: Record<string, CryptoObjectDefinition> = {};
  for (const [name, def] of Object.entries(defs)) {
    if (!isObject(def)) throw new UsageError(`crypto object "${name}" must be an object`);
    const d = { ...def } as unknown as CryptoObjectDefinition;
    if (typeof d.file === 'string') d.file = resolve(base, d.file);
    resolved[name] = d;
  }
  return createCryptoObjects(resolved);
}

/** `generate --policy FILE --vars FILE --crypto FILE`: runs jwt-generate and prints the token and where it went. */
export function generate(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['policy', 'vars', 'crypto']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const policy = readJsonFile(required(options, 'policy'), 'policy');
  const vars = options.has('vars') ? readJsonFile(options.get('vars') as string, 'vars') : {};
  const cryptoObjects = options.has('crypto') ? loadCrypto(options.get('crypto') as string) : createCryptoObjects({});
  const context = createContext(vars);
  // The failure detail reaches the user once, through main's error report, not also through the log.
  const token = jwtGenerate(policy, context, { cryptoObjects, logger: { error: () => {} } }) as string;
  const props = (isObject(policy['jwt-generate']) ? policy['jwt-generate'] : policy) as { jwt?: unknown };
  const where = typeof props.jwt === 'string' ? `variable ${props.jwt}` : 'header Authorization (Bearer)';
  io.out(`${token}\n`);
  io.err(`written to ${where}\n`);
  return 0;
}

/**
 * `validate --policy FILE [--vars FILE] [--crypto FILE] [--token TOKEN]`: runs jwt-validate and
 * prints the verified claims. `--token` is put where the policy reads it: its `jwt` variable, or
 * the Authorization header as a Bearer token.
 */
export function validate(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['policy', 'vars', 'crypto', 'token']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const policy = readJsonFile(required(options, 'policy'), 'policy');
  const vars = options.has('vars') ? readJsonFile(options.get('vars') as string, 'vars') : {};
  const cryptoObjects = options.has('crypto') ? loadCrypto(options.get('crypto') as string) : createCryptoObjects({});
  const props = (isObject(policy['jwt-validate']) ? policy['jwt-validate'] : policy) as { jwt?: unknown; 'output-claims'?: unknown };
  const token = options.get('token');
  if (token !== undefined) {
    if (typeof props.jwt === 'string') vars[props.jwt] = token;
    else vars['message.headers.authorization'] = `Bearer ${token}`;
  }
  const claims = jwtValidate(policy as JwtValidatePolicy, createContext(vars), { cryptoObjects, logger: { error: () => {} } });
  io.out(`${JSON.stringify(claims, null, 2)}\n`);
  io.err(`valid; claims written to variable ${typeof props['output-claims'] === 'string' ? props['output-claims'] : 'decoded.claims'}\n`);
  return 0;
}

/** `inspect TOKEN`: prints the header and, for a JWS, the claims, clearly marked as not verified. */
export function inspect(argv: readonly string[], io: Io): number {
  const { positionals } = parseArgs(argv, []);
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one token');
  const decoded = decodeJWT((positionals[0] as string).trim());
  io.out(`${decoded.kind} (NOT VERIFIED: decoded only)\n`);
  io.out(`header: ${JSON.stringify(decoded.header, null, 2)}\n`);
  if (decoded.kind === 'JWE') io.out('claims: encrypted\n');
  else io.out(`claims: ${decoded.claims === undefined ? 'payload is not a JSON object' : JSON.stringify(decoded.claims, null, 2)}\n`);
  return 0;
}

/** Prints a library error the way a user can act on it. */
export function describeError(e: unknown): string {
  if (e instanceof JoseError) return `${e.code}: ${e.message}`;
  if (e instanceof Error && e.name === 'RuntimeError' && 'detail' in e) return `${(e as { reason?: string }).reason}: ${(e as { detail: string }).detail}`;
  return e instanceof Error ? e.message : String(e);
}
