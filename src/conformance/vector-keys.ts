// The vector shapes of keys, thumbprints, key wrap, content encryption and key agreement.
import type { JWK } from '../jwk/types.js';
import type { Base64Url, JsonObject, VectorBase } from './vector-base.js';

/**
 * A signature published with a key, which the key must verify (and, when deterministic, reproduce).
 *
 * @example
 * ```ts
 * verifyCompact(`${c.signingInputAscii}.${c.signatureB64u}`, v.keys[c.key]!, { algorithms: [c.alg] })
 * ```
 */
export interface KeyCrosscheck {
  /** Where the signature is published. */
  source: string;
  /** The algorithm identifier. */
  alg: string;
  /** Name (in `keys`) of the key. */
  key: string;
  /** The JWS signing input (RFC 7515 s5.1). */
  signingInputAscii: string;
  /** The signature, base64url. */
  signatureB64u: Base64Url;
}

/**
 * Keys that must import (RFC 7517, RFC 7520 s3).
 *
 * @example
 * ```ts
 * for (const name of v.inputs.keys) importJWK(v.keys[name]!)
 * ```
 */
export interface JwkVector extends VectorBase<'jwk'> {
  /** The names (in `keys`) of the keys under test, in their published order. */
  inputs: {
    /** The names of the keys in the vector's `keys`. */
    keys: string[];
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The public JWK of each key (private members removed), `null` for a symmetric key. */
    publicJwks: Array<JWK | null>;
    /** Signatures published with the keys, which they must verify or re-make. */
    crosschecks: KeyCrosscheck[];
  };
}

/**
 * An RFC 7638 JWK thumbprint.
 *
 * @example
 * ```ts
 * thumbprint(v.keys[v.inputs.key]!) === v.expected.thumbprintB64u
 * ```
 */
export interface ThumbprintVector extends VectorBase<'thumbprint'> {
  /** What a producer starts from. */
  inputs: {
    /** The name of the key in `keys`. */
    key: string;
    /** The hash function of the thumbprint. */
    hash: string;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The RFC 7638 thumbprint, base64url. */
    thumbprintB64u: Base64Url;
    /** The canonical JSON the thumbprint hashes (RFC 7638 s3). */
    canonicalJson?: string;
  };
}

/**
 * AES Key Wrap (RFC 3394) of some key data under a KEK.
 *
 * @example
 * ```ts
 * const kek = Buffer.from(v.keys[v.inputs.kek]!.k!, 'base64url')
 * ```
 */
export interface KeyWrapVector extends VectorBase<'key-wrap'> {
  /** What a producer starts from. */
  inputs: {
    /** The algorithm identifier. */
    alg: string;
    /** The name of the key encryption key in `keys`. */
    kek: string;
    /** The key data to wrap, base64url. */
    keyDataB64u: Base64Url;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The wrapped key, base64url. */
    wrappedB64u: Base64Url;
  };
}

/**
 * One content encryption (RFC 7518 s5) with an explicit key, IV and AAD.
 *
 * @example
 * ```ts
 * const cek = Buffer.from(v.keys[v.inputs.cek]!.k!, 'base64url')
 * ```
 */
export interface ContentEncryptionVector extends VectorBase<'content-encryption'> {
  /** What a producer starts from. */
  inputs: {
    /** The content encryption algorithm. */
    enc: string;
    /** The name of the CEK in `keys`. */
    cek: string;
    /** The plaintext, base64url. */
    plaintextB64u: Base64Url;
    /** The initialization vector, base64url. */
    ivB64u: Base64Url;
    /** The additional authenticated data, base64url. */
    aadB64u: Base64Url;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The published ciphertext, base64url. */
    ciphertextB64u: Base64Url;
    /** The published authentication tag, base64url. */
    tagB64u: Base64Url;
  };
}

/**
 * An ECDH-ES key agreement (RFC 7518 s4.6) with its Concat KDF inputs and output.
 *
 * @example
 * ```ts
 * const derived = Buffer.from(v.expected.derivedKeyB64u, 'base64url')
 * ```
 */
export interface KeyAgreementVector extends VectorBase<'key-agreement'> {
  /** What a producer starts from. */
  inputs: {
    /** The algorithm identifier. */
    alg: string;
    /** The content encryption algorithm. */
    enc: string;
    /** Names (in `keys`) of the sender's ephemeral private key and the recipient's private key. */
    ephemeralKey: string;
    /** The name of the recipient's key in `keys`. */
    recipientKey: string;
    /** The JWE protected header the agreement was made for (`epk`, `apu`, `apv`). */
    protectedHeader: JsonObject;
  };
  /** What the vector publishes: the outputs to compare with. */
  expected: {
    /** The ECDH shared secret Z, base64url. */
    sharedSecretB64u: Base64Url;
    /** The Concat KDF OtherInfo, base64url. */
    otherInfoB64u: Base64Url;
    /** The key the Concat KDF derives, base64url. */
    derivedKeyB64u: Base64Url;
  };
}

/**
 * An entry whose fields the loader does not know; kept so that nothing is silently dropped.
 *
 * @example
 * ```ts
 * for (const v of loadVectors()) if (v.kind === 'unrecognised') console.warn(v.id, v.reason)
 * ```
 */
export interface UnrecognisedVector extends VectorBase<'unrecognised'> {
  /** Why the entry could not be read. */
  reason: string;
  /** The entry as found in its file. */
  inputs: JsonObject;
  /** What the vector publishes: the outputs to compare with. */
  expected: Record<string, never>;
}
