import type { GenerateKeyAlgorithm } from '../algs/lookup.js';
import { exportJWK } from '../jwk/export.js';
import { type GenerateKeyOptions, generateKey } from '../jwk/generate.js';
import { thumbprint as jwkThumbprint } from '../jwk/thumbprint.js';
import { noPositionals, optional, parseArgs, required, UsageError } from './args.js';
import { anyAlgorithm } from './choices.js';
import type { Io } from './io.js';
import { readKey } from './keys.js';

/**
 * `keygen ALG [--kid K] [--crv CRV] [--pem]`: prints a new private key for ALG, as a JWK bound
 * to ALG (and K), or as PKCS #8 PEM, which cannot carry the binding.
 */
export function keygen(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { kid: 'string', crv: 'string', pem: 'boolean' });
  if (args.positionals.length !== 1) throw new UsageError('keygen takes exactly one algorithm');
  const alg = anyAlgorithm(args.positionals[0] as string);
  const options: GenerateKeyOptions = {};
  const kid = optional(args, 'kid');
  const crv = optional(args, 'crv');
  if (kid !== undefined) options.kid = kid;
  if (crv !== undefined) options.crv = crv;
  // dir and PBES2 name no key to generate: generateKey refuses them (ERR_NOT_SUPPORTED) at run time.
  const key = generateKey(alg as GenerateKeyAlgorithm, options);
  if (args.values.has('pem')) {
    if (key.type === 'secret') {
      throw new UsageError(
        `--pem: a ${alg} key is a secret, which has no PEM form; leave out --pem`,
      );
    }
    io.out(key.keyObject.export({ format: 'pem', type: 'pkcs8' }) as string);
  } else {
    io.out(`${JSON.stringify(exportJWK(key, { private: true }), null, 2)}\n`);
  }
  return 0;
}

const HASHES = ['sha256', 'sha384', 'sha512'] as const;

/** `thumbprint --key FILE [--hash sha256|sha384|sha512]`: prints the RFC 7638 thumbprint. */
export function thumbprint(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { key: 'string', hash: 'string' });
  noPositionals(args);
  const hash = optional(args, 'hash') ?? 'sha256';
  if (!(HASHES as readonly string[]).includes(hash)) {
    throw new UsageError('--hash must be sha256, sha384 or sha512');
  }
  io.out(`${jwkThumbprint(readKey(required(args, 'key'), io), hash as (typeof HASHES)[number])}\n`);
  return 0;
}
