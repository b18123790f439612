// ECDSA signatures that must never verify: r or s zero or not below the group order n (the
// "psychic signatures" of CVE-2022-21449), DER instead of the fixed-size R || S of RFC 7518 s3.4,
// and signatures one octet short or long.
import { Buffer } from 'node:buffer';

// Group orders (SEC 2 s2.4.1, s2.5.1, s2.6.1; FIPS 186-4 D.1.2).
const CURVES = {
  ES256: ['P-256', 32, 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'],
  ES384: ['P-384', 48, 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'],
  ES512: ['P-521', 66, '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'],
  ES256K: ['secp256k1', 32, 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'],
};

function derInteger(bytes) {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v = bytes.subarray(i);
  if (v[0] & 0x80) v = Buffer.concat([Buffer.of(0), v]);
  return Buffer.concat([Buffer.of(0x02, v.length), v]);
}

function der(r, s) {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.of(0x30), body.length < 128 ? Buffer.of(body.length) : Buffer.of(0x81, body.length), body]);
}

/** The ECDSA must-reject vectors of every curve. */
export function ecdsaVectors({ jwsRefusal, b64u, text64, ecKey, publicJwk, rawSign, PAYLOAD }) {
  const out = [];
  for (const [alg, [crv, size, order]] of Object.entries(CURVES)) {
    const key = ecKey(crv, `${alg} key`);
    const head = text64(JSON.stringify({ alg }));
    const sig = rawSign(alg, key, Buffer.from(`${head}.${PAYLOAD}`));
    const r = sig.subarray(0, size);
    const s = sig.subarray(size);
    const zero = Buffer.alloc(size);
    const n = Buffer.from(order, 'hex');
    const forms = {
      'r-zero': [Buffer.concat([zero, s]), 'r = 0', 'CVE-2022-21449'],
      's-zero': [Buffer.concat([r, zero]), 's = 0', 'CVE-2022-21449'],
      'r-and-s-zero': [Buffer.concat([zero, zero]), 'r = s = 0', 'CVE-2022-21449'],
      'r-is-n': [Buffer.concat([n, s]), 'r = n', 'SEC 1 s4.1.4 step 1'],
      's-is-n': [Buffer.concat([r, n]), 's = n', 'SEC 1 s4.1.4 step 1'],
      'r-and-s-are-n': [Buffer.concat([n, n]), 'r = s = n', 'SEC 1 s4.1.4 step 1'],
      der: [der(r, s), 'the valid signature DER-encoded', 'RFC 7518 s3.4'],
      'truncated-by-one': [sig.subarray(0, sig.length - 1), 'one octet short', 'RFC 7518 s3.4'],
      'extended-by-one': [Buffer.concat([sig, Buffer.of(0)]), 'one octet long', 'RFC 7518 s3.4'],
      'r-only': [r, 'r alone', 'RFC 7518 s3.4'],
    };
    for (const [name, [bad, what, cite]] of Object.entries(forms)) {
      out.push(jwsRefusal(`ecdsa-${alg}-${name}`, {
        title: `${alg} (${crv}), signature ${what}`,
        reason: `an ECDSA signature is R || S of ${2 * size} octets with 0 < r, s < n; ${what} must not verify (${cite})`,
        rfc: cite.startsWith('RFC') ? 'RFC 7518' : cite.startsWith('CVE') ? 'CVE-2022-21449' : 'SEC 1',
        section: cite.startsWith('RFC') ? 'Section 3.4' : cite.startsWith('CVE') ? 'RFC 7518 Section 3.4' : 'Section 4.1.4',
        alg,
        key: publicJwk(key),
        jws: `${head}.${PAYLOAD}.${b64u(bad)}`,
      }));
    }
  }
  return out;
}
