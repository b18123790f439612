import type { FlattenedJWE, GeneralJWE, JWEHeaderParameters } from '../../src/jwe/index.js';
import type { JWK } from '../../src/jwk/types.js';
import type { FlattenedJWS, GeneralJWS, JWSHeaderParameters } from '../../src/jws/index.js';

// A label means one thing in every file, so a header or serialization that JWS and JWE files both
// publish under one label is typed as both; a test narrows it where the family matters.
type Header = JWSHeaderParameters & JWEHeaderParameters;
type Serialization = GeneralJWS & FlattenedJWS & GeneralJWE & FlattenedJWE;

/** One signature of a multi-signature vector (RFC 7515 A.6, RFC 7520 s4.8). */
export interface PublishedSignature {
  alg: string;
  key_ref: string;
  public_key_ref?: string;
  deterministic?: boolean;
  protected_header_utf8?: string;
  protected_header?: Header;
  protected_b64u?: string;
  header?: Header;
  signing_input_ascii?: string;
  signature_b64u?: string;
}

/** One recipient of a multi-recipient vector (RFC 7516 A.4). */
export interface PublishedRecipient {
  key_ref: string;
  header: Header;
  encrypted_key_b64u: string;
}

/** A signature published next to a key, which the key must reproduce or verify (RFC 7520 s4). */
export interface PublishedCrosscheck {
  source: string;
  alg: string;
  k_b64u?: string;
  signing_input_ascii: string;
  signature_b64u: string;
}

/** The signed inner token of RFC 7520 s6. */
export interface PublishedNestedJws {
  alg: string;
  key: JWK;
  payload_utf8: string;
  protected_header: Header;
  protected_b64u: string;
  signing_input_ascii: string;
  signature_b64u: string;
  compact: string;
}

/** The encrypted outer token of RFC 7520 s6. */
export interface PublishedNestedJwe {
  alg: string;
  enc: string;
  key: JWK;
  plaintext_utf8: string;
  cek_b64u: string;
  iv_b64u: string;
  encrypted_key_b64u: string;
  protected_header: Header;
  protected_b64u: string;
  ciphertext_b64u: string;
  tag_b64u: string;
  compact: string;
  json: Serialization;
  json_flattened: Serialization;
}

/**
 * Every label the RFC transcriptions in vectors/ publish under `published`, with its type, beside
 * `id`, `source` (`RFC 7520, Section 5.1`) and `title`. Labels keep the RFCs' own spelling.
 */
export interface Published {
  id: string;
  source: string;
  title: string;
  notes?: string;
  serialization?: string;
  alg?: string;
  enc?: string;
  jwa_alg?: string;
  zip?: string;
  cty?: string;
  hash?: string;
  b64?: boolean;
  deterministic?: boolean;
  key?: JWK;
  jwk?: JWK;
  public_key?: JWK;
  plaintext_jwk?: JWK;
  ephemeral_key?: JWK;
  alice_ephemeral_key?: JWK;
  bob_key?: JWK;
  jwk_set?: { keys: JWK[] };
  key_ref?: string;
  public_ref?: string;
  public_key_ref?: string;
  crosscheck?: PublishedCrosscheck;
  protected_header?: Header;
  protected_header_utf8?: string;
  protected_b64u?: string;
  header?: Header;
  unprotected?: Header;
  payload_utf8?: string;
  payload_b64u?: string;
  signing_input_ascii?: string;
  signature_b64u?: string;
  signatures?: PublishedSignature[];
  recipients?: PublishedRecipient[];
  recipient_index?: number;
  compact?: string;
  compact_detached?: string;
  json?: Serialization;
  json_flattened?: Serialization;
  jws?: PublishedNestedJws;
  jwe?: PublishedNestedJwe;
  plaintext_utf8?: string;
  compressed_plaintext_b64u?: string;
  password_utf8?: string;
  p2s_b64u?: string;
  p2c?: number;
  cek_b64u?: string;
  agreed_cek_b64u?: string;
  encrypted_key_b64u?: string;
  key_wrap_iv_b64u?: string;
  key_wrap_tag_b64u?: string;
  iv_b64u?: string;
  aad_ascii?: string;
  aad_utf8?: string;
  aad_b64u?: string;
  ciphertext_b64u?: string;
  tag_b64u?: string;
  derived_key_b64u?: string;
  canonical_json_utf8?: string;
  sha256_hex?: string;
  thumbprint_b64u?: string;
  thumbprint_uri?: string;
  kek_hex?: string;
  key_data_hex?: string;
  ciphertext_hex?: string;
  cek_hex?: string;
  mac_key_hex?: string;
  enc_key_hex?: string;
  plaintext_hex?: string;
  iv_hex?: string;
  aad_hex?: string;
  al_hex?: string;
  hmac_output_hex?: string;
  tag_hex?: string;
  pbkdf2_salt_hex?: string;
  derived_key_hex?: string;
  Z_hex?: string;
  other_info_hex?: string;
  K_hex?: string;
  MAC_KEY_hex?: string;
  ENC_KEY_hex?: string;
  P_hex?: string;
  IV_hex?: string;
  A_hex?: string;
  AL_hex?: string;
  E_hex?: string;
  M_hex?: string;
  T_hex?: string;
}

/** A published vector whose labels `K` every entry of its file carries (checked when loaded). */
export type PublishedWith<K extends keyof Published> = Published & Required<Pick<Published, K>>;
