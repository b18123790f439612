// JWE (RFC 7516, RFC 7518 s4-s5) over WebCrypto, written from the RFCs for the conformance tests:
// the second, independent implementation. WebCrypto has no RSAES-PKCS1-v1_5 and no secp256k1, so
// RSA1_5 and that curve are unsupported; DEFLATE (`zip`) comes from node:zlib.
import { Buffer } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  bareJwk,
  concat,
  dec,
  decodeHeader,
  enc,
  equalBytes,
  publicOf,
  Refusal,
  Unsupported,
  uint32,
  uint64,
  utf8,
} from './codec.mjs';

const subtle = globalThis.crypto.subtle;
const random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
export const limits = { maxP2c: 1_000_000, maxInflated: 1 << 20 };
export const faults = {
  ignoreAlg: false,
  anyTagLength: false,
  randomIv: false,
  ignoreGivenEpk: false,
  trustEmbeddedJwk: false,
};

const CONTENT = {
  'A128CBC-HS256': { keyBytes: 32, hash: 'SHA-256' },
  'A192CBC-HS384': { keyBytes: 48, hash: 'SHA-384' },
  'A256CBC-HS512': { keyBytes: 64, hash: 'SHA-512' },
  A128GCM: { keyBytes: 16 },
  A192GCM: { keyBytes: 24 },
  A256GCM: { keyBytes: 32 },
};
const KW = { A128KW: 16, A192KW: 24, A256KW: 32 };
const GCMKW = { A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32 };
const ECDH_KW = { 'ECDH-ES+A128KW': 16, 'ECDH-ES+A192KW': 24, 'ECDH-ES+A256KW': 32 };
const PBES2 = {
  'PBES2-HS256+A128KW': ['SHA-256', 16],
  'PBES2-HS384+A192KW': ['SHA-384', 24],
  'PBES2-HS512+A256KW': ['SHA-512', 32],
};
const OAEP = {
  'RSA-OAEP': 'SHA-1',
  'RSA-OAEP-256': 'SHA-256',
  'RSA-OAEP-384': 'SHA-384',
  'RSA-OAEP-512': 'SHA-512',
};

function content(name) {
  const c = CONTENT[name];
  if (c === undefined) throw new Refusal(`unknown enc ${name}`);
  return c;
}

const ivBytes = (name) => (content(name).hash === undefined ? 12 : 16);

async function cbcMac(c, key, aad, iv, ciphertext) {
  const half = c.keyBytes / 2;
  const macKey = await subtle.importKey(
    'raw',
    key.subarray(0, half),
    { name: 'HMAC', hash: c.hash },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await subtle.sign('HMAC', macKey, concat(aad, iv, ciphertext, uint64(aad.length * 8))),
  );
  return mac.subarray(0, half);
}

/** RFC 7518 s5.2 (AES-CBC with HMAC) and s5.3 (AES-GCM) encryption. */
export async function contentEncrypt(name, key, iv, plaintext, aad) {
  const c = content(name);
  if (key.length !== c.keyBytes) throw new Refusal(`${name} takes a ${c.keyBytes}-octet key`);
  if (iv.length !== ivBytes(name)) throw new Refusal(`${name} takes a ${ivBytes(name)}-octet IV`);
  if (c.hash !== undefined) {
    const aes = await subtle.importKey('raw', key.subarray(c.keyBytes / 2), 'AES-CBC', false, [
      'encrypt',
    ]);
    const ciphertext = new Uint8Array(
      await subtle.encrypt({ name: 'AES-CBC', iv }, aes, plaintext),
    );
    return { ciphertext, tag: await cbcMac(c, key, aad, iv, ciphertext) };
  }
  const aes = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const out = new Uint8Array(
    await subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 },
      aes,
      plaintext,
    ),
  );
  return { ciphertext: out.subarray(0, out.length - 16), tag: out.subarray(out.length - 16) };
}

/** The inverse of {@link contentEncrypt}: the tag must be whole and right. */
export async function contentDecrypt(name, key, iv, ciphertext, tag, aad) {
  const c = content(name);
  if (key.length !== c.keyBytes) throw new Refusal(`${name} takes a ${c.keyBytes}-octet key`);
  if (iv.length !== ivBytes(name)) throw new Refusal(`${name} takes a ${ivBytes(name)}-octet IV`);
  if (c.hash !== undefined) {
    if (
      tag.length !== c.keyBytes / 2 ||
      !equalBytes(tag, await cbcMac(c, key, aad, iv, ciphertext))
    )
      throw new Refusal('the tag does not match');
    const aes = await subtle.importKey('raw', key.subarray(c.keyBytes / 2), 'AES-CBC', false, [
      'decrypt',
    ]);
    return new Uint8Array(
      await subtle
        .decrypt({ name: 'AES-CBC', iv }, aes, ciphertext)
        .catch(() => Promise.reject(new Refusal('bad padding'))),
    );
  }
  const tagOk = tag.length === 16 || (faults.anyTagLength && tag.length >= 12 && tag.length <= 16);
  if (!tagOk) throw new Refusal('the tag is not 128 bits');
  const aes = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  const out = subtle.decrypt(
    { name: 'AES-GCM', iv, additionalData: aad, tagLength: tag.length * 8 },
    aes,
    concat(ciphertext, tag),
  );
  return new Uint8Array(
    await out.catch(() => Promise.reject(new Refusal('the tag does not match'))),
  );
}

function octKey(jwk, size) {
  if (jwk?.kty !== 'oct') throw new Refusal('an oct key is needed');
  const k = dec(jwk.k, 'k');
  if (size !== undefined && k.length !== size) throw new Refusal(`a ${size}-octet key is needed`);
  return k;
}

async function kwKey(kek, usage) {
  return subtle.importKey('raw', kek, 'AES-KW', false, [usage]);
}

async function unwrap(kek, wrapped) {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0)
    throw new Refusal('the wrapped key has an impossible length');
  const as = { name: 'HMAC', hash: 'SHA-256', length: (wrapped.length - 8) * 8 };
  const key = await subtle
    .unwrapKey('raw', wrapped, await kwKey(kek, 'unwrapKey'), 'AES-KW', as, true, ['sign'])
    .catch(() => Promise.reject(new Refusal('the key does not unwrap')));
  return new Uint8Array(await subtle.exportKey('raw', key));
}

async function wrap(kek, cek) {
  const key = await subtle.importKey(
    'raw',
    cek,
    { name: 'HMAC', hash: 'SHA-256', length: cek.length * 8 },
    true,
    ['sign'],
  );
  return new Uint8Array(await subtle.wrapKey('raw', key, await kwKey(kek, 'wrapKey'), 'AES-KW'));
}

function ecdhAlgorithm(jwk) {
  if (jwk?.crv === 'secp256k1') throw new Unsupported('secp256k1 is not offered by WebCrypto');
  if (jwk?.kty === 'EC' && ['P-256', 'P-384', 'P-521'].includes(jwk.crv))
    return { name: 'ECDH', namedCurve: jwk.crv };
  if (jwk?.kty === 'OKP' && (jwk.crv === 'X25519' || jwk.crv === 'X448')) return { name: jwk.crv };
  throw new Refusal('not an ECDH key');
}

async function agree(privateJwk, publicJwk) {
  const algorithm = ecdhAlgorithm(privateJwk);
  if (publicJwk?.kty !== privateJwk.kty || publicJwk.crv !== privateJwk.crv)
    throw new Refusal('the ephemeral key is on another curve');
  const own = await subtle.importKey('jwk', bareJwk(privateJwk, true), algorithm, false, [
    'deriveBits',
  ]);
  const other = await subtle
    .importKey('jwk', bareJwk(publicJwk, false), algorithm, false, [])
    .catch(() => Promise.reject(new Refusal('the ephemeral key is invalid')));
  const z = await subtle
    .deriveBits({ name: algorithm.name, public: other }, own, null)
    .catch(() => Promise.reject(new Refusal('no shared secret')));
  return new Uint8Array(z);
}

// RFC 7518 s4.6.2: the Concat KDF of NIST SP 800-56A with SHA-256.
async function concatKdf(z, bits, algorithmId, header) {
  const field = (bytes) => concat(uint32(bytes.length), bytes);
  const other = concat(
    field(utf8(algorithmId)),
    field(header.apu === undefined ? new Uint8Array() : dec(header.apu, 'apu')),
    field(header.apv === undefined ? new Uint8Array() : dec(header.apv, 'apv')),
    uint32(bits),
  );
  const out = [];
  for (let i = 1; out.length * 32 < bits / 8; i++)
    out.push(new Uint8Array(await subtle.digest('SHA-256', concat(uint32(i), z, other))));
  return concat(...out).subarray(0, bits / 8);
}

async function pbes2Key(alg, password, header) {
  const [hash, size] = PBES2[alg];
  const p2s = dec(header.p2s, 'p2s');
  if (p2s.length < 8) throw new Refusal('"p2s" is under 8 octets (RFC 7518 s4.8.1.1)');
  if (!Number.isSafeInteger(header.p2c) || header.p2c < 1 || header.p2c > limits.maxP2c)
    throw new Refusal('"p2c" is out of bounds');
  const base = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  const salt = concat(utf8(alg), new Uint8Array([0]), p2s);
  return new Uint8Array(
    await subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations: header.p2c }, base, size * 8),
  );
}

async function rsaKey(alg, jwk, usage) {
  if (jwk?.kty !== 'RSA' || dec(jwk.n, 'n').length < 256)
    throw new Refusal('an RSA key of 2048 bits or more is needed');
  return subtle.importKey(
    'jwk',
    bareJwk(jwk, usage === 'decrypt'),
    { name: 'RSA-OAEP', hash: OAEP[alg] },
    false,
    [usage],
  );
}

/** The CEK of one recipient (RFC 7516 s5.2 steps 9-10). */
export async function decryptKey(alg, encName, header, encryptedKey, jwk) {
  if (alg === 'RSA1_5') throw new Unsupported('RSAES-PKCS1-v1_5 is not offered by WebCrypto');
  if (alg === 'dir') {
    if (encryptedKey.length !== 0) throw new Refusal('"dir" has no encrypted key');
    return octKey(jwk);
  }
  if (KW[alg] !== undefined) return unwrap(octKey(jwk, KW[alg]), encryptedKey);
  if (GCMKW[alg] !== undefined) {
    const iv = dec(header.iv, 'iv');
    const tag = dec(header.tag, 'tag');
    if (iv.length !== 12 || tag.length !== 16)
      throw new Refusal('the key wrap IV or tag has the wrong size');
    const aes = await subtle.importKey('raw', octKey(jwk, GCMKW[alg]), 'AES-GCM', false, [
      'decrypt',
    ]);
    return new Uint8Array(
      await subtle
        .decrypt({ name: 'AES-GCM', iv, tagLength: 128 }, aes, concat(encryptedKey, tag))
        .catch(() => Promise.reject(new Refusal('the key does not unwrap'))),
    );
  }
  if (OAEP[alg] !== undefined) {
    const key = await rsaKey(alg, jwk, 'decrypt');
    return new Uint8Array(
      await subtle
        .decrypt({ name: 'RSA-OAEP' }, key, encryptedKey)
        .catch(() => Promise.reject(new Refusal('the key does not decrypt'))),
    );
  }
  if (alg === 'ECDH-ES' || ECDH_KW[alg] !== undefined) {
    if (typeof header.epk !== 'object' || header.epk === null) throw new Refusal('no "epk"');
    const z = await agree(jwk, header.epk);
    const direct = alg === 'ECDH-ES';
    const derived = await concatKdf(
      z,
      (direct ? content(encName).keyBytes : ECDH_KW[alg]) * 8,
      direct ? encName : alg,
      header,
    );
    if (!direct) return unwrap(derived, encryptedKey);
    if (encryptedKey.length !== 0) throw new Refusal('"ECDH-ES" has no encrypted key');
    return derived;
  }
  if (PBES2[alg] !== undefined)
    return unwrap(await pbes2Key(alg, octKey(jwk), header), encryptedKey);
  throw new Refusal(`unknown alg ${alg}`);
}

async function ephemeralFor(recipient) {
  if (recipient.ephemeralKey !== undefined && !faults.ignoreGivenEpk) return recipient.ephemeralKey;
  const pair = await subtle.generateKey(ecdhAlgorithm(recipient.key), true, ['deriveBits']);
  return subtle.exportKey('jwk', pair.privateKey);
}

/** The encrypted key and the header members one recipient's key management writes (RFC 7516 s5.1 steps 1-6). */
async function encryptKey(alg, encName, recipient, cek, header) {
  const jwk = recipient.key;
  if (alg === 'RSA1_5') throw new Unsupported('RSAES-PKCS1-v1_5 is not offered by WebCrypto');
  if (alg === 'dir') return { cek: octKey(jwk), encryptedKey: new Uint8Array(), members: {} };
  if (KW[alg] !== undefined)
    return { cek, encryptedKey: await wrap(octKey(jwk, KW[alg]), cek), members: {} };
  if (GCMKW[alg] !== undefined) {
    const iv =
      recipient.keyWrapIv === undefined ? random(12) : dec(recipient.keyWrapIv, 'keyWrapIv');
    const aes = await subtle.importKey('raw', octKey(jwk, GCMKW[alg]), 'AES-GCM', false, [
      'encrypt',
    ]);
    const out = new Uint8Array(
      await subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, aes, cek),
    );
    return {
      cek,
      encryptedKey: out.subarray(0, out.length - 16),
      members: { iv: enc(iv), tag: enc(out.subarray(out.length - 16)) },
    };
  }
  if (OAEP[alg] !== undefined)
    return {
      cek,
      encryptedKey: new Uint8Array(
        await subtle.encrypt({ name: 'RSA-OAEP' }, await rsaKey(alg, jwk, 'encrypt'), cek),
      ),
      members: {},
    };
  if (alg === 'ECDH-ES' || ECDH_KW[alg] !== undefined) {
    const ephemeral = await ephemeralFor(recipient);
    const epk = Object.fromEntries(
      ['kty', 'crv', 'x', 'y']
        .filter((m) => ephemeral[m] !== undefined)
        .map((m) => [m, ephemeral[m]]),
    );
    const z = await agree(ephemeral, publicOf(jwk) ?? jwk);
    const direct = alg === 'ECDH-ES';
    const derived = await concatKdf(
      z,
      (direct ? content(encName).keyBytes : ECDH_KW[alg]) * 8,
      direct ? encName : alg,
      header,
    );
    if (direct) return { cek: derived, encryptedKey: new Uint8Array(), members: { epk } };
    return { cek, encryptedKey: await wrap(derived, cek), members: { epk } };
  }
  if (PBES2[alg] !== undefined) {
    const members = { p2s: recipient.p2s ?? enc(random(16)), p2c: recipient.p2c ?? 10_000 };
    return {
      cek,
      encryptedKey: await wrap(await pbes2Key(alg, octKey(jwk), members), cek),
      members,
    };
  }
  throw new Refusal(`unknown alg ${alg}`);
}

function merge(...headers) {
  const all = {};
  for (const h of headers) {
    if (h === undefined) continue;
    if (typeof h !== 'object' || h === null || Array.isArray(h))
      throw new Refusal('a header is not an object');
    for (const [name, value] of Object.entries(h)) {
      if (Object.hasOwn(all, name))
        throw new Refusal(`"${name}" is in two headers (RFC 7516 s7.2.1)`);
      all[name] = value;
    }
  }
  return all;
}

/** Decrypts a compact or JSON JWE with the request's key, accepting only the requested `alg` and `enc`. */
export async function decrypt(request) {
  const jwe = request.jwe;
  let parts;
  if (typeof jwe === 'string') {
    const p = jwe.split('.');
    if (p.length !== 5) throw new Refusal('a compact JWE has five parts');
    parts = {
      protected: p[0],
      recipients: [{ encrypted_key: p[1] }],
      iv: p[2],
      ciphertext: p[3],
      tag: p[4],
    };
  } else if (typeof jwe === 'object' && jwe !== null) {
    parts = {
      ...jwe,
      recipients: Array.isArray(jwe.recipients)
        ? jwe.recipients
        : [{ header: jwe.header, encrypted_key: jwe.encrypted_key }],
    };
  } else throw new Refusal('no JWE');
  const prot =
    parts.protected === undefined || parts.protected === ''
      ? {}
      : decodeHeader(parts.protected, 'protected header');
  const aad = concat(
    utf8(parts.protected ?? ''),
    parts.aad === undefined ? new Uint8Array() : utf8(`.${parts.aad}`),
  );
  const iv = dec(parts.iv, 'iv');
  const ciphertext = dec(parts.ciphertext, 'ciphertext');
  const tag = dec(parts.tag, 'tag');
  let last = new Refusal('no recipient decrypts');
  for (const r of parts.recipients) {
    try {
      const all = merge(prot, parts.unprotected, r.header);
      const alg = faults.ignoreAlg ? all.alg : request.alg;
      const encName = faults.ignoreAlg ? all.enc : request.enc;
      if (all.alg !== alg || all.enc !== encName)
        throw new Refusal('the token names another algorithm');
      if (all.crit !== undefined)
        throw new Refusal('"crit" names nothing this implementation understands');
      const encryptedKey =
        r.encrypted_key === undefined ? new Uint8Array() : dec(r.encrypted_key, 'encrypted_key');
      const key = faults.trustEmbeddedJwk && typeof all.jwk === 'object' ? all.jwk : request.key;
      const cek = await decryptKey(alg, encName, all, encryptedKey, key);
      const plaintext = await contentDecrypt(encName, cek, iv, ciphertext, tag, aad);
      if (all.zip === undefined) return plaintext;
      if (all.zip !== 'DEF' || !Object.hasOwn(prot, 'zip'))
        throw new Refusal('"zip" must be a protected "DEF"');
      try {
        return new Uint8Array(inflateRawSync(plaintext, { maxOutputLength: limits.maxInflated }));
      } catch {
        throw new Refusal('the compressed plaintext does not inflate within the bound');
      }
    } catch (e) {
      if (e instanceof Unsupported) throw e;
      last = e;
    }
  }
  throw last;
}

/** Encrypts the request's plaintext to every recipient, using the fixed values it gives. */
export async function encrypt(request) {
  const prot = { ...request.protected };
  const headers = request.recipients.map((r) => ({ ...r.header }));
  const algOf = (i) => merge(prot, request.unprotected, headers[i]);
  const encName = algOf(0).enc;
  const c = content(encName);
  let cek = request.cek === undefined ? random(c.keyBytes) : dec(request.cek, 'cek');
  const keys = [];
  // Key management writes its members (epk, iv, tag, p2s, p2c) beside the requested ones.
  const intoProtected =
    request.serialization === 'compact' ||
    (request.recipients.length === 1 && request.protected !== undefined);
  for (const [i, r] of request.recipients.entries()) {
    const all = algOf(i);
    const made = await encryptKey(all.alg, encName, r, cek, all);
    cek = made.cek;
    Object.assign(intoProtected ? prot : headers[i], made.members);
    keys.push(enc(made.encryptedKey));
  }
  let plaintext = dec(request.plaintext, 'plaintext');
  if (prot.zip === 'DEF') plaintext = new Uint8Array(deflateRawSync(plaintext));
  const iv =
    request.iv === undefined || faults.randomIv ? random(ivBytes(encName)) : dec(request.iv, 'iv');
  const protectedB64u = Object.keys(prot).length === 0 ? '' : enc(utf8(JSON.stringify(prot)));
  const aad = concat(
    utf8(protectedB64u),
    request.aad === undefined ? new Uint8Array() : utf8(`.${request.aad}`),
  );
  const { ciphertext, tag } = await contentEncrypt(encName, cek, iv, plaintext, aad);
  const tail = { iv: enc(iv), ciphertext: enc(ciphertext), tag: enc(tag) };
  if (request.serialization === 'compact')
    return { compact: [protectedB64u, keys[0], tail.iv, tail.ciphertext, tail.tag].join('.') };
  const recipients = keys.map((k, i) => ({
    ...(Object.keys(headers[i]).length === 0 ? {} : { header: headers[i] }),
    ...(k === '' ? {} : { encrypted_key: k }),
  }));
  const shared = {
    ...(protectedB64u === '' ? {} : { protected: protectedB64u }),
    ...(request.unprotected === undefined ? {} : { unprotected: request.unprotected }),
    ...(request.aad === undefined ? {} : { aad: request.aad }),
  };
  return {
    json:
      recipients.length === 1
        ? { ...shared, ...recipients[0], ...tail }
        : { ...shared, recipients, ...tail },
  };
}

export { Buffer };
