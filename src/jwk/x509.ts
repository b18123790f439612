import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { b64uDecode } from '../util/base64url.js';
import { JoseError } from '../util/errors.js';
import { DER_SHAPES, sequenceTags } from './der.js';
import type { CertificateMembers, JWK } from './types.js';

function invalid(message: string): JoseError {
  return new JoseError('ERR_JWK_INVALID', message);
}

// RFC 7517 s4.7: standard base64 with padding, not base64url. Node's decoder skips what it does
// not expect, so only text that re-encodes to itself is one certificate.
function certificate(text: unknown, index: number): X509Certificate {
  if (typeof text !== 'string' || text === '')
    throw invalid(`JWK "x5c" entry ${index} is not a base64 string`);
  const der = Buffer.from(text, 'base64');
  if (der.toString('base64') !== text)
    throw invalid(`JWK "x5c" entry ${index} is not canonical standard base64`);
  // OpenSSL reads past trailing bytes; the outer structure is checked before it sees the DER.
  const tags = sequenceTags(der);
  if (tags === undefined || !DER_SHAPES.x509(tags))
    throw invalid(`JWK "x5c" entry ${index} is not a DER certificate`);
  try {
    return new X509Certificate(der);
  } catch {
    throw invalid(`JWK "x5c" entry ${index} is not a readable certificate`);
  }
}

// RFC 7517 s4.8, s4.9: a base64url digest of the first certificate's DER.
function thumbprintMember(
  jwk: JWK,
  name: 'x5t' | 'x5t#S256',
  hash: string,
  bytes: number,
  first: X509Certificate | undefined,
): string | undefined {
  const value = jwk[name];
  if (value === undefined) return undefined;
  if (b64uDecode(value, 'ERR_JWK_INVALID', `JWK "${name}"`).length !== bytes)
    throw invalid(`JWK "${name}" is not a ${hash.toUpperCase()} digest`);
  // Canonical base64url (checked above) has one spelling per digest, so comparing text is exact.
  if (first !== undefined && createHash(hash).update(first.raw).digest('base64url') !== value) {
    throw invalid(`JWK "${name}" is not the thumbprint of the first "x5c" certificate`);
  }
  return value as string;
}

/**
 * The X.509 members of a JWK (RFC 7517 s4.7-4.9), checked against its key: every `x5c` entry
 * is a certificate, the first one holds exactly the JWK's public key, and `x5t`/`x5t#S256` are
 * digests of that certificate (or, without `x5c`, digests of the right length). No chain is
 * built or validated and nothing is trusted because of a certificate: that is the caller's
 * decision.
 *
 * @param key - the key the JWK's other members gave
 * @returns the members to carry with the key, or `undefined` when the JWK has none
 * @throws {JoseError} `ERR_JWK_INVALID` for a malformed member or one that does not match the key
 */
export function certificateMembers(jwk: JWK, key: KeyObject): CertificateMembers | undefined {
  if (jwk.x5c === undefined && jwk.x5t === undefined && jwk['x5t#S256'] === undefined)
    return undefined;
  if (key.type === 'secret') throw invalid('a symmetric JWK cannot carry X.509 members');
  const out: { x5c?: readonly string[]; x5t?: string; 'x5t#S256'?: string } = {};
  let first: X509Certificate | undefined;
  if (jwk.x5c !== undefined) {
    const chain: unknown = jwk.x5c;
    if (!Array.isArray(chain) || chain.length === 0)
      throw invalid('JWK "x5c" must be a non-empty array of certificates');
    first = chain.map(certificate)[0] as X509Certificate;
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    if (!first.publicKey.equals(publicKey))
      throw invalid('the first "x5c" certificate does not hold the JWK\'s key');
    out.x5c = Object.freeze([...(chain as string[])]);
  }
  const x5t = thumbprintMember(jwk, 'x5t', 'sha1', 20, first);
  if (x5t !== undefined) out.x5t = x5t;
  const s256 = thumbprintMember(jwk, 'x5t#S256', 'sha256', 32, first);
  if (s256 !== undefined) out['x5t#S256'] = s256;
  return Object.freeze(out);
}
