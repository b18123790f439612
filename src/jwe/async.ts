// jose-core/async's JWE functions: the synchronous functions' parsing and checks
// (compactEncryption, parseCompact), then the key management on libuv's thread pool where it
// costs more than the hop (RSA-OAEP decryption and ECDH-ES agreement through WebCrypto, the
// ECDH-ES ephemeral key through generateKeyPair, PBES2 through crypto.pbkdf2); AES, AES-KW and
// the content encryption stay inline.
import type { Buffer } from 'node:buffer';
import type { JoseKey } from '../jwk/key.js';
import { JoseError } from '../util/errors.js';
import { compactEncryption, parseCompact } from './compact.js';
import type { ContentEncryption } from './content/types.js';
import { decryptContent, inflate, type KeySource, resolveKey } from './decrypt.js';
import { newCek, type Sealed, seal } from './encrypt.js';
import { decryptionFailed } from './failure.js';
import { candidatesOf, parseJSON, type Recipient } from './json-decrypt.js';
import { jsonEncryption } from './json-encrypt.js';
import { keyFor } from './keys/coerce.js';
import type { KeyManagement } from './keys/types.js';
import type {
  CompactDecryptResult,
  DecryptOptions,
  EncryptOptions,
  FlattenedJWE,
  GeneralJWE,
  JSONDecryptResult,
  JWEHeaderParameters,
  JWEKeyLike,
  JWEKeyResolver,
} from './types.js';

/**
 * A resolver for the asynchronous API: like the synchronous API's `JWEKeyResolver`, but it may
 * answer with a promise.
 *
 * @example
 * ```ts
 * const resolver: AsyncJWEKeyResolver = async (header) => vault.decryptionKey(header.kid)
 * ```
 */
export type AsyncJWEKeyResolver = (header: JWEHeaderParameters) => JWEKeyLike | Promise<JWEKeyLike>;

/**
 * `seal` with the key management off the event loop where the algorithm has an asynchronous
 * form (ECDH-ES's ephemeral key and agreement, PBES2's derivation).
 */
export async function sealAsync(
  km: KeyManagement,
  ce: ContentEncryption,
  key: JoseKey,
  header: JWEHeaderParameters,
  cek: Buffer | undefined,
  options: EncryptOptions,
): Promise<Sealed> {
  if (km.direct) {
    if (km.newCekAsync === undefined) return seal(km, ce, key, header, cek, options);
    const r = await km.newCekAsync(key, ce, header, options);
    return { cek: r.cek, encryptedKey: undefined, params: r.params };
  }
  if (km.wrapAsync === undefined) return seal(km, ce, key, header, cek, options);
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
  if (km.direct)
    cek = km.cekAsync === undefined ? km.cek(key, ce, header) : await km.cekAsync(key, ce, header);
  else
    cek =
      km.unwrapAsync === undefined
        ? km.unwrap(key, encryptedKey, ce.keyBytes, header)
        : await km.unwrapAsync(key, encryptedKey, ce.keyBytes, header);
  return decryptContent(km, ce, cek, iv, ciphertext, tag, aad);
}

/** The key for `header`: the caller's, or the resolver's answer, awaited. */
export async function resolveKeyAsync(
  source: KeySource,
  header: JWEHeaderParameters,
  km: KeyManagement,
): Promise<JoseKey> {
  return typeof source === 'function'
    ? keyFor(km, await (source as AsyncJWEKeyResolver)(header))
    : resolveKey(source, header, km);
}

/**
 * The synchronous `encryptCompact`, with ECDH-ES and PBES2 key management on libuv's thread pool; same
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
  return p.finish(
    await sealAsync(p.km, p.ce, p.key, p.header, p.fresh?.subarray(0, p.ce.keyBytes), p.opts),
  );
}

/**
 * The synchronous `decryptCompact`, with an asynchronous resolver allowed, and RSA-OAEP,
 * ECDH-ES and PBES2 key management on libuv's thread pool; same checks, in the same order,
 * with the same errors (as rejections).
 *
 * @example
 * ```ts
 * const options = { keyManagementAlgorithms: ['RSA-OAEP-256'] }
 * const { plaintext } = await decryptCompact(jwe, rsaPrivateKey, options)
 * ```
 */
export async function decryptCompact(
  jwe: string,
  keyOrResolver: JWEKeyLike | AsyncJWEKeyResolver,
  options?: DecryptOptions,
): Promise<CompactDecryptResult> {
  const p = parseCompact(jwe, keyOrResolver, options);
  const key =
    typeof p.source === 'function'
      ? await resolveKeyAsync(p.source, p.header, p.km)
      : resolveKey(p.source, p.header, p.km);
  p.km.check(key, p.ce, 'decrypt', p.header);
  const plaintext = await openAsync(
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
 * The synchronous `encryptJSON`, with PBES2's key derivations on libuv's thread pool.
 *
 * @example
 * ```ts
 * const recipients = [{ header: { alg: 'RSA-OAEP-256' }, key: rsaPublicKey }]
 * const jwe = await encryptJSON('hello', { protectedHeader: { enc: 'A256GCM' } }, recipients)
 * ```
 */
export async function encryptJSON(
  plaintext: Uint8Array | string,
  shared: {
    protectedHeader?: JWEHeaderParameters;
    unprotectedHeader?: JWEHeaderParameters;
    aad?: Uint8Array | string;
  },
  recipients: Array<{ header?: JWEHeaderParameters; key: JWEKeyLike }>,
  options?: EncryptOptions,
): Promise<FlattenedJWE | GeneralJWE> {
  const e = jsonEncryption(plaintext, shared, recipients, options);
  return e.finish(
    await Promise.all(e.prepared.map((r) => sealAsync(r.km, e.ce, r.key, r.header, e.cek, e.opts))),
  );
}

// An asynchronous resolver's answers for every recipient, gathered first (concurrently), then
// served to the synchronous recipient checks in their order, a failure where it happened.
async function answered(
  resolver: AsyncJWEKeyResolver,
  recipients: readonly Recipient[],
): Promise<JWEKeyResolver> {
  const answers = new Map<JWEHeaderParameters, () => JWEKeyLike>();
  await Promise.all(
    recipients.map(async (r) => {
      try {
        const key = await resolver(r.header);
        answers.set(r.header, () => key);
      } catch (error) {
        answers.set(r.header, () => {
          throw error;
        });
      }
    }),
  );
  return (header) => (answers.get(header) as () => JWEKeyLike)();
}

/**
 * The synchronous `decryptJSON`, with an asynchronous resolver allowed and the private-key work
 * on libuv's thread pool; same checks and errors. An asynchronous resolver is asked for every
 * recipient's key before the recipients are checked (concurrently), where the synchronous
 * function asks only for those that pass the checks before the key.
 *
 * @example
 * ```ts
 * const options = { keyManagementAlgorithms: ['RSA-OAEP-256'] }
 * const { plaintext, header } = await decryptJSON(jwe, rsaPrivateKey, options)
 * ```
 */
export async function decryptJSON(
  jwe: FlattenedJWE | GeneralJWE | string,
  keyOrResolver: JWEKeyLike | AsyncJWEKeyResolver,
  options?: DecryptOptions,
): Promise<JSONDecryptResult> {
  const p = parseJSON(jwe, keyOrResolver, options);
  const source =
    typeof p.source === 'function'
      ? await answered(p.source as AsyncJWEKeyResolver, p.recipients)
      : p.source;
  for (const { recipient, km, key } of candidatesOf(p, source)) {
    let plaintext: Buffer;
    try {
      plaintext = await openAsync(
        km,
        p.ce,
        key,
        recipient.header,
        recipient.encryptedKey,
        p.iv,
        p.ciphertext,
        p.tag,
        p.additionalData,
      );
    } catch (e) {
      if (!(e instanceof JoseError) || e.code !== 'ERR_JWE_DECRYPTION_FAILED') throw e;
      continue;
    }
    return p.result(recipient, plaintext, key);
  }
  throw decryptionFailed();
}
