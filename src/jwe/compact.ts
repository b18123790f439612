import { Buffer } from 'node:buffer';
import type { KeyLike } from '../jwk/coerce.js';
import { asKey } from '../jwk/coerce.js';
import { b64u, b64uDecode } from '../util/base64url.js';
import { toBytes, utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { parseJsonObject } from '../util/json.js';
import {
  checkContentShape,
  checkDecryptOptions,
  checkEncryptedKeyShape,
  contentAlgorithm,
  allowKeyManagement,
  implementedKeyManagement,
  keySource,
  open,
  resolveKey,
} from './decrypt.js';
import { algorithmsFor, checkEncryptOptions, newCek, newIv, refuseCekForDir, serializeHeader } from './encrypt.js';
import { invalid } from './failure.js';
import { joseHeader } from './header.js';
import type { CompactDecryptResult, DecryptOptions, EncryptOptions, JWEHeaderParameters, JWEKeyResolver } from './types.js';

/**
 * Encrypts `plaintext` to a JWE in the Compact Serialization (RFC 7516 s7.1). Every header
 * parameter is integrity protected; the AAD is ASCII(BASE64URL(protected header)). A fresh
 * random CEK and IV are drawn for every call.
 *
 * @param plaintext - bytes, or a string encoded as UTF-8
 * @param protectedHeader - the JWE header; needs `alg` and `enc`
 * @param key - for RSA algorithms the recipient's public key (a private key is used through
 *   its public half), for `A*KW` the KEK, for `dir` the CEK itself
 * @param options - TEST-ONLY fixed CEK and IV, see {@link EncryptOptions}
 * @returns the compact JWE
 * @throws {JoseError} `ERR_JWE_INVALID` for a header breaking RFC 7516 (missing `alg`/`enc`,
 *   bad `crit`), `ERR_NOT_SUPPORTED` for an unknown algorithm or `zip`, `ERR_KEY_UNSUITABLE`
 *   when the key does not fit, `ERR_INVALID_ARGUMENT` for arguments of the wrong type or
 *   options of the wrong length
 * @example
 * ```ts
 * const key = generateKey('A256KW')
 * const jwe = encryptCompact('hello', { alg: 'A256KW', enc: 'A256GCM' }, key)
 * ```
 */
export function encryptCompact(
  plaintext: Uint8Array | string,
  protectedHeader: JWEHeaderParameters,
  key: KeyLike,
  options?: EncryptOptions,
): string {
  const data = toBytes(plaintext, 'plaintext');
  const opts = checkEncryptOptions(options);
  const serialized = serializeHeader(protectedHeader, 'protectedHeader');
  const header = joseHeader({ protected: serialized.header }, undefined);
  const { km, ce } = algorithmsFor(header);
  const k = asKey(key);
  km.check(k, ce, 'encrypt');
  refuseCekForDir(km, opts);
  const cek = km.direct ? km.cek(k) : newCek(ce, opts);
  const encryptedKey = km.direct ? undefined : km.wrap(k, cek);
  const iv = newIv(ce, opts);
  const encodedHeader = b64u(serialized.json);
  const { ciphertext, tag } = ce.encrypt(cek, iv, data, Buffer.from(encodedHeader, 'ascii'));
  return `${encodedHeader}.${encryptedKey === undefined ? '' : b64u(encryptedKey)}.${b64u(iv)}.${b64u(ciphertext)}.${b64u(tag)}`;
}

/**
 * Decrypts a JWE in the Compact Serialization (RFC 7516 s7.1, s5.2). The structure is checked
 * first (five parts, strict base64url, a protected header with `alg` and `enc`, public lengths
 * of IV, tag, ciphertext and encrypted key), then the algorithms against the allow-lists, then
 * the key against the algorithms; only then is anything decrypted. Malformed structure is
 * `ERR_JWE_INVALID` (lengths are public, so refusing them early reveals nothing); everything
 * that needs the key to judge is `ERR_JWE_DECRYPTION_FAILED`.
 *
 * Without `options.keyManagementAlgorithms`, any implemented algorithm the key fits is accepted
 * except `RSA1_5`, which must be named there. A `cty: "JWT"` plaintext (a nested JWT) is
 * returned as-is; verifying it is the caller's next step.
 *
 * @param jwe - the compact JWE
 * @param keyOrResolver - the recipient's key (private for RSA, the KEK for `A*KW`, the CEK for
 *   `dir`), or a function picking it from the protected header
 * @param options - allow-lists and understood `crit` extensions
 * @returns the plaintext, the protected header and the key that decrypted
 * @throws {JoseError} `ERR_JWE_INVALID` for a malformed token, `ERR_JWE_DECRYPTION_FAILED` for
 *   any failure to decrypt (one code, one message, whatever the cause), `ERR_ALG_NOT_ALLOWED`,
 *   `ERR_NOT_SUPPORTED` (unknown algorithm, `zip`), `ERR_KEY_UNSUITABLE`,
 *   `ERR_INVALID_ARGUMENT`; a resolver's own errors pass through unchanged
 * @example
 * ```ts
 * const { plaintext } = decryptCompact(jwe, key, { keyManagementAlgorithms: ['A256KW'], contentEncryptionAlgorithms: ['A256GCM'] })
 * new TextDecoder().decode(plaintext) // 'hello'
 * ```
 */
export function decryptCompact(jwe: string, keyOrResolver: KeyLike | JWEKeyResolver, options?: DecryptOptions): CompactDecryptResult {
  if (typeof jwe !== 'string') throw new JoseError('ERR_INVALID_ARGUMENT', 'jwe must be a string');
  const opts = checkDecryptOptions(options);
  const source = keySource(keyOrResolver);
  // A limit of 6 keeps a string of many dots from becoming a huge array.
  const parts = jwe.split('.', 6);
  if (parts.length !== 5) throw invalid('a compact JWE has exactly five parts');
  const [encodedHeader, encodedKey, encodedIv, encodedCiphertext, encodedTag] = parts as [string, string, string, string, string];
  const headerBytes = b64uDecode(encodedHeader, 'ERR_JWE_INVALID', 'JWE protected header');
  const header = joseHeader(
    { protected: parseJsonObject(utf8Decode(headerBytes, 'ERR_JWE_INVALID', 'JWE protected header'), 'ERR_JWE_INVALID', 'JWE protected header') },
    opts.crit,
  );
  const encryptedKey = b64uDecode(encodedKey, 'ERR_JWE_INVALID', 'JWE encrypted key');
  const iv = b64uDecode(encodedIv, 'ERR_JWE_INVALID', 'JWE initialization vector');
  const ciphertext = b64uDecode(encodedCiphertext, 'ERR_JWE_INVALID', 'JWE ciphertext');
  const tag = b64uDecode(encodedTag, 'ERR_JWE_INVALID', 'JWE authentication tag');
  const km = implementedKeyManagement(header.alg as string);
  allowKeyManagement(km, opts);
  const ce = contentAlgorithm(header.enc as string, opts);
  checkEncryptedKeyShape(km, encryptedKey);
  checkContentShape(ce, iv, ciphertext, tag);
  const key = resolveKey(source, header);
  km.check(key, ce, 'decrypt');
  const plaintext = open(km, ce, key, encryptedKey, iv, ciphertext, tag, Buffer.from(encodedHeader, 'ascii'));
  return { plaintext, protectedHeader: header, key };
}
