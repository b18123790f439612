// Tokens every JOSE implementation must refuse, one vector per attack, each with its reason and
// the RFC section or CVE that says so. They are made with node:crypto alone, byte by byte, since
// a JOSE library would refuse to make most of them; each is otherwise well formed and correctly
// signed or encrypted, so that only the attack it carries can be the reason for a refusal.
import { Buffer } from 'node:buffer';
import { createCipheriv, createECDH, createPrivateKey, createPublicKey, diffieHellman, pbkdf2Sync, publicEncrypt, constants } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { b64u, compactJwe, compactJws, concatKdf, contentEncrypt, ecKey, oct, okpKey, publicJwk, rawSign, rsa, rsaOther, seed, text64 } from './common.mjs';
import { ecdsaVectors } from './must-reject-ecdsa.mjs';
import { jweVectors } from './must-reject-jwe.mjs';
import { jweHeaderVectors } from './must-reject-jwe-headers.mjs';

const PAYLOAD = text64('{"sub":"must be refused"}');

/** A JWS the verifier, given `key` and asked for `alg`, must refuse. */
export function jwsRefusal(id, { title, reason, rfc, section, alg, key, jws, also = [] }) {
  const expected = typeof jws === 'string' ? { signaturesB64u: [], compact: jws } : { signaturesB64u: [], jsonFlattened: jws };
  return {
    id: `REJECT-JWS-${id}`,
    kind: 'jws',
    rfc,
    section,
    title,
    algorithms: [...new Set([alg, ...also])],
    deterministic: false,
    refusal: reason,
    keys: { verify: key },
    inputs: { payloadB64u: PAYLOAD, signatures: [{ alg, verificationKey: 'verify' }] },
    expected,
  };
}

/** A JWE the decrypter, given `key` and asked for `alg` and `enc`, must refuse. */
export function jweRefusal(id, { title, reason, rfc, section, alg, enc, key, jwe, also = [] }) {
  return {
    id: `REJECT-JWE-${id}`,
    kind: 'jwe',
    rfc,
    section,
    title,
    algorithms: [...new Set([alg, enc, ...also])],
    deterministic: false,
    refusal: reason,
    keys: { decrypt: key },
    inputs: { enc, recipients: [{ alg, decryptionKey: 'decrypt' }] },
    expected: typeof jwe === 'string' ? { compact: jwe } : { jsonFlattened: jwe },
  };
}

const hmacKey = oct('HMAC key that fits HS256, HS384 and HS512', 64);

function algorithmConfusion() {
  const out = [];
  const rsaKey = rsa();
  const pairs = [
    ['HS256', 'HS384', hmacKey], ['HS256', 'HS512', hmacKey], ['HS384', 'HS256', hmacKey], ['HS384', 'HS512', hmacKey], ['HS512', 'HS256', hmacKey], ['HS512', 'HS384', hmacKey],
    ['RS256', 'PS256', rsaKey], ['PS256', 'RS256', rsaKey], ['RS256', 'RS384', rsaKey], ['RS384', 'RS512', rsaKey], ['RS512', 'RS256', rsaKey],
    ['PS256', 'PS384', rsaKey], ['PS384', 'PS512', rsaKey], ['PS512', 'PS256', rsaKey], ['RS512', 'PS512', rsaKey],
  ];
  for (const [made, asked, key] of pairs) {
    out.push(jwsRefusal(`alg-${made}-asked-${asked}`, {
      title: `a valid ${made} token, verified with ${asked} asked (the key fits both)`,
      reason: `the algorithm is the caller's choice, not the token's: a ${made} token must not pass when ${asked} is asked (RFC 8725 s3.1; CVE-2015-9235)`,
      rfc: 'RFC 8725', section: 'Section 3.1; CVE-2015-9235',
      alg: asked, key: key.kty === 'oct' ? key : publicJwk(key), also: [made],
      jws: compactJws(JSON.stringify({ alg: made }), PAYLOAD, made, key),
    }));
  }
  return out;
}

function unsecured() {
  const out = [];
  const key = oct('HS256 key for none', 32);
  for (const spelling of ['none', 'None', 'NONE', 'nOnE']) {
    for (const [what, signature] of [['empty', ''], ['garbage', 'AAAA']]) {
      out.push(jwsRefusal(`none-${spelling}-${what}-signature`, {
        title: `"alg": "${spelling}" with ${what === 'empty' ? 'an empty' : 'a made-up'} signature, HS256 asked`,
        reason: 'an unsecured JWS is never accepted where a signature is expected, however "none" is spelled (RFC 8725 s3.1, RFC 7518 s3.6; CVE-2015-9235)',
        rfc: 'RFC 8725', section: 'Section 3.1; RFC 7518 Section 3.6',
        alg: 'HS256', key, also: [spelling],
        jws: `${text64(JSON.stringify({ alg: spelling }))}.${PAYLOAD}.${signature}`,
      }));
    }
  }
  out.push(jwsRefusal('none-asked-for', {
    title: '"alg": "none" asked for by the caller, with an empty signature',
    reason: 'an implementation that verifies signatures must not treat "none" as a signature algorithm (RFC 7518 s3.6, RFC 8725 s3.1)',
    rfc: 'RFC 7518', section: 'Section 3.6; RFC 8725 Section 3.1',
    alg: 'none', key, jws: `${text64('{"alg":"none"}')}.${PAYLOAD}.`,
  }));
  return out;
}

// The public key's encodings an HMAC could be keyed with by a verifier that takes any key as octets.
function publicKeyAsHmacKey() {
  const out = [];
  for (const [kind, jwk] of [['RSA', rsa()], ['EC', ecKey('P-256', 'ES256 key')]]) {
    const pub = createPublicKey({ key: jwk, format: 'jwk' });
    const forms = {
      'spki-pem': Buffer.from(pub.export({ type: 'spki', format: 'pem' })),
      'spki-der': pub.export({ type: 'spki', format: 'der' }),
      'jwk-json': Buffer.from(JSON.stringify(publicJwk(jwk))),
      ...(kind === 'RSA' ? { 'pkcs1-pem': Buffer.from(pub.export({ type: 'pkcs1', format: 'pem' })), modulus: Buffer.from(jwk.n, 'base64url') } : { 'x-coordinate': Buffer.from(jwk.x, 'base64url') }),
    };
    for (const [form, secret] of Object.entries(forms)) {
      const token = compactJws('{"alg":"HS256"}', PAYLOAD, 'HS256', secret);
      const asked = kind === 'RSA' ? 'RS256' : 'ES256';
      for (const alg of ['HS256', asked]) {
        out.push(jwsRefusal(`hmac-keyed-with-${kind}-public-${form}-asked-${alg}`, {
          title: `HS256 keyed with the ${kind} public key (${form}), verified with that public key and ${alg} asked`,
          reason: 'an asymmetric public key is never an HMAC secret (RFC 8725 s2.1, s3.1; CVE-2016-10555)',
          rfc: 'RFC 8725', section: 'Section 2.1; CVE-2016-10555',
          alg, key: publicJwk(jwk), also: ['HS256'], jws: token,
        }));
      }
    }
  }
  return out;
}

function criticalHeaders() {
  const out = [];
  const cases = [
    ['unknown', (alg) => ({ alg, crit: ['exp-x'], 'exp-x': 1 }), 'names an extension the verifier does not understand'],
    ['empty', (alg) => ({ alg, crit: [] }), 'is an empty list'],
    ['registered-alg', (alg) => ({ alg, crit: ['alg'] }), 'names a header parameter RFC 7515 defines'],
    ['registered-kid', (alg) => ({ alg, kid: 'k', crit: ['kid'] }), 'names a header parameter RFC 7515 defines'],
    ['absent', (alg) => ({ alg, crit: ['exp-y'] }), 'names a member the header does not hold'],
    ['not-a-list', (alg) => ({ alg, crit: 'exp-x', 'exp-x': 1 }), 'is not a list'],
  ];
  for (const [alg, key] of [['HS256', oct('HS256 crit key', 32)], ['ES256', ecKey('P-256', 'ES256 key')]]) {
    for (const [name, header, why] of cases) {
      out.push(jwsRefusal(`crit-${name}-${alg}`, {
        title: `${alg}, "crit" ${why}`,
        reason: `a "crit" that ${why} makes the JWS invalid (RFC 7515 s4.1.11)`,
        rfc: 'RFC 7515', section: 'Section 4.1.11',
        alg, key: key.kty === 'oct' ? key : publicJwk(key), jws: compactJws(JSON.stringify(header(alg)), PAYLOAD, alg, key),
      }));
    }
    const prot = text64(JSON.stringify({ alg }));
    const sig = b64u(rawSign(alg, key, Buffer.from(`${prot}.${PAYLOAD}`)));
    out.push(jwsRefusal(`crit-unprotected-${alg}`, {
      title: `${alg}, "crit" naming an extension in the unprotected header (JSON)`,
      reason: '"crit" must be integrity protected, and its extension is not understood (RFC 7515 s4.1.11)',
      rfc: 'RFC 7515', section: 'Section 4.1.11',
      alg, key: key.kty === 'oct' ? key : publicJwk(key), jws: { protected: prot, header: { crit: ['exp-x'], 'exp-x': 1 }, payload: PAYLOAD, signature: sig },
    }));
  }
  return out;
}

function unencodedPayload() {
  const out = [];
  for (const [alg, key] of [['HS256', oct('HS256 b64 key', 32)], ['ES256', ecKey('P-256', 'ES256 key')]]) {
    const verify = key.kty === 'oct' ? key : publicJwk(key);
    const raw = 'must be refused';
    const sign = (header) => {
      const head = text64(JSON.stringify(header));
      return { head, sig: b64u(rawSign(alg, key, Buffer.concat([Buffer.from(`${head}.`), Buffer.from(raw)]))) };
    };
    const outside = sign({ alg, b64: false });
    out.push(jwsRefusal(`b64-outside-crit-${alg}`, {
      title: `${alg}, "b64": false not named in "crit", signed over the raw payload`,
      reason: '"b64" must be named in "crit", or a reader that does not know it reads another payload (RFC 7797 s6)',
      rfc: 'RFC 7797', section: 'Section 6',
      alg, key: verify, jws: `${outside.head}.${raw}.${outside.sig}`,
    }));
    out.push(jwsRefusal(`b64-outside-crit-json-${alg}`, {
      title: `${alg}, JSON, "b64": false not named in "crit"`,
      reason: '"b64" must be named in "crit" (RFC 7797 s6)',
      rfc: 'RFC 7797', section: 'Section 6',
      alg, key: verify, jws: { protected: outside.head, payload: raw, signature: outside.sig },
    }));
    const unprot = sign({ alg, crit: ['b64'] });
    out.push(jwsRefusal(`b64-unprotected-${alg}`, {
      title: `${alg}, JSON, "b64": false in the unprotected header`,
      reason: '"b64" must be in the protected header (RFC 7797 s3)',
      rfc: 'RFC 7797', section: 'Section 3',
      alg, key: verify, jws: { protected: unprot.head, header: { b64: false }, payload: raw, signature: unprot.sig },
    }));
    const typed = sign({ alg, b64: 'false', crit: ['b64'] });
    out.push(jwsRefusal(`b64-not-boolean-${alg}`, {
      title: `${alg}, "b64": "false" (a string)`,
      reason: '"b64" is a boolean (RFC 7797 s3)',
      rfc: 'RFC 7797', section: 'Section 3',
      alg, key: verify, jws: `${typed.head}.${raw}.${typed.sig}`,
    }));
  }
  return out;
}

function truncatedSignatures() {
  const out = [];
  const keys = { HS256: oct('HS256 tag key', 32), HS384: oct('HS384 tag key', 48), HS512: oct('HS512 tag key', 64), RS256: rsa(), EdDSA: okpKey('Ed25519', 'Ed25519 key') };
  for (const [alg, key] of Object.entries(keys)) {
    const [h, p, s] = compactJws(JSON.stringify({ alg }), PAYLOAD, alg, key).split('.');
    const sig = Buffer.from(s, 'base64url');
    const forms = { 'truncated-by-one': sig.subarray(0, sig.length - 1), 'extended-by-one': Buffer.concat([sig, Buffer.of(0)]), ...(alg.startsWith('HS') ? { 'truncated-to-half': sig.subarray(0, sig.length / 2) } : {}) };
    for (const [form, bad] of Object.entries(forms)) {
      out.push(jwsRefusal(`signature-${form}-${alg}`, {
        title: `${alg}, the signature ${form.replaceAll('-', ' ')}`,
        reason: 'a signature of another length is not the signature (RFC 7515 s5.2 step 8; RFC 7518 s3.2: no truncated MACs)',
        rfc: 'RFC 7518', section: 'Section 3.2; RFC 7515 Section 5.2',
        alg, key: key.kty === 'oct' ? key : publicJwk(key), jws: `${h}.${p}.${b64u(bad)}`,
      }));
    }
  }
  return out;
}

function duplicateMembers() {
  const key = oct('HS256 duplicate key', 32);
  const headers = {
    'alg-twice': '{"alg":"HS256","alg":"HS256"}',
    'alg-none-then-hs256': '{"alg":"none","alg":"HS256"}',
    'kid-twice': '{"alg":"HS256","kid":"a","kid":"b"}',
    'crit-twice': '{"alg":"HS256","crit":["exp-x"],"crit":[],"exp-x":1}',
    'b64-twice': '{"alg":"HS256","b64":false,"crit":["b64"],"b64":true}',
  };
  return Object.entries(headers).map(([name, header]) =>
    jwsRefusal(`duplicate-${name}`, {
      title: `HS256, protected header ${header}`,
      reason: 'two members of one name let two readers see two headers; RFC 7515 s5.2 lets a reader refuse them, and the suite requires it',
      rfc: 'RFC 7515', section: 'Section 5.2 step 4',
      alg: 'HS256', key, jws: compactJws(header, PAYLOAD, 'HS256', key),
    }),
  );
}

// Find a payload whose token spells a '-' or '_' in its signature, and leaves stray bits in its last characters.
function nonCanonical() {
  const key = oct('HS256 base64url key', 32);
  let n = 0;
  let token;
  let payload;
  do {
    payload = text64(`{"n":${n++},"x":"ab"}`);
    token = compactJws('{"alg":"HS256"}', payload, 'HS256', key);
  } while (!/[-_]/.test(token.split('.')[2]) || payload.length % 4 === 0);
  const [h, p, s] = token.split('.');
  const bump = (t) => t.slice(0, -1) + String.fromCharCode(t.charCodeAt(t.length - 1) + 1);
  const std = (t) => t.replaceAll('-', '+').replaceAll('_', '/');
  const forms = {
    'signature-stray-bits': `${h}.${p}.${bump(s)}`,
    'signature-padded': `${h}.${p}.${s}=`,
    'signature-standard-alphabet': `${h}.${p}.${std(s)}`,
    'signature-with-space': `${h}.${p}.${s.slice(0, 10)} ${s.slice(10)}`,
    'payload-stray-bits': `${h}.${bump(p)}.${s}`,
    'payload-padded': `${h}.${p}${'='.repeat((4 - (p.length % 4)) % 4)}.${s}`,
    'header-padded': `${h}${'='.repeat((4 - (h.length % 4)) % 4 || 4)}.${p}.${s}`,
    'signature-newline': `${h}.${p}.${s.slice(0, 20)}\n${s.slice(20)}`,
  };
  return Object.entries(forms).map(([form, jws]) =>
    jwsRefusal(`base64url-${form}`, {
      title: `HS256, ${form.replaceAll('-', ' ')}`,
      reason: 'base64url has one spelling per value: no padding, no other alphabet, no stray bits or spaces (RFC 7515 s2, RFC 4648 s3.5)',
      rfc: 'RFC 7515', section: 'Section 2; RFC 4648 Section 3.5',
      alg: 'HS256', key, jws,
    }),
  );
}

function embeddedKeys() {
  const out = [];
  const trusted = ecKey('P-256', 'ES256 key');
  const attacker = ecKey('P-256', 'attacker P-256 key');
  const attackerRsa = rsaOther();
  const cases = [
    ['jwk', 'ES256', { jwk: publicJwk(attacker) }, attacker, publicJwk(trusted)],
    ['jwk-rsa', 'RS256', { jwk: publicJwk(attackerRsa) }, attackerRsa, publicJwk(rsa())],
    ['jwk-oct', 'HS256', { jwk: oct('attacker HMAC key', 32) }, oct('attacker HMAC key', 32), oct('trusted HMAC key', 32)],
    ['jku', 'ES256', { jku: 'https://attacker.example/jwks.json', kid: 'a' }, attacker, publicJwk(trusted)],
    ['x5u', 'ES256', { x5u: 'https://attacker.example/cert.pem' }, attacker, publicJwk(trusted)],
    ['x5c', 'ES256', { x5c: [createPublicKey({ key: attacker, format: 'jwk' }).export({ type: 'spki', format: 'der' }).toString('base64')] }, attacker, publicJwk(trusted)],
  ];
  for (const [name, alg, extra, signer, key] of cases) {
    out.push(jwsRefusal(`embedded-${name}`, {
      title: `${alg} signed by another key, which the header carries (${Object.keys(extra).join(', ')})`,
      reason: 'a key the token carries or points to is never trusted in place of the caller\'s key (CVE-2018-0114; RFC 8725 s3.10)',
      rfc: 'RFC 8725', section: 'Section 3.10; CVE-2018-0114',
      alg, key, jws: compactJws(JSON.stringify({ alg, ...extra }), PAYLOAD, alg, signer),
    }));
  }
  const prot = text64('{"alg":"ES256"}');
  out.push(jwsRefusal('embedded-jwk-unprotected', {
    title: 'ES256 (JSON) signed by another key, carried as "jwk" in the unprotected header',
    reason: 'a key the token carries is never trusted (CVE-2018-0114)',
    rfc: 'RFC 8725', section: 'Section 3.10; CVE-2018-0114',
    alg: 'ES256', key: publicJwk(trusted),
    jws: { protected: prot, header: { jwk: publicJwk(attacker) }, payload: PAYLOAD, signature: b64u(rawSign('ES256', attacker, Buffer.from(`${prot}.${PAYLOAD}`))) },
  }));
  return out;
}

/** Every must-reject vector. */
export function mustRejectVectors() {
  const helpers = { jwsRefusal, jweRefusal, b64u, text64, seed, oct, ecKey, okpKey, publicJwk, rsa, rawSign, compactJwe, concatKdf, contentEncrypt, PAYLOAD };
  const node = { createCipheriv, createECDH, createPrivateKey, createPublicKey, diffieHellman, pbkdf2Sync, publicEncrypt, constants, deflateRawSync };
  return [
    ...algorithmConfusion(),
    ...unsecured(),
    ...publicKeyAsHmacKey(),
    ...criticalHeaders(),
    ...unencodedPayload(),
    ...truncatedSignatures(),
    ...duplicateMembers(),
    ...nonCanonical(),
    ...embeddedKeys(),
    ...ecdsaVectors(helpers),
    ...jweVectors(helpers, node),
    ...jweHeaderVectors(helpers, node),
  ];
}
