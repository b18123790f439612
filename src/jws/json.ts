import { asKey, type KeyLike } from '../jwk/coerce.js';
import { b64u } from '../util/base64url.js';
import { toBytes, utf8Decode } from '../util/bytes.js';
import { JoseError } from '../util/errors.js';
import { serializeHeader } from '../util/header-json.js';
import { isObject } from '../util/json.js';
import type { SignatureAlgorithm } from './algs/alg.js';
import { algorithmForSigning } from './algs/registry.js';
import { checkHeaders } from './header.js';
import { MAX_SIGNATURES, sameEncoding } from './json-verify.js';
import { detachedOption, unencodedInput } from './payload.js';
import type {
  FlattenedJWS,
  GeneralJWS,
  JWSHeaderParameters,
  JWSSigner,
  SignOptions,
} from './types.js';

type SignatureEntry = GeneralJWS['signatures'][number];

/** A signer whose headers were checked, ready to sign once the payload's form is known. */
export interface PreparedSigner {
  entry: Omit<SignatureEntry, 'signature'>;
  protectedB64: string;
  alg: SignatureAlgorithm;
  unencoded: boolean;
  key: KeyLike;
}

function prepare(signer: JWSSigner): PreparedSigner {
  if (!isObject(signer))
    throw new JoseError('ERR_INVALID_ARGUMENT', 'each signer must be an object');
  // RFC 7515 s7.2.1: an empty header is left out, not written as "{}".
  const prot =
    signer.protectedHeader === undefined
      ? undefined
      : serializeHeader(signer.protectedHeader, 'protectedHeader');
  const unprot =
    signer.unprotectedHeader === undefined
      ? undefined
      : serializeHeader(signer.unprotectedHeader, 'unprotectedHeader');
  const protHeader = prot !== undefined && Object.keys(prot.header).length > 0 ? prot : undefined;
  const unprotHeader =
    unprot !== undefined && Object.keys(unprot.header).length > 0 ? unprot.header : undefined;
  const header = checkHeaders(protHeader?.header, unprotHeader, undefined);
  const protectedB64 = protHeader === undefined ? '' : b64u(protHeader.text);
  return {
    entry: {
      ...(protHeader === undefined ? {} : { protected: protectedB64 }),
      ...(unprotHeader === undefined ? {} : { header: unprotHeader as JWSHeaderParameters }),
    },
    protectedB64,
    alg: algorithmForSigning(header.alg as string),
    unencoded: header.b64 === false,
    key: signer.key,
  };
}

/** RFC 7797 s3: every signature of one JWS reads the payload the same way (an absent `b64` is `true`). */
/**
 * Signs `payload` in the JWS JSON serialization (RFC 7515 s7.2): the flattened form for one
 * signer, the general form for several. Each signer's `alg` is in its protected or unprotected
 * header; the two headers may not share a member name, and `crit` must be protected.
 *
 * With `{ detached: true }` the output has no `payload` member (RFC 7515 Appendix F). With
 * `b64: false` in the protected headers (RFC 7797; listed in `crit`, the same in every signer)
 * the payload is signed as it is and, unless detached, carried as JSON text: it must then be
 * UTF-8.
 *
 * @param payload - the bytes to sign; a string is encoded as UTF-8
 * @param signers - 1 to 16 signers
 * @param options - `detached`
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for arguments of the wrong type or number, or an
 *   unencoded payload that is not UTF-8 and not detached; `ERR_JWS_INVALID` for headers that
 *   break RFC 7515 or RFC 7797 (signers that disagree on `b64` included); `ERR_ALG_NOT_ALLOWED`
 *   for `none`; `ERR_NOT_SUPPORTED` for any other unknown `alg`; `ERR_KEY_UNSUITABLE` when a key
 *   does not fit its `alg`
 * @example
 * ```ts
 * const jws = signJSON('hello', [
 *   { protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'ec-1' }, key: ecKey },
 *   { protectedHeader: { alg: 'HS256' }, key: macKey },
 * ])
 * const raw = signJSON('$.02', [{ protectedHeader: { alg: 'HS256', b64: false, crit: ['b64'] }, key: macKey }])
 * ```
 */
export function signJSON(
  payload: Uint8Array | string,
  signers: JWSSigner[],
  options?: SignOptions,
): FlattenedJWS | GeneralJWS {
  const s = jsonSigning(payload, signers, options);
  return s.assemble(s.prepared.map((p) => p.alg.sign(s.inputOf(p.protectedB64), asKey(p.key))));
}

/** A JSON JWS ready for its signatures, one per prepared signer, in order. */
export interface JSONSigning {
  prepared: PreparedSigner[];
  inputOf(protectedB64: string): Uint8Array | string;
  assemble(signatures: readonly string[]): FlattenedJWS | GeneralJWS;
}

/** Everything of {@link signJSON} but the signatures, shared with the asynchronous API. */
export function jsonSigning(
  payload: Uint8Array | string,
  signers: JWSSigner[],
  options: SignOptions | undefined,
): JSONSigning {
  const content = toBytes(payload, 'payload');
  const detached = options === undefined ? false : detachedOption(options);
  if (!Array.isArray(signers) || signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      `signers must be an array of 1 to ${MAX_SIGNATURES} signers`,
    );
  }
  const prepared = signers.map(prepare);
  const unencoded = sameEncoding(prepared.map((p) => p.unencoded));
  let member: string;
  let inputOf: (protectedB64: string) => Uint8Array | string;
  if (unencoded) {
    // RFC 7797 s5.2: the payload is JSON text here, so it must be UTF-8 unless it stays out.
    member = detached
      ? ''
      : utf8Decode(
          content,
          'ERR_INVALID_ARGUMENT',
          'an unencoded payload in the JSON serialization',
        );
    inputOf = (protectedB64) => unencodedInput(protectedB64, content);
  } else {
    const encoded = b64u(content);
    member = encoded;
    inputOf = (protectedB64) => `${protectedB64}.${encoded}`;
  }
  const assemble = (values: readonly string[]): FlattenedJWS | GeneralJWS => {
    const signatures = prepared.map(
      (p, i): SignatureEntry => ({ ...p.entry, signature: values[i] as string }),
    );
    const top = detached ? {} : { payload: member };
    return signatures.length === 1
      ? { ...top, ...(signatures[0] as SignatureEntry) }
      : { ...top, signatures };
  };
  return { prepared, inputOf, assemble };
}
