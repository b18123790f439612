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
  if (detached !== undefined && typeof detached !== 'boolean') throw new JoseError('ERR_INVALID_ARGUMENT', 'options.detached must be a boolean');
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
 * The payload of a JWS whose payload part is empty (compact) or absent or empty (JSON): detached
 * content, which only the caller can supply. An empty part always means detached, so a token
 * can never pass for the signature of an empty payload when its content was forgotten.
 * @param empty - whether the token's payload part is empty or absent
 * @throws {JoseError} `ERR_JWS_INVALID` when a detached payload is missing, or given for a token that carries its own
 */
export function detachedContent(empty: boolean, detachedPayload: Uint8Array | undefined): Uint8Array {
  if (!empty) throw invalid('options.detachedPayload is given, but the JWS carries its payload');
  if (detachedPayload === undefined) throw invalid('the JWS payload is detached (RFC 7515 Appendix F): pass it as options.detachedPayload');
  return detachedPayload;
}

// A lone surrogate has no UTF-8 form: two different strings would sign as the same octets.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The octets of an unencoded payload carried in a JSON serialization (RFC 7797 s5.2): the UTF-8
 * form of the `payload` string.
 * @throws {JoseError} `ERR_JWS_INVALID` for a string that is not well-formed Unicode
 */
export function unencodedJsonPayload(payload: string): Buffer {
  if (LONE_SURROGATE.test(payload)) throw invalid('the unencoded JWS payload is not well-formed Unicode text');
  return Buffer.from(payload, 'utf8');
}

/** The payload of a JSON serialization: the signing input for a protected header, and the payload octets. */
export interface JsonContent {
  input(protectedB64: string): Uint8Array | string;
  payload(): Uint8Array;
}

/**
 * The payload a JSON serialization's `payload` member (absent for detached content) stands for,
 * given whether its signatures have `b64: false` and the caller's detached content.
 * @throws {JoseError} `ERR_JWS_INVALID` for a member that is not base64url (or, unencoded,
 *   not well-formed text), and as {@link detachedContent}
 */
export function jsonContent(member: string | undefined, unencoded: boolean, detachedPayload: Uint8Array | undefined): JsonContent {
  if (member !== undefined && member !== '' && detachedPayload === undefined) {
    if (unencoded) {
      const octets = unencodedJsonPayload(member);
      return { input: (protectedB64) => unencodedInput(protectedB64, octets), payload: () => octets };
    }
    if (!isB64u(member)) throw invalid('JWS "payload" must be a base64url string');
    // Decoded only for the signature that verifies: a forged JWS costs no decoding.
    return { input: (protectedB64) => `${protectedB64}.${member}`, payload: () => Buffer.from(member, 'base64url') };
  }
  const octets = detachedContent(member === undefined || member === '', detachedPayload);
  if (unencoded) return { input: (protectedB64) => unencodedInput(protectedB64, octets), payload: () => octets };
  const encoded = b64u(octets);
  return { input: (protectedB64) => `${protectedB64}.${encoded}`, payload: () => octets };
}
