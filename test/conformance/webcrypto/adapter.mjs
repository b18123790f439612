// A conformance adapter over WebCrypto: the independent second implementation the tests run the
// suite against, through the protocol of docs/conformance-protocol.md, with its declared profile
// (`profile.json` beside this file). Flags switch on one deliberate fault each, or take away the
// optional capabilities, so that the tests can show the suite flags the faults and skips only
// what is declared:
//   --fault ignore-alg|ignore-crit|trust-embedded-jwk|lax-base64|allow-duplicates|no-p2c-bound|
//           no-zip-bound|any-tag-length
//   --random-iv (ignores given IVs: must still pass)   --ignore-given-epk (declare fixed-ephemeral-key)
import { createInterface } from 'node:readline';
import {
  bareJwk,
  options as codec,
  dec,
  enc,
  publicOf,
  Refusal,
  Unsupported,
  utf8,
} from './codec.mjs';
import * as jwe from './jwe.mjs';
import * as jws from './jws.mjs';

const subtle = globalThis.crypto.subtle;

const FAULTS = {
  'ignore-alg': () => ((jws.faults.ignoreAlg = true), (jwe.faults.ignoreAlg = true)),
  'ignore-crit': () => (jws.faults.ignoreCrit = true),
  'trust-embedded-jwk': () => (
    (jws.faults.trustEmbeddedJwk = true), (jwe.faults.trustEmbeddedJwk = true)
  ),
  'lax-base64': () => (codec.laxBase64 = true),
  'allow-duplicates': () => (codec.allowDuplicates = true),
  'no-p2c-bound': () => (jwe.limits.maxP2c = Number.MAX_SAFE_INTEGER),
  'no-zip-bound': () => (jwe.limits.maxInflated = 64 * 1024 * 1024),
  'any-tag-length': () => (jwe.faults.anyTagLength = true),
  'empty-is-detached': () => (jws.faults.emptyIsDetached = true),
};

for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === '--fault') FAULTS[process.argv[++i]]();
  else if (arg === '--random-iv') jwe.faults.randomIv = true;
  else if (arg === '--ignore-given-epk') jwe.faults.ignoreGivenEpk = true;
  else throw new Error(`unknown argument ${arg}`);
}

const THUMBPRINT_MEMBERS = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

async function thumbprint(r) {
  if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(r.hash)) throw new Unsupported(`no ${r.hash}`);
  const members = THUMBPRINT_MEMBERS[r.jwk.kty];
  if (members === undefined || members.some((m) => typeof r.jwk[m] !== 'string'))
    throw new Refusal('not a JWK');
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(r.jwk[m])}`).join(',')}}`;
  return { thumbprint: enc(new Uint8Array(await subtle.digest(r.hash, utf8(canonical)))) };
}

const IMPORT = {
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
  'P-384': { name: 'ECDSA', namedCurve: 'P-384' },
  'P-521': { name: 'ECDSA', namedCurve: 'P-521' },
};

async function importJwk(r) {
  const jwk = r.jwk;
  if (jwk.kty === 'oct') {
    dec(jwk.k, 'k');
    return { public: null };
  }
  if (jwk.crv === 'secp256k1') throw new Unsupported('secp256k1 is not offered by WebCrypto');
  const algorithm =
    jwk.kty === 'RSA'
      ? { name: 'RSA-PSS', hash: 'SHA-256' }
      : jwk.kty === 'EC'
        ? IMPORT[jwk.crv]
        : { name: jwk.crv };
  if (algorithm === undefined) throw new Refusal('unknown curve');
  const pub = publicOf(jwk);
  // Importing checks the key: an EC point must lie on its curve.
  await subtle
    .importKey('jwk', bareJwk(pub, false), algorithm, true, [])
    .catch(() => Promise.reject(new Refusal('invalid key')));
  return { public: pub };
}

async function contentOp(r) {
  const key = dec(r.key.k, 'k');
  const [iv, aad] = [dec(r.iv, 'iv'), dec(r.aad, 'aad')];
  if (r.op === 'content-encrypt') {
    const { ciphertext, tag } = await jwe.contentEncrypt(
      r.enc,
      key,
      iv,
      dec(r.plaintext, 'plaintext'),
      aad,
    );
    return { ciphertext: enc(ciphertext), tag: enc(tag) };
  }
  return {
    plaintext: enc(
      await jwe.contentDecrypt(
        r.enc,
        key,
        iv,
        dec(r.ciphertext, 'ciphertext'),
        dec(r.tag, 'tag'),
        aad,
      ),
    ),
  };
}

async function run(r) {
  switch (r.op) {
    case 'verify':
      return { payload: enc(await jws.verify(r)) };
    case 'sign':
      return jws.sign(r);
    case 'decrypt':
      return { plaintext: enc(await jwe.decrypt(r)) };
    case 'encrypt':
      return jwe.encrypt(r);
    case 'thumbprint':
      return thumbprint(r);
    case 'import-jwk':
      return importJwk(r);
    case 'content-encrypt':
    case 'content-decrypt':
      return contentOp(r);
    default:
      throw new Unsupported(`no ${r.op}`);
  }
}

async function answer(line) {
  const r = JSON.parse(line);
  try {
    return { id: r.id, ok: true, ...(await run(r)) };
  } catch (e) {
    return {
      id: r.id,
      ok: false,
      error: e instanceof Error ? e.message : 'failed',
      ...(e instanceof Unsupported ? { unsupported: true } : {}),
    };
  }
}

const pending = [];
createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on('line', (line) => {
    if (line.trim() !== '')
      pending.push(
        answer(line).then((reply) => process.stdout.write(`${JSON.stringify(reply)}\n`)),
      );
  })
  .on('close', () => void Promise.all(pending));
