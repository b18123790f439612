// The floor: each operation done with raw node:crypto and nothing else a correct token needs.
// Header and payload are base64url-encoded per call, the primitives are one-shot calls with
// options hoisted out of the loop, and verification keeps only what no verifier may skip (the
// structure, the expected alg, the signature or tag, JSON parsing, exp and nbf). Keys arrive
// already as KeyObjects (or raw CEK bytes for dir): key preparation is per key, not per token.
import { Buffer } from 'node:buffer';
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomFillSync,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';

export const JWS_ALGS = {
  HS256: { kind: 'hmac', hash: 'sha256' },
  HS384: { kind: 'hmac', hash: 'sha384' },
  HS512: { kind: 'hmac', hash: 'sha512' },
  RS256: { kind: 'rsa', hash: 'sha256' },
  RS384: { kind: 'rsa', hash: 'sha384' },
  RS512: { kind: 'rsa', hash: 'sha512' },
  PS256: { kind: 'pss', hash: 'sha256', saltLength: 32 },
  PS384: { kind: 'pss', hash: 'sha384', saltLength: 48 },
  PS512: { kind: 'pss', hash: 'sha512', saltLength: 64 },
  ES256: { kind: 'ec', hash: 'sha256' },
  ES384: { kind: 'ec', hash: 'sha384' },
  ES512: { kind: 'ec', hash: 'sha512' },
};

export const ENCS = {
  'A128CBC-HS256': { keyBytes: 32, cipher: 'aes-128-cbc', hash: 'sha256' },
  'A192CBC-HS384': { keyBytes: 48, cipher: 'aes-192-cbc', hash: 'sha384' },
  'A256CBC-HS512': { keyBytes: 64, cipher: 'aes-256-cbc', hash: 'sha512' },
};

const KW_IV = Buffer.alloc(8, 0xa6);

// A digest as 'binary' text copied into a pooled buffer is much cheaper than the buffer a plain
// digest() allocates; jose-core does this, so the floor does too.
const digestBytes = (hmac) => Buffer.from(hmac.digest('binary'), 'latin1');
// Random octets drawn into a buffer from node's allocation pool cost a fifth less than
// randomBytes, which allocates one of its own; jose-core draws them so, and so does the floor.
const randomOctets = (n) => randomFillSync(Buffer.allocUnsafe(n));
const fail = (what) => {
  throw new Error(`floor: ${what}`);
};

function keyOptions(spec, key) {
  if (spec.kind === 'pss')
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.saltLength };
  if (spec.kind === 'ec') return { key, dsaEncoding: 'ieee-p1363' };
  return key;
}

/** A compact JWS signer of claim sets: `claims => token`. `key` is a secret or private KeyObject. */
export function jwsSigner(alg, headerJson, key) {
  const spec = JWS_ALGS[alg];
  const k = keyOptions(spec, key);
  const signature =
    spec.kind === 'hmac'
      ? (input) => createHmac(spec.hash, key).update(input).digest('base64url')
      : (input) => sign(spec.hash, Buffer.from(input), k).toString('base64url');
  return (claims) => {
    const input = `${Buffer.from(headerJson).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${signature(input)}`;
  };
}

function checkTimes(claims) {
  const now = Date.now() / 1000;
  if (typeof claims.exp === 'number' && now >= claims.exp) fail('expired');
  if (typeof claims.nbf === 'number' && now < claims.nbf) fail('not yet valid');
  return claims;
}

/** A compact JWS verifier: `token => claims`. `key` is a secret or public KeyObject. */
export function jwsVerifier(alg, key) {
  const spec = JWS_ALGS[alg];
  const k = keyOptions(spec, key);
  const check =
    spec.kind === 'hmac'
      ? (input, sig) => {
          const mac = digestBytes(createHmac(spec.hash, key).update(input));
          return sig.length === mac.length && timingSafeEqual(sig, mac);
        }
      : (input, sig) => verify(spec.hash, Buffer.from(input), k, sig);
  return (token) => {
    const d1 = token.indexOf('.');
    const d2 = token.indexOf('.', d1 + 1);
    if (d1 < 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) fail('not a compact JWS');
    if (JSON.parse(Buffer.from(token.slice(0, d1), 'base64url').toString()).alg !== alg)
      fail('unexpected alg');
    if (!check(token.slice(0, d2), Buffer.from(token.slice(d2 + 1), 'base64url')))
      fail('bad signature');
    return checkTimes(JSON.parse(Buffer.from(token.slice(d1 + 1, d2), 'base64url').toString()));
  };
}

// RFC 7518 s5.2.2.1: AL is the AAD length in bits, 64-bit big-endian.
function al(aadLength) {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(aadLength * 8, 4);
  return b;
}

function wrapper(alg, key) {
  if (alg === 'RSA1_5')
    return (cek) => publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, cek);
  if (alg === 'RSA-OAEP-256') {
    const k = { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    return (cek) => publicEncrypt(k, cek);
  }
  const cipher = `id-aes${alg.slice(1, 4)}-wrap`;
  return (cek) => {
    const c = createCipheriv(cipher, key, KW_IV);
    return Buffer.concat([c.update(cek), c.final()]);
  };
}

// Node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809): raw RSA, then the fixed layout
// 00 02 PS 00 CEK that a known CEK length gives, with a random CEK on any mismatch.
function rsa15Unwrap(key, keyBytes) {
  const k = { key, padding: constants.RSA_NO_PADDING };
  return (ek) => {
    const em = privateDecrypt(k, ek);
    const sep = em.length - keyBytes - 1;
    let ok = em[0] === 0 && em[1] === 2 && em[sep] === 0;
    for (let i = 2; i < sep; i++) if (em[i] === 0) ok = false;
    return ok ? em.subarray(sep + 1) : randomBytes(keyBytes);
  };
}

function unwrapper(alg, key, keyBytes) {
  if (alg === 'RSA1_5') return rsa15Unwrap(key, keyBytes);
  if (alg === 'RSA-OAEP-256') {
    const k = { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    return (ek) => {
      const cek = privateDecrypt(k, ek);
      if (cek.length !== keyBytes) fail('bad CEK');
      return cek;
    };
  }
  const cipher = `id-aes${alg.slice(1, 4)}-wrap`;
  return (ek) => {
    const d = createDecipheriv(cipher, key, KW_IV);
    return Buffer.concat([d.update(ek), d.final()]);
  };
}

/**
 * A compact JWE encrypter: `plaintext string => token`. `key` is the recipient's public
 * KeyObject (RSA), the KEK KeyObject (A*KW) or the CEK bytes (dir).
 */
export function jweEncrypter(alg, enc, headerJson, key) {
  const e = ENCS[enc];
  const half = e.keyBytes / 2;
  const wrap = alg === 'dir' ? undefined : wrapper(alg, key);
  return (plaintext) => {
    const h = Buffer.from(headerJson).toString('base64url');
    let cek;
    let iv;
    if (wrap === undefined) {
      cek = key;
      iv = randomOctets(16);
    } else {
      const r = randomOctets(e.keyBytes + 16);
      cek = r.subarray(0, e.keyBytes);
      iv = r.subarray(e.keyBytes);
    }
    const c = createCipheriv(e.cipher, cek.subarray(half), iv);
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    const tag = digestBytes(
      createHmac(e.hash, cek.subarray(0, half))
        .update(h)
        .update(iv)
        .update(ct)
        .update(al(h.length)),
    );
    const ek = wrap === undefined ? '' : wrap(cek).toString('base64url');
    return `${h}.${ek}.${iv.toString('base64url')}.${ct.toString('base64url')}.${tag.toString('base64url', 0, half)}`;
  };
}

/**
 * A compact JWE decrypter: `token => { header, plaintext }`. `key` is the private KeyObject
 * (RSA), the KEK KeyObject (A*KW) or the CEK bytes (dir).
 */
export function jweDecrypter(alg, enc, key) {
  const e = ENCS[enc];
  const half = e.keyBytes / 2;
  const unwrap = alg === 'dir' ? undefined : unwrapper(alg, key, e.keyBytes);
  return (token) => {
    const parts = token.split('.');
    if (parts.length !== 5) fail('not a compact JWE');
    const [h, ekB64, ivB64, ctB64, tagB64] = parts;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    if (header.alg !== alg || header.enc !== enc) fail('unexpected alg or enc');
    const iv = Buffer.from(ivB64, 'base64url');
    const ct = Buffer.from(ctB64, 'base64url');
    const tag = Buffer.from(tagB64, 'base64url');
    if (iv.length !== 16 || tag.length !== half) fail('bad lengths');
    const cek = unwrap === undefined ? key : unwrap(Buffer.from(ekB64, 'base64url'));
    const mac = digestBytes(
      createHmac(e.hash, cek.subarray(0, half))
        .update(h)
        .update(iv)
        .update(ct)
        .update(al(h.length)),
    );
    if (!timingSafeEqual(mac.subarray(0, half), tag)) fail('bad tag');
    const d = createDecipheriv(e.cipher, cek.subarray(half), iv);
    return { header, plaintext: Buffer.concat([d.update(ct), d.final()]) };
  };
}

/** Encrypted JWT: claims in, token out. */
export function jwtEncrypter(alg, enc, headerJson, key) {
  const encrypt = jweEncrypter(alg, enc, headerJson, key);
  return (claims) => encrypt(JSON.stringify(claims));
}

/** Encrypted JWT: token in, checked claims out. */
export function jwtDecrypter(alg, enc, key) {
  const decrypt = jweDecrypter(alg, enc, key);
  return (token) => checkTimes(JSON.parse(decrypt(token).plaintext.toString()));
}

/** Nested JWT (sign, then encrypt with `cty: "JWT"`): claims in, token out. */
export function nestedEncrypter(jwsAlg, jwsHeaderJson, signingKey, alg, enc, jweHeaderJson, key) {
  const signJwt = jwsSigner(jwsAlg, jwsHeaderJson, signingKey);
  const encrypt = jweEncrypter(alg, enc, jweHeaderJson, key);
  return (claims) => encrypt(signJwt(claims));
}

/** Nested JWT: token in, verified and checked claims out. */
export function nestedDecrypter(alg, enc, key, jwsAlg, verificationKey) {
  const decrypt = jweDecrypter(alg, enc, key);
  const verifyJwt = jwsVerifier(jwsAlg, verificationKey);
  return (token) => {
    const { header, plaintext } = decrypt(token);
    if (header.cty !== 'JWT') fail('not a nested JWT');
    return verifyJwt(plaintext.toString('latin1'));
  };
}
