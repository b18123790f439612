import type { Buffer } from 'node:buffer';
import type { JoseKey } from '../jwk/key.js';
import { b64u } from '../util/base64url.js';
import { toBytes } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { serializeHeader } from '../util/header-json.js';
import { isObject, type JsonObject } from '../util/json.js';
import type { ContentEncryption } from './content/types.js';
import {
  algorithmsFor,
  checkEncryptOptions,
  newCek,
  newIv,
  newParams,
  refuseCekForDir,
  refuseUnusedOptions,
  type Sealed,
  seal,
  wipeCek,
} from './encrypt.js';
import { joseHeader } from './header.js';
import { keyFor } from './keys/coerce.js';
import type { KeyManagement } from './keys/types.js';
import { jsonAad, MAX_RECIPIENTS } from './recipients.js';
import type {
  EncryptOptions,
  FlattenedJWE,
  GeneralJWE,
  JWEHeaderParameters,
  JWEKeyLike,
} from './types.js';
import { compress } from './zip.js';

function argument(message: string): JoseError {
  return new JoseError('ERR_INVALID_ARGUMENT', message);
}

// RFC 7516 s7.2.1: header members are omitted when they would be empty.
function optionalHeader(
  header: unknown,
  what: string,
): { text: string; header: JsonObject } | undefined {
  if (header === undefined) return undefined;
  const serialized = serializeHeader(header, what);
  return Object.keys(serialized.header).length === 0 ? undefined : serialized;
}

/**
 * Encrypts `plaintext` to one or more recipients in the JWE JSON Serialization (RFC 7516 s7.2):
 * the flattened syntax for one recipient, the general syntax for several. All recipients share
 * one CEK, one IV and one ciphertext; each gets the CEK wrapped under its own key. `enc` must
 * be in a shared header (protected or unprotected); `alg` may be per recipient. Header members
 * must not repeat across the protected, shared unprotected and per-recipient headers. `dir` and
 * `ECDH-ES` are only possible with a single recipient, since the CEK is the key or is agreed
 * with it. The members a key management algorithm chooses (`epk`, `iv`, `tag`, `p2s`, `p2c`)
 * go into that recipient's own header. `zip: "DEF"` must be in the protected header.
 *
 * @param plaintext - bytes, or a string encoded as UTF-8
 * @param shared - the protected header, the shared unprotected header, and optional JWE AAD
 *   (integrity protected, sent in the clear as `aad`)
 * @param recipients - one to 16 recipients, each with its own header and key (public for RSA
 *   and ECDH-ES, a password for PBES2)
 * @param options - TEST-ONLY fixed CEK, IV, ephemeral key, key wrap IV and salt, see {@link EncryptOptions}
 * @returns a flattened JWE for one recipient, a general JWE for several
 * @throws {JoseError} `ERR_JWE_INVALID` for headers breaking RFC 7516 or 7518,
 *   `ERR_NOT_SUPPORTED` for unknown algorithms or a `zip` other than "DEF",
 *   `ERR_KEY_UNSUITABLE` when a key does not fit its algorithm, `ERR_INVALID_ARGUMENT` for
 *   arguments of the wrong shape and options as for {@link encryptCompact}
 * @example
 * ```ts
 * const a = generateKey('A128KW', { kid: 'a' })
 * const b = generateKey('A256KW', { kid: 'b' })
 * const jwe = encryptJSON('hello', { protectedHeader: { enc: 'A128GCM' } }, [
 *   { header: { alg: 'A128KW', kid: 'a' }, key: a },
 *   { header: { alg: 'A256KW', kid: 'b' }, key: b },
 * ])
 * ```
 */
export function encryptJSON(
  plaintext: Uint8Array | string,
  shared: {
    protectedHeader?: JWEHeaderParameters;
    unprotectedHeader?: JWEHeaderParameters;
    aad?: Uint8Array | string;
  },
  recipients: Array<{ header?: JWEHeaderParameters; key: JWEKeyLike }>,
  options?: EncryptOptions,
): FlattenedJWE | GeneralJWE {
  const e = jsonEncryption(plaintext, shared, recipients, options);
  return e.finish(e.prepared.map((r) => seal(r.km, e.ce, r.key, r.header, e.cek, e.opts)));
}

/** One recipient of a JSON JWE, checked and ready for its key management. */
export interface PreparedRecipient {
  own: JsonObject | undefined;
  header: JWEHeaderParameters;
  km: KeyManagement;
  key: JoseKey;
}

/**
 * A JSON JWE ready for the key management of each recipient (`seal`), whose results `finish`
 * turns into the JWE.
 */
export interface JSONEncryption {
  prepared: PreparedRecipient[];
  ce: ContentEncryption;
  cek: Buffer | undefined;
  opts: EncryptOptions;
  finish(sealed: readonly Sealed[]): FlattenedJWE | GeneralJWE;
}

/** Everything of {@link encryptJSON} but the key management, shared with the asynchronous API. */
export function jsonEncryption(
  plaintext: Uint8Array | string,
  shared: {
    protectedHeader?: JWEHeaderParameters;
    unprotectedHeader?: JWEHeaderParameters;
    aad?: Uint8Array | string;
  },
  recipients: Array<{ header?: JWEHeaderParameters; key: JWEKeyLike }>,
  options: EncryptOptions | undefined,
): JSONEncryption {
  const data = toBytes(plaintext, 'plaintext');
  const opts = checkEncryptOptions(options);
  if (!isObject(shared)) throw argument('shared must be an object');
  const p = optionalHeader(shared.protectedHeader, 'shared.protectedHeader');
  const u = optionalHeader(shared.unprotectedHeader, 'shared.unprotectedHeader')?.header;
  const aad = shared.aad === undefined ? undefined : b64u(toBytes(shared.aad, 'shared.aad'));
  if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) {
    throw argument(`recipients must be an array of 1 to ${MAX_RECIPIENTS} recipients`);
  }
  const checked = recipients.map((r: unknown) => {
    if (!isObject(r)) throw argument('each recipient must be an object');
    const own = optionalHeader(r.header, 'recipient header')?.header;
    const header = joseHeader({ protected: p?.header, unprotected: u, recipient: own }, undefined);
    const { km, ce } = algorithmsFor(header);
    const key = keyFor(km, r.key);
    km.check(key, ce, 'encrypt', header);
    return { own, header, km, ce, key };
  });
  const prepared: PreparedRecipient[] = checked;
  const first = checked[0]!;
  if (prepared.length > 1 && prepared.some((r) => r.km.direct)) {
    throw argument(
      '"dir" and "ECDH-ES" cannot be combined with other recipients: the CEK is the key or is agreed with it',
    );
  }
  refuseCekForDir(first.km, opts);
  refuseUnusedOptions(
    prepared.map((r) => r.km),
    opts,
  );
  // `enc` lives in a shared header, so every recipient has the same content encryption.
  const ce = first.ce;
  const cek = first.km.direct ? undefined : newCek(ce, opts);
  const finish = (results: readonly Sealed[]): FlattenedJWE | GeneralJWE => {
    const sealed = prepared.map((r, i) => ({ ...r, ...(results[i] as Sealed) }));
    const iv = newIv(ce, opts);
    const encodedProtected = p === undefined ? undefined : b64u(p.text);
    const content = p?.header.zip === undefined ? data : compress(data);
    const { ciphertext, tag } = ce.encrypt(
      sealed[0]!.cek,
      iv,
      content,
      jsonAad(encodedProtected, aad),
    );
    wipeCek(first.km, sealed[0]!.cek, opts);
    const out: JsonObject = {};
    if (encodedProtected !== undefined) out.protected = encodedProtected;
    if (u !== undefined) out.unprotected = u;
    const entries = sealed.map((r) => {
      const entry: { header?: JWEHeaderParameters; encrypted_key?: string } = {};
      const added = newParams(r.params, r.header);
      const own = added === undefined ? r.own : { ...r.own, ...added };
      if (own !== undefined) entry.header = own;
      if (r.encryptedKey !== undefined) entry.encrypted_key = b64u(r.encryptedKey);
      return entry;
    });
    if (entries.length === 1) Object.assign(out, entries[0]);
    else out.recipients = entries;
    if (aad !== undefined) out.aad = aad;
    out.iv = b64u(iv);
    out.ciphertext = b64u(ciphertext);
    out.tag = b64u(tag);
    return out as unknown as FlattenedJWE | GeneralJWE;
  };
  return { prepared, ce, cek, opts, finish };
}
