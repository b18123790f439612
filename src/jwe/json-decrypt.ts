import type { Buffer } from 'node:buffer';
import { JoseKey } from '../jwk/key.js';
import { b64uDecode } from '../util/base64url.js';
import { utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { isObject, type JsonObject, parseJsonObject } from '../util/json.js';
import { jsonTokenLength, MAX_KEY_ATTEMPTS, tooLong } from '../util/limits.js';
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
import { decryptionFailed, invalid } from './failure.js';
import { joseHeader } from './header.js';
import { keyManagement } from './keys/table.js';
import type { KeyManagement } from './keys/types.js';
import { jsonAad, MAX_RECIPIENTS } from './recipients.js';
import type {
  DecryptOptions,
  FlattenedJWE,
  GeneralJWE,
  JSONDecryptResult,
  JWEHeaderParameters,
  JWEKeyLike,
  JWEKeyResolver,
} from './types.js';

/** One recipient of a JSON JWE: its own header, the merged JOSE header, its encrypted key. */
export interface Recipient {
  own: JsonObject | undefined;
  header: JWEHeaderParameters;
  encryptedKey: Buffer;
}

function optionalObject(value: unknown, what: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

function decodeProtected(encoded: unknown): JsonObject | undefined {
  if (encoded === undefined) return undefined;
  const bytes = b64uDecode(encoded, 'ERR_JWE_INVALID', 'JWE protected header');
  return parseJsonObject(
    utf8Decode(bytes, 'ERR_JWE_INVALID', 'JWE protected header'),
    'ERR_JWE_INVALID',
    'JWE protected header',
  );
}

// The recipient entries of either syntax: `recipients` (general) or top-level members (flattened).
function recipientEntries(jwe: JsonObject): JsonObject[] {
  if (jwe.recipients === undefined) return [jwe];
  if (jwe.header !== undefined || jwe.encrypted_key !== undefined) {
    throw invalid('a general JWE has no top-level "header" or "encrypted_key"');
  }
  const list = jwe.recipients;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RECIPIENTS) {
    throw invalid(`"recipients" must be an array of 1 to ${MAX_RECIPIENTS} entries`);
  }
  return list.map((entry: unknown) => {
    if (!isObject(entry)) throw invalid('each recipient must be a JSON object');
    return entry;
  });
}

/**
 * Decrypts a JWE in the JSON Serialization (RFC 7516 s7.2, s5.2), flattened or general, given
 * as an object or as JSON text (parsed strictly: duplicate members are refused). All headers
 * are validated before any decryption: members must not repeat across the protected, shared
 * unprotected and per-recipient headers, `enc` must be shared, `zip` protected, `crit` as for
 * compact tokens.
 *
 * Recipient selection: each recipient (at most 16) is matched in order. The header members
 * its key management algorithm reads (`epk`, GCM key wrap `iv`/`tag`, `p2s`/`p2c` within
 * `options.maxPbes2Count`) must be usable, or the whole token is malformed. With several
 * recipients, one whose `kid` differs from the key's is skipped; with a resolver, each
 * recipient's merged header goes to it, and a `JoseError` from it skips that recipient. Then
 * the key must fit the recipient's algorithm (for ECDH-ES, the curve of its `epk` too), and
 * last the algorithm must be allowed (as for {@link decryptCompact}: `RSA1_5` and `PBES2-*`
 * only when named). The candidates left are tried in order; the first that decrypts wins, and
 * its plaintext is inflated when `zip` says so. The work is bounded per token: more than
 * `MAX_KEY_ATTEMPTS` (3) candidates, or PBES2 candidates whose `p2c` add up to more than
 * `options.maxPbes2Count`, are refused with `ERR_JWE_INVALID` before anything is decrypted.
 * When no recipient is left, the reason is
 * reported: the one recipient's, else an allow-list refusal (the key fitted, the caller's lists
 * did not), else `ERR_KEY_NOT_FOUND` carrying every recipient's reason as `cause`.
 *
 * @param jwe - a flattened or general JSON JWE, or its JSON text
 * @param keyOrResolver - the recipient's key (or PBES2 password), or a function picking it from a merged header
 * @param options - allow-lists, understood `crit` extensions and work limits, as for {@link decryptCompact}
 *   (`maxTokenLength` counts, for an object, the total length of its string members and of those
 *   of its recipients)
 * @returns the plaintext, the three kinds of header (the per-recipient one of the recipient
 *   that was decrypted), the decoded `aad`, and the key
 * @throws {JoseError} `ERR_JWE_INVALID` for a malformed token or one past a limit, `ERR_JWE_DECRYPTION_FAILED` when
 *   no candidate recipient decrypts (one code and message, whatever the cause), and when no
 *   recipient is a candidate `ERR_ALG_NOT_ALLOWED`, `ERR_NOT_SUPPORTED`, `ERR_KEY_UNSUITABLE`,
 *   `ERR_KEY_NOT_FOUND` or the resolver's own error, as described above
 * @example
 * ```ts
 * const { plaintext, header } = decryptJSON(jwe, b, { keyManagementAlgorithms: ['A256KW'] })
 * ```
 */
export function decryptJSON(
  jwe: FlattenedJWE | GeneralJWE | string,
  keyOrResolver: JWEKeyLike | JWEKeyResolver,
  options?: DecryptOptions,
): JSONDecryptResult {
  const p = parseJSON(jwe, keyOrResolver, options);
  for (const { recipient, km, key } of candidatesOf(p, p.source)) {
    let plaintext: Buffer;
    try {
      const { header, encryptedKey } = recipient;
      plaintext = open(
        km,
        p.ce,
        key,
        header,
        encryptedKey,
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

/** A JSON JWE whose structure, headers and options passed every check: what is left needs keys. */
export interface ParsedJSONJWE {
  opts: CheckedDecryptOptions;
  source: KeySource;
  recipients: Recipient[];
  ce: ContentEncryption;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  additionalData: Uint8Array;
  /** The result for `recipient`'s authenticated `plaintext` (still compressed for `zip`). */
  result(recipient: Recipient, plaintext: Buffer, key: JoseKey): JSONDecryptResult;
}

/** Everything of {@link decryptJSON} before any key is resolved, shared with the asynchronous API. */
export function parseJSON(
  jwe: unknown,
  keyOrResolver: unknown,
  options: DecryptOptions | undefined,
): ParsedJSONJWE {
  const opts = checkDecryptOptions(options);
  if (jsonTokenLength(jwe, 'recipients') > opts.maxTokenLength)
    throw tooLong('ERR_JWE_INVALID', opts.maxTokenLength);
  const obj: unknown =
    typeof jwe === 'string' ? parseJsonObject(jwe, 'ERR_JWE_INVALID', 'JWE') : jwe;
  if (!isObject(obj)) throw invalid('a JSON JWE must be an object');
  const source = keySource(keyOrResolver);
  const protectedHeader = decodeProtected(obj.protected);
  const unprotected = optionalObject(obj.unprotected, 'JWE "unprotected"');
  const aad = obj.aad === undefined ? undefined : b64uDecode(obj.aad, 'ERR_JWE_INVALID', 'JWE aad');
  const iv = b64uDecode(obj.iv, 'ERR_JWE_INVALID', 'JWE initialization vector');
  const ciphertext = b64uDecode(obj.ciphertext, 'ERR_JWE_INVALID', 'JWE ciphertext');
  const tag = b64uDecode(obj.tag, 'ERR_JWE_INVALID', 'JWE authentication tag');
  const recipients: Recipient[] = recipientEntries(obj).map((entry) => {
    const own = optionalObject(entry.header, 'JWE recipient "header"');
    const header = joseHeader(
      { protected: protectedHeader, unprotected, recipient: own },
      opts.crit,
    );
    const encryptedKey = b64uDecode(
      entry.encrypted_key ?? '',
      'ERR_JWE_INVALID',
      'JWE encrypted key',
    );
    return { own, header, encryptedKey };
  });
  if (
    recipients.length > 1 &&
    recipients.some((r) => keyManagement(r.header.alg as string)?.direct === true)
  ) {
    throw invalid('a "dir" recipient cannot share a JWE with other recipients');
  }
  // `enc` is in a shared header, so it is the same for every recipient.
  const ce = contentAlgorithm(recipients[0]!.header.enc as string, opts);
  checkContentShape(ce, iv, ciphertext, tag);
  const additionalData = jsonAad(
    obj.protected as string | undefined,
    obj.aad as string | undefined,
  );
  // `zip` is in the protected header, the same for every recipient; an authentic plaintext that
  // inflates badly is the sender's doing, and no other recipient would read it differently.
  const result = (recipient: Recipient, plaintext: Buffer, key: JoseKey): JSONDecryptResult => ({
    plaintext: inflate(recipient.header, plaintext, opts),
    protectedHeader: protectedHeader as JWEHeaderParameters | undefined,
    unprotectedHeader: unprotected as JWEHeaderParameters | undefined,
    header: recipient.own as JWEHeaderParameters | undefined,
    additionalAuthenticatedData: aad,
    key,
  });
  return { opts, source, recipients, ce, iv, ciphertext, tag, additionalData, result };
}

/**
 * The recipients the key (or the resolver's key for each) fits and the caller allows, in order.
 * `source` is the caller's, or, for the asynchronous API, one answering from resolved keys.
 * @throws {JoseError} when none does: the one useful refusal, or `ERR_KEY_NOT_FOUND`
 */
export function candidatesOf(
  p: ParsedJSONJWE,
  source: KeySource,
): Array<{ recipient: Recipient; km: KeyManagement; key: JoseKey }> {
  const { recipients, ce, opts } = p;
  const refusals: JoseError[] = [];
  const candidates: Array<{ recipient: Recipient; km: KeyManagement; key: JoseKey }> = [];
  for (const recipient of recipients) {
    try {
      const km = implementedKeyManagement(recipient.header.alg as string);
      checkEncryptedKeyShape(km, recipient.encryptedKey);
      km.checkHeader?.(recipient.header, opts);
      const kid = recipient.header.kid;
      if (
        source instanceof JoseKey &&
        recipients.length > 1 &&
        source.kid !== undefined &&
        kid !== undefined &&
        kid !== source.kid
      ) {
        throw new JoseError('ERR_KEY_NOT_FOUND', 'the recipient\'s "kid" is not the key\'s');
      }
      const key = resolveKey(source, recipient.header, km);
      km.check(key, ce, 'decrypt', recipient.header);
      // Checked last, so that a recipient the key fits but the caller does not allow is told apart.
      allowKeyManagement(km, opts);
      candidates.push({ recipient, km, key });
    } catch (e) {
      // A malformed token is refused outright; anything else only rules out this recipient.
      if (!(e instanceof JoseError) || e.code === 'ERR_JWE_INVALID') throw e;
      refusals.push(e);
    }
  }
  if (candidates.length === 0) {
    // A recipient refused only by the allow-lists is the one meant for this key: its reason is the useful one.
    const notAllowed = refusals.find((e) => e.code === 'ERR_ALG_NOT_ALLOWED');
    if (notAllowed !== undefined || refusals.length === 1) throw notAllowed ?? refusals[0]!;
    throw new JoseError('ERR_KEY_NOT_FOUND', 'no recipient of the JWE fits the key', {
      cause: refusals,
    });
  }
  // Bounded per token, not per recipient: the tries, and the PBKDF2 work of all of them together.
  if (candidates.length > MAX_KEY_ATTEMPTS) {
    throw invalid(
      `more than ${MAX_KEY_ATTEMPTS} recipients fit the key: give them distinct "kid"s`,
    );
  }
  const iterations = candidates.reduce(
    (sum, c) => sum + (c.km.iterations?.(c.recipient.header) ?? 0),
    0,
  );
  if (iterations > opts.maxPbes2Count) {
    throw invalid(
      `the PBES2 recipients ask for more than ${opts.maxPbes2Count} iterations together`,
    );
  }
  return candidates;
}
