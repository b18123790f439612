import { Buffer } from 'node:buffer';
import type { KeyLike } from '../jwk/coerce.js';
import type { JoseKey } from '../jwk/key.js';
import { randomOctets, wipe } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import type { ContentEncryption } from './content/types.js';
import { implementedContentEncryption, implementedKeyManagement } from './decrypt.js';
import type { HeaderParams, KeyManagement } from './keys/types.js';
import type { EncryptOptions, JWEHeaderParameters } from './types.js';

function argument(message: string): JoseError {
  return new JoseError('ERR_INVALID_ARGUMENT', message);
}

// Lengths of the byte options that do not depend on `enc` (RFC 7518 s4.7.1.1, s4.8.1.1).
const OCTETS = {
  cek: [0, Infinity],
  iv: [0, Infinity],
  keyWrapIv: [12, 12],
  p2s: [8, Infinity],
} as const;

const NO_OPTIONS: EncryptOptions = Object.freeze({});

/** Reads `EncryptOptions`; the CEK and IV are checked against `enc` later, the ephemeral key against the recipient's. */
export function checkEncryptOptions(options: unknown): EncryptOptions {
  if (options === undefined) return NO_OPTIONS;
  if (!isObject(options)) throw argument('options must be an object');
  const out: EncryptOptions = {};
  for (const name of ['cek', 'iv', 'keyWrapIv', 'p2s'] as const) {
    const v = options[name];
    if (v === undefined) continue;
    if (!(v instanceof Uint8Array)) throw argument(`options.${name} must be a Uint8Array`);
    const [min, max] = OCTETS[name];
    if (v.byteLength < min || v.byteLength > max)
      throw argument(
        `options.${name} must be ${min === max ? `${min}` : `at least ${min}`} octets`,
      );
    out[name] = view(v);
  }
  if (options.ephemeralKey !== undefined) out.ephemeralKey = options.ephemeralKey as KeyLike;
  return out;
}

/** Refuses a test-only key management option that none of the algorithms reads: it would be silently ignored. */
export function refuseUnusedOptions(kms: readonly KeyManagement[], options: EncryptOptions): void {
  for (const name of ['ephemeralKey', 'keyWrapIv', 'p2s'] as const) {
    if (options[name] !== undefined && !kms.some((km) => km.options?.includes(name) === true)) {
      throw argument(`options.${name} is not used by ${kms.map((km) => km.alg).join(', ')}`);
    }
  }
}

// JSON values, as header members are: equal when they would serialize alike but for member order.
function sameJson(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return a === b;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]))
  );
}

/**
 * The header members an algorithm chose that the caller's `header` does not state yet, to add
 * where the caller wants them. A member the caller did state must have the chosen value: only
 * the test-only options can make it so, and then a published header keeps its member order.
 */
export function newParams(
  params: HeaderParams | undefined,
  header: JWEHeaderParameters,
): HeaderParams | undefined {
  if (params === undefined) return undefined;
  let added: HeaderParams | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (!Object.hasOwn(header, name)) (added ??= {})[name] = value;
    else if (!sameJson(header[name], value))
      throw argument(`header parameter "${name}" is chosen by the library; leave it out`);
  }
  return added;
}

/** The outcome of key management for one recipient. */
export interface Sealed {
  cek: Buffer;
  encryptedKey: Buffer | undefined;
  params: HeaderParams | undefined;
}

/**
 * Key management for one recipient: the CEK (agreed or given by `dir`, else `cek`) and the
 * encrypted key and header members. `cek` is the shared CEK, or undefined for a direct algorithm.
 */
export function seal(
  km: KeyManagement,
  ce: ContentEncryption,
  key: JoseKey,
  header: JWEHeaderParameters,
  cek: Buffer | undefined,
  options: EncryptOptions,
): Sealed {
  if (km.direct) {
    const r = km.newCek(key, ce, header, options);
    return { cek: r.cek, encryptedKey: undefined, params: r.params };
  }
  const shared = cek ?? newCek(ce, options);
  const r = km.wrap(key, shared, header, options);
  return { cek: shared, encryptedKey: r.encryptedKey, params: r.params };
}

/** The implemented algorithms a validated header names (the lookups decryption uses too). */
export function algorithmsFor(header: JWEHeaderParameters): {
  km: KeyManagement;
  ce: ContentEncryption;
} {
  return {
    km: implementedKeyManagement(header.alg as string),
    ce: implementedContentEncryption(header.enc as string),
  };
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A fresh CEK, or the test-only one from the options after checking its length. */
export function newCek(ce: ContentEncryption, options: EncryptOptions): Buffer {
  if (options.cek === undefined) return randomOctets(ce.keyBytes);
  if (options.cek.byteLength !== ce.keyBytes)
    throw argument(`options.cek must be ${ce.keyBytes} octets for ${ce.enc}`);
  return view(options.cek);
}

/**
 * Wipes the CEK of a finished encryption unless someone else holds it: the caller's test-only
 * `cek`, or the `dir` key's own octets.
 */
export function wipeCek(km: KeyManagement, cek: Buffer, options: EncryptOptions): void {
  if (km.direct ? !km.cekIsKey : options.cek === undefined) wipe(cek);
}

/** A fresh IV, or the test-only one from the options after checking its length. */
export function newIv(ce: ContentEncryption, options: EncryptOptions): Buffer {
  if (options.iv === undefined) return randomOctets(ce.ivBytes);
  if (options.iv.byteLength !== ce.ivBytes)
    throw argument(`options.iv must be ${ce.ivBytes} octets for ${ce.enc}`);
  return view(options.iv);
}

/** With `dir` the key is the CEK and with `ECDH-ES` it is agreed, so a CEK option can only be a mistake. */
export function refuseCekForDir(km: KeyManagement, options: EncryptOptions): void {
  if (km.direct && options.cek !== undefined)
    throw argument(
      `options.cek cannot be used with "${km.alg}": the CEK is the key or is agreed with it`,
    );
}
