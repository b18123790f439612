import { readFileSync } from 'node:fs';
import type { JoseAlgorithm } from '../algs/lookup.js';
import { sequenceTags } from '../jwk/der.js';
import { importKey } from '../jwk/import-key.js';
import type { JoseKey } from '../jwk/key.js';
import { UsageError } from './args.js';

/** What a key file holds, read without guessing beyond these three forms. */
export type KeyMaterial = { kind: 'key'; key: JoseKey } | { kind: 'secret'; bytes: Buffer };

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new UsageError(`cannot read key file ${path}`);
  }
}

/**
 * Reads a key file: JWK or PEM text becomes that key (bound to `alg` when given); any other
 * content is a raw secret (an HMAC or AES key, or a PBES2 password). A DER structure is refused
 * rather than taken as a secret, so a certificate can never become an HMAC key by mistake.
 *
 * @throws {UsageError} when the file cannot be read or holds DER
 * @throws {JoseError} when JWK or PEM text is not a valid key, or does not agree with `alg`
 */
export function readKeyFile(path: string, alg?: string): KeyMaterial {
  const bytes = read(path);
  const text = bytes.toString('utf8');
  if (/^\s*(\{|-----BEGIN )/.test(text)) return { kind: 'key', key: importKey(text, alg === undefined ? {} : { alg: alg as JoseAlgorithm }) };
  if (bytes[0] === 0x30 && sequenceTags(bytes) !== undefined) throw new UsageError(`key file ${path} holds DER; give keys as PEM or JWK text`);
  if (bytes.length === 0) throw new UsageError(`key file ${path} is empty`);
  return { kind: 'secret', bytes };
}

/** A key file as a key: a raw secret becomes a secret key bound to `alg`. */
export function readKey(path: string, alg?: string): JoseKey {
  const m = readKeyFile(path, alg);
  return m.kind === 'key' ? m.key : importKey(m.bytes, alg === undefined ? {} : { alg: alg as JoseAlgorithm });
}
