// JWS (RFC 7515, RFC 7797) over WebCrypto, written from the RFCs for the conformance tests: the
// second, independent implementation the suite is run against. It offers what WebCrypto offers:
// no ES256K (secp256k1).
import { Buffer } from 'node:buffer';
import {
  bareJwk,
  options as codec,
  concat,
  dec,
  decodeHeader,
  enc,
  Refusal,
  Unsupported,
  utf8,
} from './codec.mjs';

const subtle = globalThis.crypto.subtle;
export const faults = {
  ignoreAlg: false,
  ignoreCrit: false,
  trustEmbeddedJwk: false,
  emptyIsDetached: false,
};

const HASH = { 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' };
const CURVE = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
const COORD = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

function params(alg, jwk) {
  const m = /^(HS|RS|PS|ES)(256|384|512)$/.exec(alg);
  if (alg === 'EdDSA') {
    if (jwk.kty !== 'OKP' || (jwk.crv !== 'Ed25519' && jwk.crv !== 'Ed448'))
      throw new Refusal('EdDSA takes an Ed25519 or Ed448 key');
    return { import: { name: jwk.crv }, use: { name: jwk.crv } };
  }
  if (alg === 'ES256K') throw new Unsupported('ES256K is not offered by WebCrypto');
  if (m === null) throw new Refusal(`unknown alg ${alg}`);
  const hash = HASH[m[2]];
  switch (m[1]) {
    case 'HS': {
      if (jwk.kty !== 'oct') throw new Refusal('HMAC takes an oct key');
      if (dec(jwk.k, 'k').length < Number(m[2]) / 8)
        throw new Refusal('the HMAC key is shorter than the hash (RFC 7518 s3.2)');
      return { import: { name: 'HMAC', hash }, use: { name: 'HMAC' } };
    }
    case 'RS':
    case 'PS': {
      if (jwk.kty !== 'RSA') throw new Refusal('RSA signatures take an RSA key');
      if (dec(jwk.n, 'n').length < 256)
        throw new Refusal('the RSA key is under 2048 bits (RFC 7518 s3.3)');
      const name = m[1] === 'RS' ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS';
      return { import: { name, hash }, use: { name, saltLength: Number(m[2]) / 8 } };
    }
    default: {
      if (jwk.kty !== 'EC' || jwk.crv !== CURVE[alg])
        throw new Refusal(`${alg} takes a ${CURVE[alg]} key`);
      return {
        import: { name: 'ECDSA', namedCurve: jwk.crv },
        use: { name: 'ECDSA', hash },
        size: 2 * COORD[jwk.crv],
      };
    }
  }
}

async function keyFor(alg, jwk, usage) {
  if (typeof jwk !== 'object' || jwk === null) throw new Refusal('no key');
  if (jwk.alg !== undefined && jwk.alg !== alg) throw new Refusal(`the key is for ${jwk.alg}`);
  if (jwk.crv === 'secp256k1') throw new Unsupported('secp256k1 is not offered by WebCrypto');
  const p = params(alg, jwk);
  const key = await subtle.importKey('jwk', bareJwk(jwk, usage === 'sign'), p.import, false, [
    usage,
  ]);
  return { key, p };
}

// The header of one signature: protected and unprotected members, none given twice (RFC 7515 s7.2.1).
function headerOf(protectedB64u, unprotected) {
  const prot =
    protectedB64u === undefined || protectedB64u === ''
      ? {}
      : decodeHeader(protectedB64u, 'protected header');
  if (
    unprotected !== undefined &&
    (typeof unprotected !== 'object' || unprotected === null || Array.isArray(unprotected))
  )
    throw new Refusal('header is not an object');
  for (const name of Object.keys(unprotected ?? {}))
    if (Object.hasOwn(prot, name)) throw new Refusal(`"${name}" is both protected and not`);
  return { prot, all: { ...unprotected, ...prot } };
}

function checkCrit(prot, all) {
  if (all.crit === undefined || faults.ignoreCrit) return;
  if (!Object.hasOwn(prot, 'crit')) throw new Refusal('"crit" must be protected');
  const crit = prot.crit;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((n) => typeof n !== 'string'))
    throw new Refusal('"crit" is not a list of names');
  for (const name of crit) {
    if (name !== 'b64') throw new Refusal(`"crit" names ${name}, which is not understood`);
    if (!Object.hasOwn(prot, name))
      throw new Refusal(`"crit" names ${name}, which is not in the header`);
  }
}

function b64Of(prot, all) {
  if (all.b64 === undefined) return true;
  if (!Object.hasOwn(prot, 'b64') || typeof prot.b64 !== 'boolean')
    throw new Refusal('"b64" must be a protected boolean');
  if (!faults.ignoreCrit && !(Array.isArray(prot.crit) && prot.crit.includes('b64')))
    throw new Refusal('"b64" must be named in "crit" (RFC 7797 s6)');
  return prot.b64;
}

async function verifyOne(entry, payloadMember, request) {
  const { prot, all } = headerOf(entry.protected, entry.header);
  const alg = faults.ignoreAlg ? all.alg : request.alg;
  if (typeof all.alg !== 'string' || all.alg !== alg)
    throw new Refusal('the token names another algorithm');
  checkCrit(prot, all);
  const b64 = b64Of(prot, all);
  let payload;
  if (request.payload !== undefined) {
    if (payloadMember !== undefined && payloadMember !== '')
      throw new Refusal('a detached payload was given for an attached one');
    payload = dec(request.payload, 'payload');
  } else {
    // RFC 7515 s2: without detached content, an empty payload part is the empty payload.
    const detached =
      payloadMember === undefined || (faults.emptyIsDetached && payloadMember === '');
    if (detached) throw new Refusal('the payload is detached and was not given');
    payload = b64 ? dec(payloadMember, 'payload') : utf8(payloadMember);
  }
  const signed = concat(utf8(`${entry.protected ?? ''}.`), b64 ? utf8(enc(payload)) : payload);
  const jwk = faults.trustEmbeddedJwk && typeof all.jwk === 'object' ? all.jwk : request.key;
  const { key, p } = await keyFor(alg, jwk, 'verify');
  const signature = dec(entry.signature, 'signature');
  if (p.size !== undefined && signature.length !== p.size)
    throw new Refusal('the ECDSA signature is not R || S of the curve size');
  if (!(await subtle.verify(p.use, key, signature, signed)))
    throw new Refusal('the signature does not verify');
  return payload;
}

/** Verifies a compact or JSON JWS with the request's key, accepting only the requested algorithm. */
export async function verify(request) {
  const jws = request.jws;
  if (typeof jws === 'string') {
    const parts = jws.split('.');
    if (parts.length !== 3) throw new Refusal('a compact JWS has three parts');
    return verifyOne({ protected: parts[0], signature: parts[2] }, parts[1], request);
  }
  if (typeof jws !== 'object' || jws === null) throw new Refusal('no JWS');
  const entries = Array.isArray(jws.signatures) ? jws.signatures : [jws];
  if (entries.length === 0 || (Array.isArray(jws.signatures) && jws.signature !== undefined))
    throw new Refusal('a JWS is general or flattened');
  let last = new Refusal('no signature verifies');
  for (const entry of entries) {
    try {
      return await verifyOne(entry, jws.payload, request);
    } catch (e) {
      if (e instanceof Unsupported) throw e;
      last = e;
    }
  }
  throw last;
}

/** Signs the request's payload: compact with one signer, else JSON (flattened for one, general for more). */
export async function sign(request) {
  const payload = dec(request.payload, 'payload');
  const made = [];
  for (const signer of request.signers) {
    const prot = signer.protected ?? {};
    const all = { ...signer.header, ...prot };
    const b64 = prot.b64 !== false;
    const protectedB64u = Object.keys(prot).length === 0 ? '' : enc(utf8(JSON.stringify(prot)));
    const { key, p } = await keyFor(all.alg, signer.key, 'sign');
    const signature = await subtle.sign(
      p.use,
      key,
      concat(utf8(`${protectedB64u}.`), b64 ? utf8(enc(payload)) : payload),
    );
    made.push({
      protectedB64u,
      header: signer.header,
      b64,
      signature: enc(new Uint8Array(signature)),
    });
  }
  const text = (b64) => (b64 ? enc(payload) : Buffer.from(payload).toString('utf8'));
  if (request.serialization === 'compact') {
    const [one] = made;
    // RFC 7797 s5.2: an unencoded compact payload is detached when it could hold a '.'.
    return {
      compact: `${one.protectedB64u}.${request.detached || !one.b64 ? '' : text(true)}.${one.signature}`,
    };
  }
  const entries = made.map((m) => ({
    ...(m.protectedB64u === '' ? {} : { protected: m.protectedB64u }),
    ...(m.header === undefined ? {} : { header: m.header }),
    signature: m.signature,
  }));
  const payloadMember = request.detached ? {} : { payload: text(made[0].b64) };
  return {
    json:
      entries.length === 1
        ? { ...payloadMember, ...entries[0] }
        : { ...payloadMember, signatures: entries },
  };
}

export { codec };
