/**
 * Tags of the elements of the DER SEQUENCE that `der` holds, or undefined when `der` is not
 * exactly one SEQUENCE with well-formed element headers.
 *
 * OpenSSL's decoders read past a wrong type hint (PKCS#8 bytes pass as PKCS#1 or SEC1, a
 * private key as a PKCS#1 public key) and ignore bytes after the outer value. The element tags
 * tell the key structures apart, so each form can be checked before OpenSSL sees it.
 */
export function sequenceTags(der: Uint8Array): number[] | undefined {
  const outer = header(der, 0);
  if (outer === undefined || der[0] !== 0x30 || outer.end !== der.length) return undefined;
  const tags: number[] = [];
  for (let at = outer.start; at < outer.end; ) {
    const h = header(der, at);
    if (h === undefined || h.end > outer.end) return undefined;
    tags.push(der[at] as number);
    at = h.end;
  }
  return tags;
}

// Length octets beyond 4 would describe values no key needs; multi-octet tags do not occur in keys.
function header(der: Uint8Array, at: number): { start: number; end: number } | undefined {
  if (at + 2 > der.length || ((der[at] as number) & 0x1f) === 0x1f) return undefined;
  const first = der[at + 1] as number;
  if (first < 0x80) return { start: at + 2, end: at + 2 + first };
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || at + 2 + octets > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + (der[at + 2 + i] as number);
  return { start: at + 2 + octets, end: at + 2 + octets + length };
}

const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const SEQUENCE = 0x30;

/** The DER structures importKey reads, told apart by their element tags. */
export const DER_SHAPES = {
  /** PrivateKeyInfo / OneAsymmetricKey (RFC 5958): version, algorithm, privateKey, ... */
  pkcs8: (t: number[]) => t[0] === INTEGER && t[1] === SEQUENCE && t[2] === OCTET_STRING,
  /** ECPrivateKey (RFC 5915): version, privateKey, [0] parameters, [1] publicKey. */
  sec1: (t: number[]) =>
    t.length >= 2 && t.length <= 4 && t[0] === INTEGER && t[1] === OCTET_STRING,
  /** SubjectPublicKeyInfo (RFC 5280): algorithm, subjectPublicKey. */
  spki: (t: number[]) => t.length === 2 && t[0] === SEQUENCE && t[1] === BIT_STRING,
  /** Certificate (RFC 5280): tbsCertificate, signatureAlgorithm, signatureValue. */
  x509: (t: number[]) =>
    t.length === 3 && t[0] === SEQUENCE && t[1] === SEQUENCE && t[2] === BIT_STRING,
  /** RSAPrivateKey (RFC 8017 A.1.2): version and eight integers (two primes only). */
  pkcs1Private: (t: number[]) => t.length === 9 && t.every((tag) => tag === INTEGER),
  /** RSAPublicKey (RFC 8017 A.1.1): modulus, publicExponent. */
  pkcs1Public: (t: number[]) => t.length === 2 && t[0] === INTEGER && t[1] === INTEGER,
} as const;
