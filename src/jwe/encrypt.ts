import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { JoseError } from '../util/errors.js';
import { isObject, type JsonObject } from '../util/json.js';
import { contentEncryption } from './content/table.js';
import type { ContentEncryption } from './content/types.js';
import { keyManagement } from './keys/table.js';
import type { KeyManagement } from './keys/types.js';
import type { EncryptOptions, JWEHeaderParameters } from './types.js';

function argument(message: string): JoseError {
  return new JoseError('ERR_INVALID_ARGUMENT', message);
}

/** Reads `EncryptOptions`; the CEK and IV are checked against `enc` later. */
export function checkEncryptOptions(options: unknown): EncryptOptions {
  if (options === undefined) return {};
  if (!isObject(options)) throw argument('options must be an object');
  const out: EncryptOptions = {};
  for (const name of ['cek', 'iv'] as const) {
    const v = options[name];
    if (v === undefined) continue;
    if (!(v instanceof Uint8Array)) throw argument(`options.${name} must be a Uint8Array`);
    out[name] = v;
  }
  return out;
}

/**
 * A caller's header as it will be serialized: the object is written to JSON once and read
 * back, so the checks see exactly what a recipient will (members set to `undefined`, `toJSON`
 * and the like cannot make the two differ).
 */
export function serializeHeader(header: unknown, what: string): { json: string; header: JsonObject } {
  if (!isObject(header)) throw argument(`${what} must be an object`);
  let json: string;
  try {
    json = JSON.stringify(header);
  } catch {
    throw argument(`${what} cannot be serialized as JSON`);
  }
  const parsed: unknown = JSON.parse(json);
  if (!isObject(parsed)) throw argument(`${what} must serialize to a JSON object`);
  return { json, header: parsed };
}

/** The implemented algorithms a validated header names. */
export function algorithmsFor(header: JWEHeaderParameters): { km: KeyManagement; ce: ContentEncryption } {
  const km = keyManagement(header.alg as string);
  if (km === undefined) throw new JoseError('ERR_NOT_SUPPORTED', 'the JWE key management algorithm is not supported');
  const ce = contentEncryption(header.enc as string);
  if (ce === undefined) throw new JoseError('ERR_NOT_SUPPORTED', 'the JWE content encryption algorithm is not supported');
  return { km, ce };
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A fresh CEK, or the test-only one from the options after checking its length. */
export function newCek(ce: ContentEncryption, options: EncryptOptions): Buffer {
  if (options.cek === undefined) return randomBytes(ce.keyBytes);
  if (options.cek.byteLength !== ce.keyBytes) throw argument(`options.cek must be ${ce.keyBytes} octets for ${ce.enc}`);
  return view(options.cek);
}

/** A fresh IV, or the test-only one from the options after checking its length. */
export function newIv(ce: ContentEncryption, options: EncryptOptions): Buffer {
  if (options.iv === undefined) return randomBytes(ce.ivBytes);
  if (options.iv.byteLength !== ce.ivBytes) throw argument(`options.iv must be ${ce.ivBytes} octets for ${ce.enc}`);
  return view(options.iv);
}

/** With `dir` the key is the CEK, so a CEK option can only be a mistake. */
export function refuseCekForDir(km: KeyManagement, options: EncryptOptions): void {
  if (km.direct && options.cek !== undefined) throw argument('options.cek cannot be used with "dir": the key is the CEK');
}
