import type { Buffer } from 'node:buffer';
import type { JoseAlgorithm } from '../algs/lookup.js';
import { sequenceTags } from '../jwk/der.js';
import { importKey } from '../jwk/import-key.js';
import type { JoseKey } from '../jwk/key.js';
import { createLocalKeySet, type KeySelector } from '../jwk/keyset.js';
import type { JWKSetObject } from '../jwk/types.js';
import { isObject } from '../util/json.js';
import { InputError, UsageError } from './args.js';
import { type Io, readInput } from './io.js';

/** What a key file holds, read without guessing beyond these four forms. */
export type KeyMaterial =
  | { kind: 'key'; key: JoseKey }
  | { kind: 'secret'; bytes: Buffer }
  | { kind: 'set'; resolve: KeyResolver };

/** A JWK Set's key picker: the key fitting a token's header. */
export type KeyResolver = (header: KeySelector) => JoseKey;

// The CLI's algorithm names were checked against the tables (choices.ts).
const bound = (alg: string | undefined): { alg?: JoseAlgorithm } =>
  alg === undefined ? {} : { alg: alg as JoseAlgorithm };

// A JWK Set is a JSON object with a "keys" array (RFC 7517 s5); a JWK never has that member.
function jwkSet(text: string): JWKSetObject | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) && Array.isArray(v.keys) ? (v as unknown as JWKSetObject) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a key file (`-`: stdin): a JWK Set becomes a resolver picking the key by the token's
 * `kid` and `alg` as `createLocalKeySet` does; JWK or PEM text becomes that key (bound to `alg`
 * when given); any other content is a raw secret (an HMAC or AES key, or a PBES2 password). A DER
 * structure is refused rather than taken as a secret, so a certificate can never become an HMAC
 * key by mistake, and so is a secret ending in a newline, which an editor or `echo` added and
 * which would silently become part of the key.
 *
 * @throws {InputError} when the file cannot be read, holds DER, is empty or ends in a newline
 * @throws {JoseError} when JWK or PEM text is not a valid key, or does not agree with `alg`
 */
export function readKeyFile(path: string, io: Io, alg?: string): KeyMaterial {
  const bytes = readInput(path, 'key file', io);
  const text = bytes.toString('utf8');
  const set = jwkSet(text);
  if (set !== undefined) return { kind: 'set', resolve: createLocalKeySet(set) };
  if (/^\s*(\{|-----BEGIN )/.test(text)) return { kind: 'key', key: importKey(text, bound(alg)) };
  if (bytes[0] === 0x30 && sequenceTags(bytes) !== undefined) {
    throw new InputError(`key file ${path} holds DER; give keys as PEM or JWK text`);
  }
  if (bytes.length === 0) throw new InputError(`key file ${path} is empty`);
  if (bytes[bytes.length - 1] === 0x0a) {
    throw new InputError(
      `key file ${path} ends in a newline, which a raw secret would include as its last octet; ` +
        `remove it (printf '%s' SECRET > FILE), or give the key as a JWK`,
    );
  }
  return { kind: 'secret', bytes };
}

/** A key file as one key (a raw secret becomes a secret key bound to `alg`); a JWK Set is refused. */
export function readKey(path: string, io: Io, alg?: string): JoseKey {
  const m = readKeyFile(path, io, alg);
  if (m.kind === 'set')
    throw new UsageError(`key file ${path} holds a JWK Set; this command needs one key`);
  return m.kind === 'key' ? m.key : importKey(m.bytes, bound(alg));
}

/** A key file for verifying or decrypting: a key, or a JWK Set's resolver. */
export function readVerificationKey(path: string, io: Io, alg?: string): JoseKey | KeyResolver {
  const m = readKeyFile(path, io, alg);
  if (m.kind === 'set') return m.resolve;
  return m.kind === 'key' ? m.key : importKey(m.bytes, bound(alg));
}
