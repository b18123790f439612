import { Buffer } from 'node:buffer';
import type { JoseKey } from '../jwk/key.js';
import { b64u, b64uDecode } from '../util/base64url.js';
import { randomOctets, toBytes } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { tooLong } from '../util/limits.js';
import type { ContentEncryption } from './content/types.js';
import {
  allowKeyManagement,
  type CheckedDecryptOptions,
  checkContentShape,
  checkDecryptOptions,
  checkEncryptedKeyShape,
  contentAlgorithm,
  implementedKeyManagement,
  inflate,
  type KeySource,
  keySource,
  open,
  resolveKey,
} from './decrypt.js';
import {
  checkEncryptOptions,
  newIv,
  newParams,
  refuseCekForDir,
  refuseUnusedOptions,
  type Sealed,
  seal,
  wipeCek,
} from './encrypt.js';
import { invalid } from './failure.js';
import { encryptionHeader, receivedHeader } from './header-cache.js';
import { keyFor } from './keys/coerce.js';
import type { KeyManagement } from './keys/types.js';
import type {
  CompactDecryptResult,
  DecryptOptions,
  EncryptOptions,
  JWEHeaderParameters,
  JWEKeyLike,
  JWEKeyResolver,
} from './types.js';
import { compress } from './zip.js';

/**
 * Encrypts `plaintext` to a JWE in the Compact Serialization (RFC 7516 s7.1). Every header
 * parameter is integrity protected; the AAD is ASCII(BASE64URL(protected header)). A fresh
 * random CEK and IV are drawn for every call, and whatever the key management algorithm
 * chooses (`epk`, the GCM key wrap `iv` and `tag`, the PBES2 `p2s` and `p2c`) is added to the
 * end of the header. With `zip: "DEF"` the plaintext is compressed first (RFC 7516 s4.1.3); the
 * caller may set `apu`/`apv` for ECDH-ES and `p2c` (1000 to 1,000,000; default 600,000) for
 * PBES2.
 *
 * @param plaintext - bytes, or a string encoded as UTF-8
 * @param protectedHeader - the JWE header; needs `alg` and `enc`
 * @param key - for RSA and ECDH-ES the recipient's public key (a private key is used through
 *   its public half), for `A*KW` and `A*GCMKW` the KEK, for `dir` the CEK itself, for PBES2 the
 *   password (a string, bytes or a secret key)
 * @param options - TEST-ONLY fixed CEK, IV, ephemeral key, key wrap IV and salt, see {@link EncryptOptions}
 * @returns the compact JWE
 * @throws {JoseError} `ERR_JWE_INVALID` for a header breaking RFC 7516 or 7518 (missing
 *   `alg`/`enc`, bad `crit`, malformed registered members, `zip` outside the protected
 *   header), `ERR_NOT_SUPPORTED` for an unknown algorithm or `zip` value, `ERR_KEY_UNSUITABLE`
 *   when the key does not fit, `ERR_INVALID_ARGUMENT` for arguments of the wrong type, options
 *   of the wrong length or unused, a PBES2 `p2c` out of range, or a library-chosen header member
 *   set by the caller
 * @example
 * ```ts
 * const key = generateKey('A256KW')
 * const jwe = encryptCompact('hello', { alg: 'A256KW', enc: 'A256GCM' }, key)
 * ```
 */
export function encryptCompact(
  plaintext: Uint8Array | string,
  protectedHeader: JWEHeaderParameters,
  key: JWEKeyLike,
  options?: EncryptOptions,
): string {
  const p = compactEncryption(plaintext, protectedHeader, key, options);
  return p.finish(seal(p.km, p.ce, p.key, p.header, p.fresh?.subarray(0, p.ce.keyBytes), p.opts));
}

/** A compact JWE ready for its key management step (`seal`), whose result `finish` turns into the token. */
export interface CompactEncryption {
  header: JWEHeaderParameters;
  km: KeyManagement;
  ce: ContentEncryption;
  key: JoseKey;
  opts: EncryptOptions;
  /** CEK and IV drawn together, unless fixed by the options or not needed. */
  fresh: Buffer | undefined;
  finish(sealed: Sealed): string;
}

/** Everything of {@link encryptCompact} but the key management, shared with the asynchronous API. */
export function compactEncryption(
  plaintext: Uint8Array | string,
  protectedHeader: JWEHeaderParameters,
  key: JWEKeyLike,
  options: EncryptOptions | undefined,
): CompactEncryption {
  // A string goes to node:crypto as it is, which encodes it as UTF-8 without a buffer of ours.
  const data = typeof plaintext === 'string' ? plaintext : toBytes(plaintext, 'plaintext');
  const opts = checkEncryptOptions(options);
  const { header, km, ce, encoded, aad } = encryptionHeader(protectedHeader);
  const k = keyFor(km, key);
  km.check(k, ce, 'encrypt', header);
  refuseCekForDir(km, opts);
  refuseUnusedOptions([km], opts);
  // CEK and IV from one call to the random source: each call costs more than its octets.
  const fresh =
    km.direct || opts.cek !== undefined || opts.iv !== undefined
      ? undefined
      : randomOctets(ce.keyBytes + ce.ivBytes);
  const finish = ({ cek, encryptedKey, params }: Sealed): string => {
    const added = newParams(params, header);
    const encodedHeader =
      added === undefined ? encoded : b64u(JSON.stringify({ ...header, ...added }));
    const iv = fresh === undefined ? newIv(ce, opts) : fresh.subarray(ce.keyBytes);
    const content = header.zip === undefined ? data : compress(data);
    const authenticated = added === undefined ? aad : Buffer.from(encodedHeader, 'ascii');
    const { ciphertext, tag } = ce.encrypt(cek, iv, content, authenticated);
    wipeCek(km, cek, opts);
    const wrapped = encryptedKey === undefined ? '' : b64u(encryptedKey);
    return `${encodedHeader}.${wrapped}.${b64u(iv)}.${b64u(ciphertext)}.${b64u(tag)}`;
  };
  return { header, km, ce, key: k, opts, fresh, finish };
}

// Only read (its length is checked), never handed out.
const NO_ENCRYPTED_KEY = Buffer.alloc(0);

/**
 * Decrypts a JWE in the Compact Serialization (RFC 7516 s7.1, s5.2). The structure is checked
 * first (five parts, strict base64url, a protected header with `alg` and `enc` and well-formed
 * registered members, public lengths of IV, tag and ciphertext, an encrypted key exactly when
 * the algorithm has one), then the
 * algorithms against the allow-lists, then the header members the key management algorithm
 * reads (an ECDH-ES `epk` of the right form, a PBES2 `p2c` within `options.maxPbes2Count`),
 * then the key against the algorithms; only then is anything decrypted, and a `zip: "DEF"`
 * plaintext is inflated (up to `options.maxDecompressedSize`) only once its tag has checked
 * out. Malformed structure is `ERR_JWE_INVALID` (it is public, so refusing it early reveals
 * nothing; an ECDH-ES `epk` that is not a point on its curve is refused so before the private
 * key is used); everything that needs the key to judge, the encrypted key's length included, is
 * `ERR_JWE_DECRYPTION_FAILED`.
 *
 * Without `options.keyManagementAlgorithms`, any implemented algorithm the key fits is accepted
 * except `RSA1_5` and `PBES2-*`, which must be named there. A `cty: "JWT"` plaintext (a nested
 * JWT) is returned as-is; verifying it is the caller's next step.
 *
 * @param jwe - the compact JWE
 * @param keyOrResolver - the recipient's key (private for RSA and ECDH-ES, the KEK for `A*KW`
 *   and `A*GCMKW`, the CEK for `dir`, the password for PBES2), or a function picking it from
 *   the protected header
 * @param options - allow-lists, understood `crit` extensions, and limits on the token's length
 *   (`maxTokenLength`, compared before anything is decoded), decompression and PBES2 work
 * @returns the plaintext, the protected header and the key that decrypted
 * @throws {JoseError} `ERR_JWE_INVALID` for a malformed token or one past a limit,
 *   `ERR_JWE_DECRYPTION_FAILED` for any failure to decrypt (one code, one message, whatever the
 *   cause), `ERR_ALG_NOT_ALLOWED`, `ERR_NOT_SUPPORTED` (unknown algorithm or curve, a `zip`
 *   other than "DEF"), `ERR_KEY_UNSUITABLE` (also for an ECDH-ES key on another curve than the
 *   `epk`), `ERR_INVALID_ARGUMENT`; a resolver's own errors pass through unchanged
 * @example
 * ```ts
 * const { plaintext } = decryptCompact(jwe, key, { keyManagementAlgorithms: ['A256KW'], contentEncryptionAlgorithms: ['A256GCM'] })
 * new TextDecoder().decode(plaintext) // 'hello'
 * ```
 */
export function decryptCompact(
  jwe: string,
  keyOrResolver: JWEKeyLike | JWEKeyResolver,
  options?: DecryptOptions,
): CompactDecryptResult {
  const p = parseCompact(jwe, keyOrResolver, options);
  const key = resolveKey(p.source, p.header, p.km);
  p.km.check(key, p.ce, 'decrypt', p.header);
  const plaintext = open(
    p.km,
    p.ce,
    key,
    p.header,
    p.encryptedKey,
    p.iv,
    p.ciphertext,
    p.tag,
    p.aad,
  );
  return { plaintext: inflate(p.header, plaintext, p.opts), protectedHeader: p.header, key };
}

/**
 * A compact JWE whose structure, header, algorithms and options passed every check: what is
 * left needs the key.
 */
export interface ParsedCompactJWE {
  opts: CheckedDecryptOptions;
  source: KeySource;
  header: JWEHeaderParameters;
  aad: Uint8Array;
  km: KeyManagement;
  ce: ContentEncryption;
  encryptedKey: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Everything of {@link decryptCompact} before the key is resolved, shared with the asynchronous API. */
export function parseCompact(
  jwe: string,
  keyOrResolver: unknown,
  options: DecryptOptions | undefined,
): ParsedCompactJWE {
  if (typeof jwe !== 'string') throw new JoseError('ERR_INVALID_ARGUMENT', 'jwe must be a string');
  const opts = checkDecryptOptions(options);
  if (jwe.length > opts.maxTokenLength) throw tooLong('ERR_JWE_INVALID', opts.maxTokenLength);
  const source = keySource(keyOrResolver);
  // A limit of 6 keeps a string of many dots from becoming a huge array.
  const parts = jwe.split('.', 6);
  if (parts.length !== 5) throw invalid('a compact JWE has exactly five parts');
  const [encodedHeader, encodedKey, encodedIv, encodedCiphertext, encodedTag] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const { header, aad } = receivedHeader(encodedHeader, opts.crit);
  // dir and ECDH-ES send no encrypted key, and decoding nothing costs node as much as a short part.
  const encryptedKey =
    encodedKey === ''
      ? NO_ENCRYPTED_KEY
      : b64uDecode(encodedKey, 'ERR_JWE_INVALID', 'JWE encrypted key');
  const iv = b64uDecode(encodedIv, 'ERR_JWE_INVALID', 'JWE initialization vector');
  const ciphertext = b64uDecode(encodedCiphertext, 'ERR_JWE_INVALID', 'JWE ciphertext');
  const tag = b64uDecode(encodedTag, 'ERR_JWE_INVALID', 'JWE authentication tag');
  const km = implementedKeyManagement(header.alg as string);
  allowKeyManagement(km, opts);
  const ce = contentAlgorithm(header.enc as string, opts);
  checkEncryptedKeyShape(km, encryptedKey);
  checkContentShape(ce, iv, ciphertext, tag);
  km.checkHeader?.(header, opts);
  return { opts, source, header, aad, km, ce, encryptedKey, iv, ciphertext, tag };
}
