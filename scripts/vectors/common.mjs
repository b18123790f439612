// Fixed inputs and byte-level helpers shared by the vector generators. Every key is either a
// published one (RFC 7515 A.2, RFC 7520 s3.4) or made from a named seed, so that a rerun makes
// the same keys; only randomized algorithms (PS*, ES*, RSA-OAEP, RSA1_5) give other octets.
import { Buffer } from 'node:buffer';
import { createCipheriv, createECDH, createHash, createHmac, createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const root = new URL('../../', import.meta.url);
export const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
export const text64 = (s) => b64u(Buffer.from(s, 'utf8'));

/** `n` octets from a named seed (SHA-512 in counter mode). */
export function seed(name, n) {
  const out = [];
  for (let i = 0; out.length * 64 < n; i++) out.push(createHash('sha512').update(`jose-core conformance ${i}: ${name}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

export const oct = (name, n) => ({ kty: 'oct', k: b64u(seed(name, n)) });

const EC_NAMES = { 'P-256': ['prime256v1', 32], 'P-384': ['secp384r1', 48], 'P-521': ['secp521r1', 66], secp256k1: ['secp256k1', 32] };

/** An EC private JWK whose `d` comes from a named seed. */
export function ecKey(crv, name) {
  const [curve, size] = EC_NAMES[crv];
  const d = seed(name, size);
  if (crv === 'P-521') d[0] &= 1;
  const ecdh = createECDH(curve);
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  return { kty: 'EC', crv, x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)), d: b64u(d) };
}

const PKCS8 = { Ed25519: '302e020100300506032b657004220420', Ed448: '3047020100300506032b6571043b0439', X25519: '302e020100300506032b656e04220420', X448: '3046020100300506032b656f043a0438' };
const OKP_SIZE = { Ed25519: 32, Ed448: 57, X25519: 32, X448: 56 };

/** An OKP private JWK whose private octets come from a named seed. */
export function okpKey(crv, name) {
  const der = Buffer.concat([Buffer.from(PKCS8[crv], 'hex'), seed(name, OKP_SIZE[crv])]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
}

// A key as the RFC transcription publishes it (under "published", in the one vector format).
function published(file, id, member) {
  const entry = JSON.parse(readFileSync(new URL(`vectors/${file}`, root), 'utf8')).vectors.find((v) => v.id === id);
  return entry.published[member];
}

/** RFC 7515 A.2's RSA key (2048 bits), and RFC 7520 s3.4's, used where a second key is needed. */
export const rsa = () => published('rfc7515-appendix-a.json', 'RFC7515-A.2', 'key');
export const rsaOther = () => published('rfc7520-jwk.json', 'RFC7520-3.4', 'jwk');

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
export const publicJwk = (jwk) => Object.fromEntries(Object.entries(jwk).filter(([m]) => !PRIVATE.includes(m)));

const HASHES = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** A JWS signature over `input` made with node:crypto alone, for tokens jose-core would never make. */
export function rawSign(alg, jwk, input) {
  const m = /^(HS|RS|PS|ES)(256|384|512)$|^(ES256K)$/.exec(alg);
  if (alg === 'EdDSA') return nodeSign(null, input, createPrivateKey({ key: jwk, format: 'jwk' }));
  if (m?.[1] === 'HS') return createHmac(HASHES[m[2]], Buffer.isBuffer(jwk) ? jwk : Buffer.from(jwk.k, 'base64url')).update(input).digest();
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const hash = m?.[3] === 'ES256K' ? 'sha256' : HASHES[m[2]];
  if (m?.[1] === 'PS') return nodeSign(hash, input, { key, padding: 6, saltLength: Number(m[2]) / 8 });
  if (m?.[1] === 'ES' || m?.[3]) return nodeSign(hash, input, { key, dsaEncoding: 'ieee-p1363' });
  return nodeSign(hash, input, key);
}

/** A compact JWS over the exact header text given (which may hold duplicates or odd members). */
export function compactJws(headerText, payloadPart, alg, jwk) {
  const head = text64(headerText);
  return `${head}.${payloadPart}.${b64u(rawSign(alg, jwk, Buffer.from(`${head}.${payloadPart}`, 'ascii')))}`;
}

const GCM = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' };
const CBC = { 32: ['aes-128-cbc', 'sha256'], 48: ['aes-192-cbc', 'sha384'], 64: ['aes-256-cbc', 'sha512'] };

/** RFC 7518 s5.2/s5.3 content encryption with node:crypto: `{ ciphertext, tag }`. */
export function contentEncrypt(cek, iv, plaintext, aad) {
  if (cek.length === 16 || (cek.length === 24 && iv.length === 12) || (cek.length === 32 && iv.length === 12)) {
    const c = createCipheriv(GCM[cek.length], cek, iv).setAAD(aad);
    const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
    return { ciphertext, tag: c.getAuthTag() };
  }
  const [cipher, hash] = CBC[cek.length];
  const half = cek.length / 2;
  const c = createCipheriv(cipher, cek.subarray(half), iv);
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.length * 8));
  const tag = createHmac(hash, cek.subarray(0, half)).update(Buffer.concat([aad, iv, ciphertext, al])).digest().subarray(0, half);
  return { ciphertext, tag };
}

/** A compact JWE over the exact protected header text, with the encrypted key and CEK given. */
export function compactJwe(headerText, encryptedKey, cek, iv, plaintext) {
  const head = text64(headerText);
  const { ciphertext, tag } = contentEncrypt(cek, iv, plaintext, Buffer.from(head, 'ascii'));
  return [head, b64u(encryptedKey), b64u(iv), b64u(ciphertext), b64u(tag)].join('.');
}

/** RFC 7518 s4.6.2 Concat KDF (SHA-256). */
export function concatKdf(z, bits, algorithmId, apu = Buffer.alloc(0), apv = Buffer.alloc(0)) {
  const u32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const field = (b) => Buffer.concat([u32(b.length), b]);
  const other = Buffer.concat([field(Buffer.from(algorithmId)), field(apu), field(apv), u32(bits)]);
  const out = [];
  for (let i = 1; out.length * 32 < bits / 8; i++) out.push(createHash('sha256').update(Buffer.concat([u32(i), z, other])).digest());
  return Buffer.concat(out).subarray(0, bits / 8);
}

export { createPublicKey };
