import { Buffer } from 'node:buffer';
import type { KeyManagementAlgorithm } from '../algs/jwe.js';
import { decryptCompact, encryptCompact } from '../jwe/compact.js';
import { importKey } from '../jwk/import-key.js';
import type { JoseKey } from '../jwk/key.js';
import { signCompact, verifyCompact } from '../jws/compact.js';
import { decodeJWT } from '../jwt/decode.js';
import { isObject } from '../util/json.js';
import {
  noPositionals,
  optional,
  type ParsedArgs,
  parseArgs,
  required,
  UsageError,
} from './args.js';
import {
  contentEncryptionAlgorithm,
  jwsAlgorithm,
  keyManagementAlgorithm,
  readsOwnSecret,
} from './choices.js';
import { type Io, readInput, readToken } from './io.js';
import { type KeyResolver, readKey, readKeyFile, readVerificationKey } from './keys.js';
import { safeForTerminal } from './terminal.js';

// The algorithms come from their own options only, so a header cannot silently contradict them.
function headerOption(args: ParsedArgs, reserved: readonly string[]): Record<string, unknown> {
  const text = optional(args, 'header');
  if (text === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('--header is not valid JSON');
  }
  if (!isObject(v)) throw new UsageError('--header must be a JSON object');
  for (const name of reserved) {
    if (Object.hasOwn(v, name))
      throw new UsageError(`--header must not set "${name}"; use --${name}`);
  }
  return v;
}

// Exactly one of --NAME (text, encoded as UTF-8) and --NAME-file (bytes; - for stdin).
function content(args: ParsedArgs, name: string, io: Io): Buffer {
  const text = optional(args, name);
  const file = optional(args, `${name}-file`);
  if ((text === undefined) === (file === undefined)) {
    throw new UsageError(`give exactly one of --${name} and --${name}-file`);
  }
  return text !== undefined
    ? Buffer.from(text, 'utf8')
    : readInput(file as string, `${name} file`, io);
}

// A JWE key file. An algorithm that reads a raw secret its own way (PBES2: a password) gets the
// octets; a JWK Set is a resolver, for decrypting only.
function jweKey(
  path: string,
  alg: KeyManagementAlgorithm,
  io: Io,
  decrypting: boolean,
): JoseKey | KeyResolver {
  const own = readsOwnSecret(alg);
  const m = readKeyFile(path, io, own === undefined ? alg : undefined);
  if (m.kind === 'set') {
    if (!decrypting)
      throw new UsageError(`key file ${path} holds a JWK Set; encrypt needs one key`);
    return m.resolve;
  }
  if (m.kind === 'key') return m.key;
  return own === undefined ? importKey(m.bytes, { alg }) : own(m.bytes);
}

const KEY_ALG_HEADER = { key: 'string', alg: 'string', header: 'string' } as const;

// A header decoded or verified, on stderr where a terminal shows it: escaped either way.
const headerText = (header: unknown): string => safeForTerminal(JSON.stringify(header));

/** `sign --key FILE --alg ALG [--header JSON] (--payload TEXT | --payload-file FILE)`: prints a JWS. */
export function sign(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { ...KEY_ALG_HEADER, payload: 'string', 'payload-file': 'string' });
  noPositionals(args);
  const alg = jwsAlgorithm(required(args, 'alg'));
  const header = { alg, ...headerOption(args, ['alg']) };
  const payload = content(args, 'payload', io);
  io.out(`${signCompact(payload, header, readKey(required(args, 'key'), io, alg))}\n`);
  return 0;
}

/** `verify --key FILE --alg ALG[,ALG] TOKEN|-`: prints the payload of a compact JWS that verifies. */
export function verify(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { key: 'string', alg: 'string' });
  const algorithms = required(args, 'alg')
    .split(',')
    .map((a) => jwsAlgorithm(a));
  const keyPath = required(args, 'key');
  const token = readToken(args.positionals, 'verify', io);
  const key = readVerificationKey(keyPath, io, algorithms.length === 1 ? algorithms[0] : undefined);
  const { payload, protectedHeader } = verifyCompact(token, key, { algorithms });
  io.err(
    `verified ${String(protectedHeader.alg)} signature; header: ${headerText(protectedHeader)}\n`,
  );
  io.out(`${Buffer.from(payload).toString('utf8')}\n`);
  return 0;
}

/** `encrypt --key FILE --alg ALG --enc ENC [--header JSON] (--plaintext TEXT | --plaintext-file FILE)`. */
export function encrypt(argv: readonly string[], io: Io): number {
  const spec = {
    ...KEY_ALG_HEADER,
    enc: 'string',
    plaintext: 'string',
    'plaintext-file': 'string',
  } as const;
  const args = parseArgs(argv, spec);
  noPositionals(args);
  const alg = keyManagementAlgorithm(required(args, 'alg'));
  const enc = contentEncryptionAlgorithm(required(args, 'enc'));
  const header = { alg, enc, ...headerOption(args, ['alg', 'enc']) };
  const plaintext = content(args, 'plaintext', io);
  io.out(
    `${encryptCompact(plaintext, header, jweKey(required(args, 'key'), alg, io, false) as JoseKey)}\n`,
  );
  return 0;
}

/** `decrypt --key FILE --alg ALG --enc ENC TOKEN|-`: prints the plaintext of a compact JWE. */
export function decrypt(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { key: 'string', alg: 'string', enc: 'string' });
  const alg = keyManagementAlgorithm(required(args, 'alg'));
  const enc = contentEncryptionAlgorithm(required(args, 'enc'));
  const keyPath = required(args, 'key');
  const token = readToken(args.positionals, 'decrypt', io);
  const options = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  const { plaintext, protectedHeader } = decryptCompact(
    token,
    jweKey(keyPath, alg, io, true),
    options,
  );
  io.err(`decrypted ${alg}/${enc}; header: ${headerText(protectedHeader)}\n`);
  io.out(`${Buffer.from(plaintext).toString('utf8')}\n`);
  return 0;
}

/** `inspect TOKEN|-`: prints the header and, for a JWS, the claims, marked as not verified and escaped. */
export function inspect(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, {});
  const decoded = decodeJWT(readToken(args.positionals, 'inspect', io));
  const claims =
    decoded.kind === 'JWE'
      ? 'encrypted'
      : decoded.claims === undefined
        ? 'payload is not a JSON object'
        : JSON.stringify(decoded.claims, null, 2);
  const header = JSON.stringify(decoded.header, null, 2);
  io.out(safeForTerminal(`${decoded.kind} (NOT VERIFIED: decoded only)\nheader: ${header}\n`));
  io.out(safeForTerminal(`claims: ${claims}\n`));
  return 0;
}
