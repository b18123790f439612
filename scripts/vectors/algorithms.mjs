// One vector per algorithm identifier jose-core supports and per curve, made by jose-core from
// fixed inputs and cross-checked, as each is made, by an independent implementation: the WebCrypto
// one of test/conformance/webcrypto, or node:crypto where WebCrypto has no such algorithm (ES256K,
// RSA1_5). The identifiers come from the built tables (dist/algs/*.d.ts, the src/algs rows); the
// recipes below only choose each one's key, pairing and citation, and a row without one stops the run.
import { Buffer } from 'node:buffer';
import { constants, createPrivateKey, createPublicKey, privateDecrypt, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as wcJwe from '../../test/conformance/webcrypto/jwe.mjs';
import * as wcJws from '../../test/conformance/webcrypto/jws.mjs';
import { b64u, contentEncrypt, ecKey, oct, okpKey, publicJwk, root, rsa, seed, text64 } from './common.mjs';

const PAYLOAD = 'jose-core conformance: every algorithm';

/**
 * A table of src/algs as the build declares it (dist/algs/<file>.d.ts): each row's identifier and
 * the facts it states as `true` (`epk`, `password`, `contentKey`, ...), in table order.
 */
function table(file, name) {
  const lines = readFileSync(new URL(`dist/algs/${file}.d.ts`, root), 'utf8').split('\n');
  const start = lines.indexOf(`export declare const ${name}: {`);
  if (start < 0) throw new Error(`dist/algs/${file}.d.ts has no ${name}: run \`npm run build\` first`);
  const rows = new Map();
  let row;
  for (const line of lines.slice(start + 1)) {
    if (line === '};') break;
    const entry = /^ {4}readonly '?([^':]+)'?: \{$/.exec(line);
    if (entry) rows.set((row = entry[1]), new Set());
    const fact = /^ {8}readonly (\w+): true;$/.exec(line);
    if (fact && row !== undefined) rows.get(row).add(fact[1]);
  }
  return rows;
}

const JWS_TABLE = table('jws', 'JWS_FACTS');
const KM_TABLE = table('jwe', 'KEY_MANAGEMENT_FACTS');
const CONTENT_TABLE = table('jwe', 'CONTENT_FACTS');

// The recipes of each table row, in table order; a row without a recipe, or a recipe without a row, is an error.
function byTable(rows, recipes, what) {
  const stray = recipes.filter(([name]) => !rows.has(name)).map(([name]) => name);
  if (stray.length > 0) throw new Error(`${what} recipes for identifiers no table has: ${stray.join(', ')}`);
  return [...rows.keys()].flatMap((name) => {
    const mine = recipes.filter(([n]) => n === name);
    if (mine.length === 0) throw new Error(`${name}: a ${what} row of src/algs has no recipe in scripts/vectors/algorithms.mjs (CONTRIBUTING.md, "Adding an algorithm")`);
    return mine;
  });
}

const JWS = [
  ['HS256', () => oct('HS256 key', 32), 'RFC 7518', 'Section 3.2'],
  ['HS384', () => oct('HS384 key', 48), 'RFC 7518', 'Section 3.2'],
  ['HS512', () => oct('HS512 key', 64), 'RFC 7518', 'Section 3.2'],
  ['RS256', rsa, 'RFC 7518', 'Section 3.3'],
  ['RS384', rsa, 'RFC 7518', 'Section 3.3'],
  ['RS512', rsa, 'RFC 7518', 'Section 3.3'],
  ['PS256', rsa, 'RFC 7518', 'Section 3.5'],
  ['PS384', rsa, 'RFC 7518', 'Section 3.5'],
  ['PS512', rsa, 'RFC 7518', 'Section 3.5'],
  ['ES256', () => ecKey('P-256', 'ES256 key'), 'RFC 7518', 'Section 3.4'],
  ['ES384', () => ecKey('P-384', 'ES384 key'), 'RFC 7518', 'Section 3.4'],
  ['ES512', () => ecKey('P-521', 'ES512 key'), 'RFC 7518', 'Section 3.4'],
  ['ES256K', () => ecKey('secp256k1', 'ES256K key'), 'RFC 8812', 'Section 3.2'],
  ['EdDSA', () => okpKey('Ed25519', 'Ed25519 key'), 'RFC 8037', 'Section 3.1 (Ed25519)'],
  ['EdDSA', () => okpKey('Ed448', 'Ed448 key'), 'RFC 8037', 'Section 3.1 (Ed448)'],
];

// node:crypto for what WebCrypto lacks.
async function crossVerify(alg, compact, pub) {
  if (alg !== 'ES256K') return Buffer.from(await wcJws.verify({ jws: compact, key: pub, alg })).toString('utf8');
  const [h, p, s] = compact.split('.');
  const ok = nodeVerify('sha256', Buffer.from(`${h}.${p}`), { key: createPublicKey({ key: pub, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('ES256K does not verify');
  return Buffer.from(p, 'base64url').toString('utf8');
}

async function jwsVectors(jose) {
  const out = [];
  for (const [alg, keyOf, rfc, section] of byTable(JWS_TABLE, JWS, 'JWS')) {
    const jwk = keyOf();
    const pub = jwk.kty === 'oct' ? jwk : publicJwk(jwk);
    const header = { alg, kid: `${alg}${jwk.crv === undefined ? '' : ` ${jwk.crv}`}` };
    const compact = jose.signCompact(PAYLOAD, header, jose.importJWK(jwk));
    if ((await crossVerify(alg, compact, pub)) !== PAYLOAD) throw new Error(`${alg}: the cross-check disagrees`);
    const [protectedB64u, payloadB64u, signature] = compact.split('.');
    out.push({
      id: `ALG-JWS-${alg}${jwk.crv === undefined || alg !== 'EdDSA' ? '' : `-${jwk.crv}`}`,
      kind: 'jws',
      rfc,
      section,
      title: `${alg}${jwk.crv === undefined ? '' : ` (${jwk.crv})`}: a compact JWS made by jose-core, verified by ${alg === 'ES256K' ? 'node:crypto' : 'WebCrypto'}`,
      algorithms: [alg],
      deterministic: /^(HS|RS|EdDSA)/.test(alg),
      keys: { sign: jwk, verify: pub },
      inputs: { payloadB64u, signatures: [{ alg, protectedHeader: header, protectedB64u, signingKey: 'sign', verificationKey: 'verify' }] },
      expected: { signaturesB64u: [signature], compact },
    });
  }
  return out;
}

const ENCS = [...CONTENT_TABLE.keys()];
const CEK_BYTES = { 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64, A128GCM: 16, A192GCM: 24, A256GCM: 32 };
const ivFor = (enc, name) => seed(`${name} iv`, enc.includes('CBC') ? 16 : 12);

// [alg, enc, recipient key, RFC, section, curve of the ephemeral key]
const JWE = [
  ['RSA1_5', 'A128CBC-HS256', rsa, 'RFC 7518', 'Section 4.2'],
  ['RSA-OAEP', 'A192CBC-HS384', rsa, 'RFC 7518', 'Section 4.3'],
  ['RSA-OAEP-256', 'A256CBC-HS512', rsa, 'RFC 7518', 'Section 4.3'],
  ['RSA-OAEP-384', 'A128GCM', rsa, 'IANA JOSE registry', 'RSA-OAEP-384 (RSAES OAEP, SHA-384 and MGF1 with SHA-384)'],
  ['RSA-OAEP-512', 'A192GCM', rsa, 'IANA JOSE registry', 'RSA-OAEP-512 (RSAES OAEP, SHA-512 and MGF1 with SHA-512)'],
  ['dir', 'A256GCM', () => oct('dir key', 32), 'RFC 7518', 'Section 4.5'],
  ['A128KW', 'A128CBC-HS256', () => oct('A128KW key', 16), 'RFC 7518', 'Section 4.4'],
  ['A192KW', 'A192GCM', () => oct('A192KW key', 24), 'RFC 7518', 'Section 4.4'],
  ['A256KW', 'A256CBC-HS512', () => oct('A256KW key', 32), 'RFC 7518', 'Section 4.4'],
  ['A128GCMKW', 'A128GCM', () => oct('A128GCMKW key', 16), 'RFC 7518', 'Section 4.7'],
  ['A192GCMKW', 'A192CBC-HS384', () => oct('A192GCMKW key', 24), 'RFC 7518', 'Section 4.7'],
  ['A256GCMKW', 'A256GCM', () => oct('A256GCMKW key', 32), 'RFC 7518', 'Section 4.7'],
  ['ECDH-ES', 'A128GCM', () => ecKey('P-256', 'ECDH P-256 key'), 'RFC 7518', 'Section 4.6 (P-256)'],
  ['ECDH-ES', 'A192GCM', () => ecKey('P-384', 'ECDH P-384 key'), 'RFC 7518', 'Section 4.6 (P-384)'],
  ['ECDH-ES', 'A256CBC-HS512', () => ecKey('P-521', 'ECDH P-521 key'), 'RFC 7518', 'Section 4.6 (P-521)'],
  ['ECDH-ES', 'A128CBC-HS256', () => okpKey('X25519', 'X25519 key'), 'RFC 8037', 'Section 3.2 (X25519)'],
  ['ECDH-ES', 'A256GCM', () => okpKey('X448', 'X448 key'), 'RFC 8037', 'Section 3.2 (X448)'],
  ['ECDH-ES+A128KW', 'A128GCM', () => ecKey('P-256', 'ECDH P-256 key'), 'RFC 7518', 'Section 4.6'],
  ['ECDH-ES+A192KW', 'A192CBC-HS384', () => okpKey('X25519', 'X25519 key'), 'RFC 8037', 'Section 3.2'],
  ['ECDH-ES+A256KW', 'A256GCM', () => ecKey('P-521', 'ECDH P-521 key'), 'RFC 7518', 'Section 4.6'],
  ['PBES2-HS256+A128KW', 'A128CBC-HS256', () => ({ kty: 'oct', k: text64('Thus from my lips, by yours, my sin is purged.') }), 'RFC 7518', 'Section 4.8'],
  ['PBES2-HS384+A192KW', 'A192GCM', () => ({ kty: 'oct', k: text64('Give me my sin again.') }), 'RFC 7518', 'Section 4.8'],
  ['PBES2-HS512+A256KW', 'A256CBC-HS512', () => ({ kty: 'oct', k: text64('You kiss by the book.') }), 'RFC 7518', 'Section 4.8'],
];

// RSA1_5 is outside WebCrypto: the CEK comes back from raw RSA and EME-PKCS1-v1_5 unpadding by hand.
function rsa15Cek(jwk, encryptedKey) {
  const em = privateDecrypt({ key: createPrivateKey({ key: jwk, format: 'jwk' }), padding: constants.RSA_NO_PADDING }, encryptedKey);
  const zero = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || zero < 10) throw new Error('RSA1_5: bad padding');
  return em.subarray(zero + 1);
}

async function crossDecrypt(alg, enc, compact, jwk) {
  if (alg !== 'RSA1_5') return Buffer.from(await wcJwe.decrypt({ jwe: compact, key: jwk, alg, enc })).toString('utf8');
  const [h, ek, iv, ct, tag] = compact.split('.').map((p, i) => (i === 0 ? p : Buffer.from(p, 'base64url')));
  const cek = rsa15Cek(jwk, ek);
  return Buffer.from(await wcJwe.contentDecrypt(enc, cek, iv, ct, tag, Buffer.from(h, 'ascii'))).toString('utf8');
}

function joseKey(jose, alg, jwk) {
  return KM_TABLE.get(alg).has('password') ? Buffer.from(jwk.k, 'base64url') : jose.importJWK(jwk.kty === 'oct' ? jwk : publicJwk(jwk));
}

async function jweVectors(jose) {
  const out = [];
  for (const [alg, enc, keyOf, rfc, section] of byTable(KM_TABLE, JWE, 'JWE key management')) {
    const facts = KM_TABLE.get(alg);
    const jwk = keyOf();
    const name = `${alg} ${enc} ${jwk.crv ?? jwk.kty}`;
    const ephemeral = facts.has('epk') ? (jwk.kty === 'EC' ? ecKey(jwk.crv, `${name} ephemeral`) : okpKey(jwk.crv, `${name} ephemeral`)) : undefined;
    // No CEK to give when the key is the CEK (dir) or agrees it (ECDH-ES). The declared facts do not
    // say whether an agreement is then wrapped; RFC 7518 s4.6's names do ("ECDH-ES+A128KW").
    const direct = facts.has('contentKey') || (ephemeral !== undefined && !alg.includes('+'));
    const cek = direct ? undefined : seed(`${name} cek`, CEK_BYTES[enc]);
    const iv = ivFor(enc, name);
    const keyWrapIv = alg.includes('GCMKW') ? seed(`${name} key wrap iv`, 12) : undefined;
    const p2s = facts.has('password') ? seed(`${name} p2s`, 16) : undefined;
    const header = { alg, enc, kid: name, ...(p2s === undefined ? {} : { p2c: 1000 }) };
    const plaintext = `jose-core conformance: ${name}`;
    const options = { ...(cek === undefined ? {} : { cek }), iv, ...(ephemeral === undefined ? {} : { ephemeralKey: jose.importJWK(ephemeral) }), ...(keyWrapIv === undefined ? {} : { keyWrapIv }), ...(p2s === undefined ? {} : { p2s }) };
    const compact = jose.encryptCompact(plaintext, header, joseKey(jose, alg, jwk), options);
    if ((await crossDecrypt(alg, enc, compact, jwk)) !== plaintext) throw new Error(`${name}: the cross-check disagrees`);
    const [protectedB64u, encryptedKey, , ciphertext, tag] = compact.split('.');
    const written = JSON.parse(Buffer.from(protectedB64u, 'base64url').toString('utf8'));
    const recipient = {
      alg,
      decryptionKey: 'decrypt',
      encryptionKey: 'encrypt',
      encryptedKeyB64u: encryptedKey,
      ...(ephemeral === undefined ? {} : { ephemeralKey: 'ephemeral' }),
      ...(keyWrapIv === undefined ? {} : { keyWrapIvB64u: b64u(keyWrapIv) }),
      ...(p2s === undefined ? {} : { p2sB64u: b64u(p2s), p2c: 1000 }),
    };
    out.push({
      id: `ALG-JWE-${alg}-${enc}${alg === 'ECDH-ES' ? `-${jwk.crv}` : ''}`,
      kind: 'jwe',
      rfc,
      section,
      title: `${alg} / ${enc}${jwk.crv === undefined ? '' : ` (${jwk.crv})`}: a compact JWE made by jose-core, decrypted by ${alg === 'RSA1_5' ? 'node:crypto' : 'WebCrypto'}`,
      algorithms: [alg, enc],
      deterministic: !alg.startsWith('RSA'),
      keys: { decrypt: jwk, encrypt: jwk.kty === 'oct' ? jwk : publicJwk(jwk), ...(ephemeral === undefined ? {} : { ephemeral }) },
      inputs: {
        enc,
        plaintextB64u: text64(plaintext),
        protectedHeader: written,
        protectedB64u,
        ...(cek === undefined ? {} : { cekB64u: b64u(cek) }),
        ivB64u: b64u(iv),
        recipients: [recipient],
      },
      expected: { compact, ciphertextB64u: ciphertext, tagB64u: tag },
    });
  }
  return out;
}

async function contentVectors() {
  const out = [];
  for (const enc of ENCS) {
    const key = seed(`${enc} content key`, CEK_BYTES[enc]);
    const iv = ivFor(enc, `${enc} content`);
    const aad = Buffer.from(`aad of ${enc}`);
    const plaintext = Buffer.from(`jose-core conformance: content encryption with ${enc}`);
    const { ciphertext, tag } = contentEncrypt(key, iv, plaintext, aad);
    const again = await wcJwe.contentDecrypt(enc, key, iv, ciphertext, tag, aad);
    if (!Buffer.from(again).equals(plaintext)) throw new Error(`${enc}: the cross-check disagrees`);
    out.push({
      id: `ALG-CONTENT-${enc}`,
      kind: 'content-encryption',
      rfc: 'RFC 7518',
      section: enc.includes('CBC') ? 'Section 5.2' : 'Section 5.3',
      title: `${enc}: made with node:crypto, decrypted by WebCrypto`,
      algorithms: [enc],
      deterministic: true,
      keys: { cek: { kty: 'oct', k: b64u(key) } },
      inputs: { enc, cek: 'cek', plaintextB64u: b64u(plaintext), ivB64u: b64u(iv), aadB64u: b64u(aad) },
      expected: { ciphertextB64u: b64u(ciphertext), tagB64u: b64u(tag) },
    });
  }
  return out;
}

/** Every algorithm's vectors, cross-checked as they are made. */
export async function algorithmVectors(jose) {
  return [...(await jwsVectors(jose)), ...(await jweVectors(jose)), ...(await contentVectors())];
}
