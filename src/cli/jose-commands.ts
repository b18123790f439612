import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../algs/jwe.js';
import type { JWSAlgorithm } from '../algs/jws.js';
import { isObject } from '../util/json.js';
import { thumbprint as jwkThumbprint } from '../jwk/thumbprint.js';
import { signCompact, verifyCompact } from '../jws/compact.js';
import { decryptCompact, encryptCompact } from '../jwe/compact.js';
import { parseArgs, required, UsageError } from './args.js';
import type { Io } from './commands.js';
import { readKey, readKeyFile } from './keys.js';

// The algorithms come from their own options only, so a header cannot silently contradict them.
function headerOption(options: Map<string, string>, reserved: readonly string[]): Record<string, unknown> {
  const text = options.get('header');
  if (text === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('--header is not valid JSON');
  }
  if (!isObject(v)) throw new UsageError('--header must be a JSON object');
  for (const name of reserved) if (Object.hasOwn(v, name)) throw new UsageError(`--header must not set "${name}"; use --${name}`);
  return v;
}

// Exactly one of --NAME (text, encoded as UTF-8) and --NAME-file (bytes).
function content(options: Map<string, string>, name: string): Buffer {
  const text = options.get(name);
  const file = options.get(`${name}-file`);
  if ((text === undefined) === (file === undefined)) throw new UsageError(`give exactly one of --${name} and --${name}-file`);
  if (text !== undefined) return Buffer.from(text, 'utf8');
  try {
    return readFileSync(file as string);
  } catch {
    throw new UsageError(`cannot read ${name} file ${file as string}`);
  }
}

function oneToken(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one token`);
  return (positionals[0] as string).trim();
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0] as string}`);
}

// PBES2 takes a password: a raw key file is given to it as its octets.
function jweKey(path: string, alg: string): Buffer | ReturnType<typeof readKey> {
  if (!alg.startsWith('PBES2')) return readKey(path, alg);
  const m = readKeyFile(path);
  return m.kind === 'secret' ? m.bytes : m.key;
}

/** `sign --key FILE --alg ALG [--header JSON] (--payload TEXT | --payload-file FILE)`: prints a compact JWS. */
export function sign(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['key', 'alg', 'header', 'payload', 'payload-file']);
  noPositionals(positionals);
  const alg = required(options, 'alg');
  const payload = content(options, 'payload');
  io.out(`${signCompact(payload, { alg, ...headerOption(options, ['alg']) }, readKey(required(options, 'key'), alg))}\n`);
  return 0;
}

/** `verify --key FILE --alg ALG[,ALG] TOKEN`: prints the payload of a compact JWS whose signature verifies. */
export function verify(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['key', 'alg']);
  const token = oneToken(positionals, 'verify');
  const algorithms = required(options, 'alg').split(',');
  const key = readKey(required(options, 'key'), algorithms.length === 1 ? algorithms[0] : undefined);
  // The library refuses a name it does not implement, as it does any name outside the list.
  const { payload, protectedHeader } = verifyCompact(token, key, { algorithms: algorithms as JWSAlgorithm[] });
  io.err(`verified ${String(protectedHeader.alg)} signature; header: ${JSON.stringify(protectedHeader)}\n`);
  io.out(`${Buffer.from(payload).toString('utf8')}\n`);
  return 0;
}

/** `encrypt --key FILE --alg ALG --enc ENC [--header JSON] (--plaintext TEXT | --plaintext-file FILE)`: prints a compact JWE. */
export function encrypt(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['key', 'alg', 'enc', 'header', 'plaintext', 'plaintext-file']);
  noPositionals(positionals);
  const alg = required(options, 'alg');
  const enc = required(options, 'enc');
  const plaintext = content(options, 'plaintext');
  io.out(`${encryptCompact(plaintext, { alg, enc, ...headerOption(options, ['alg', 'enc']) }, jweKey(required(options, 'key'), alg))}\n`);
  return 0;
}

/** `decrypt --key FILE --alg ALG --enc ENC TOKEN`: prints the plaintext of a compact JWE. */
export function decrypt(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['key', 'alg', 'enc']);
  const token = oneToken(positionals, 'decrypt');
  const alg = required(options, 'alg');
  const enc = required(options, 'enc');
  const { plaintext, protectedHeader } = decryptCompact(token, jweKey(required(options, 'key'), alg), { keyManagementAlgorithms: [alg as KeyManagementAlgorithm], contentEncryptionAlgorithms: [enc as ContentEncryptionAlgorithm] });
  io.err(`decrypted ${alg}/${enc}; header: ${JSON.stringify(protectedHeader)}\n`);
  io.out(`${Buffer.from(plaintext).toString('utf8')}\n`);
  return 0;
}

const HASHES = ['sha256', 'sha384', 'sha512'] as const;

/** `thumbprint --key FILE [--hash sha256|sha384|sha512]`: prints the RFC 7638 thumbprint. */
export function thumbprint(argv: readonly string[], io: Io): number {
  const { options, positionals } = parseArgs(argv, ['key', 'hash']);
  noPositionals(positionals);
  const hash = options.get('hash') ?? 'sha256';
  if (!(HASHES as readonly string[]).includes(hash)) throw new UsageError('--hash must be sha256, sha384 or sha512');
  io.out(`${jwkThumbprint(readKey(required(options, 'key')), hash as (typeof HASHES)[number])}\n`);
  return 0;
}
