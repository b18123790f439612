// jose-core/async's JWE functions: the synchronous functions' parsing and checks
// (compactEncryption, parseCompact), then the key management on libuv's thread pool where it
// costs more than the hop (RSA-OAEP and ECDH-ES decryption through WebCrypto, PBES2 through
// crypto.pbkdf2); AES, AES-KW and the content encryption stay inline.
import type { Buffer } from 'node:buffer';
import type { JoseKey } from '../jwk/key.js';
import { compactEncryption, parseCompact } from './compact.js';
import type { ContentEncryption } from './content/types.js';
import { inflate, resolveKey, type KeySource } from './decrypt.js';
import { newCek, seal, type Sealed } from './encrypt.js';
import { keyFor } from './keys/coerce.js';
import type { KeyManagement } from './keys/types.js';
import type { CompactDecryptResult, DecryptOptions, EncryptOptions, JWEHeaderParameters, JWEKeyLike } from './types.js';

/**
 * A resolver for the asynchronous API: like {@link JWEKeyResolver}, but it may answer with a
 * promise.
 *
 * @example
 * ```ts
 * const resolver: AsyncJWEKeyResolver = async (header) => vault.decryptionKey(header.kid)
 * ```
 */
export type AsyncJWEKeyResolver = (header: JWEHeaderParameters) => JWEKeyLike | Promise<JWEKeyLike>;

/** `seal` with the key management off the event loop where the algorithm has an asynchronous form. */
export async function sealAsync(
  km: KeyManagement,
  ce: ContentEncryption,
  key: JoseKey,
  header: JWEHeaderParameters,
  cek: Buffer | undefined,
  options: EncryptOptions,
): Promise<Sealed> {
  if (km.direct || km.wrapAsync === undefined) return seal(km, ce, key, header, cek, options);
  const shared = cek ?? newCek(ce, options);
  const r = await km.wrapAsync(key, shared, header, options);
  return { cek: shared, encryptedKey: r.encryptedKey, params: r.params };
}

/** `open` with the CEK recovered off the event loop where the algorithm has an asynchronous form. */
export async function openAsync(
  km: KeyManagement,
  ce: ContentEncryption,
  key: JoseKey,
  header: JWEHeaderParameters,
  encryptedKey: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Uint8Array,
): Promise<Buffer> {
  let cek: Buffer;
  if (km.direct) cek = km.cekAsync === undefined ? km.cek(key, ce, header) : await km.cekAsync(key, ce, header);
  else cek = km.unwrapAsync === undefined ? km.unwrap(key, encryptedKey, ce.keyBytes, header) : await km.unwrapAsync(key, encryptedKey, ce.keyBytes, header);
  return ce.decrypt(cek, iv, ciphertext, tag, aad);
}

/** The key for `header`: the caller's, or the resolver's answer, awaited. */
export async function resolveKeyAsync(source: KeySource, header: JWEHeaderParameters, km: KeyManagement): Promise<JoseKey> {
  return typeof source === 'function' ? keyFor(km, await (source as AsyncJWEKeyResolver)(header)) : resolveKey(source, header, km);
}

/**
 * The synchronous `encryptCompact`, with PBES2's key derivation on libuv's thread pool; same
 * arguments, same output, same errors (as rejections).
 *
 * @example
 * ```ts
 * const jwe = await encryptCompact('hello', { alg: 'RSA-OAEP-256', enc: 'A256GCM' }, rsaPublicKey)
 * ```
 */
export async function encryptCompact(
  plaintext: Uint8Array | string,
  protectedHeader: JWEHeaderParameters,
  key: JWEKeyLike,
  options?: EncryptOptions,
): Promise<string> {
  const p = compactEncryption(plaintext, protectedHeader, key, options);
  return p.finish(await sealAsync(p.km, p.ce, p.key, p.header, p.fresh?.subarray(0, p.ce.keyBytes), p.opts));
}

/**
 * The synchronous `decryptCompact`, with an asynchronous resolver allowed, and RSA-OAEP,
 * ECDH-ES and PBES2 key management on libuv's thread pool; same checks, in the same order,
 * with the same errors (as rejections).
 *
 * @example
 * ```ts
 * const { plaintext } = await decryptCompact(jwe, rsaPrivateKey, { keyManagementAlgorithms: ['RSA-OAEP-256'] })
 * ```
 */
export async function decryptCompact(
  jwe: string,
  keyOrResolver: JWEKeyLike | AsyncJWEKeyResolver,
  options?: DecryptOptions,
): Promise<CompactDecryptResult> {
  const p = parseCompact(jwe, keyOrResolver, options);
  const key = await resolveKeyAsync(p.source, p.header, p.km);
  p.km.check(key, p.ce, 'decrypt', p.header);
  const plaintext = await openAsync(p.km, p.ce, key, p.header, p.encryptedKey, p.iv, p.ciphertext, p.tag, p.aad);
  return { plaintext: inflate(p.header, plaintext, p.opts), protectedHeader: p.header, key };
}
