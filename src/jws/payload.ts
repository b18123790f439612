import { Buffer } from 'node:buffer';
import { b64u, isB64u } from '../util/base64url.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';

function invalid(message: string): JoseError {
  return new JoseError('ERR_JWS_INVALID', message);
}

/**
 * Whether a signer's options ask for detached content (RFC 7515 Appendix F).
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for options that are not an object or a `detached` that is not a boolean
 */
export function detachedOption(options: unknown): boolean {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const { detached } = options;
  if (detached !== undefined && typeof detached !== 'boolean')
    throw new JoseError('ERR_INVALID_ARGUMENT', 'options.detached must be a boolean');
  return detached === true;
}

/**
 * The signing input of an unencoded payload (RFC 7797 s3): the encoded protected header, a
 * period, and the payload's own octets.
 */
export function unencodedInput(protectedB64: string, payload: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(protectedB64.length + 1 + payload.byteLength);
  // The encoded header passed the base64url check (or was written by us), so it is ASCII.
  input.write(protectedB64, 0, 'latin1');
  input[protectedB64.length] = 0x2e;
  input.set(payload, protectedB64.length + 1);
  return input;
}

/**
 * The payload of a JWS whose payload part is empty (compact or JSON) or absent (JSON). The
 * caller's detached content (RFC 7515 Appendix F) is used only when the caller passes it; without
 * it an empty part is the empty payload, signed over `header.` exactly (RFC 7515 allows it, and
 * ACME's POST-as-GET, RFC 8555 s6.3, signs just that), while an absent one is content the caller
 * did not supply.
 * @param part - `'empty'` or `'absent'` for the token's payload part, `'present'` when it has content
 * @throws {JoseError} `ERR_JWS_INVALID` when detached content is given for a token that carries
 *   its payload, or missing for a JSON JWS without `payload`
 */
export function detachedContent(
  part: 'empty' | 'absent' | 'present',
  detachedPayload: Uint8Array | undefined,
): Uint8Array {
  if (part === 'present')
    throw invalid('options.detachedPayload is given, but the JWS carries its payload');
  if (detachedPayload !== undefined) return detachedPayload;
  if (part === 'absent') {
    throw invalid(
      'the JWS payload is detached (RFC 7515 Appendix F): pass it as options.detachedPayload',
    );
  }
  // A Buffer, like every other payload a verifier returns.
  return Buffer.alloc(0);
}

// A lone surrogate has no UTF-8 form: two different strings would sign as the same octets.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The octets of an unencoded payload carried in a JSON serialization (RFC 7797 s5.2): the UTF-8
 * form of the `payload` string.
 * @throws {JoseError} `ERR_JWS_INVALID` for a string that is not well-formed Unicode
 */
export function unencodedJsonPayload(payload: string): Buffer {
  if (LONE_SURROGATE.test(payload))
    throw invalid('the unencoded JWS payload is not well-formed Unicode text');
  return Buffer.from(payload, 'utf8');
}

/** The payload of a JSON serialization: the signing input for a protected header, and the payload octets. */
export interface JsonContent {
  input(protectedB64: string): Uint8Array | string;
  payload(): Uint8Array;
}

/**
 * The payload a JSON serialization's `payload` member (absent for detached content, possibly
 * empty) stands for,
 * given whether its signatures have `b64: false` and the caller's detached content.
 * @throws {JoseError} `ERR_JWS_INVALID` for a member that is not base64url (or, unencoded,
 *   not well-formed text), and as {@link detachedContent}
 */
export function jsonContent(
  member: string | undefined,
  unencoded: boolean,
  detachedPayload: Uint8Array | undefined,
): JsonContent {
  if (member !== undefined && member !== '' && detachedPayload === undefined) {
    if (unencoded) {
      const octets = unencodedJsonPayload(member);
      return {
        input: (protectedB64) => unencodedInput(protectedB64, octets),
        payload: () => octets,
      };
    }
    if (!isB64u(member)) throw invalid('JWS "payload" must be a base64url string');
    // Decoded only for the signature that verifies: a forged JWS costs no decoding.
    return {
      input: (protectedB64) => `${protectedB64}.${member}`,
      payload: () => Buffer.from(member, 'base64url'),
    };
  }
  const part = member === undefined ? 'absent' : member === '' ? 'empty' : 'present';
  const octets = detachedContent(part, detachedPayload);
  if (unencoded)
    return { input: (protectedB64) => unencodedInput(protectedB64, octets), payload: () => octets };
  const encoded = b64u(octets);
  return { input: (protectedB64) => `${protectedB64}.${encoded}`, payload: () => octets };
}
