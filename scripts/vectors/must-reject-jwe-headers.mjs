// JWEs that must be refused for their header or their spelling, as the JWS ones are: duplicate
// header members, non-canonical base64url, and keys the token carries or points to. Each is
// otherwise well formed and decrypts under the key it was made with, so that only the attack it
// carries can be the reason for a refusal.
import { Buffer } from 'node:buffer';

/** The JWE must-reject vectors of duplicate members, base64url spellings and embedded keys. */
export function jweHeaderVectors(h, node) {
  return [...duplicateMembers(h, node), ...nonCanonical(h), ...embeddedKeys(h, node)];
}

function duplicateMembers(h, node) {
  const { jweRefusal, b64u, text64, seed, compactJwe, contentEncrypt } = h;
  const key = seed('JWE duplicate dir key', 16);
  const jwk = { kty: 'oct', k: b64u(key) };
  const iv = seed('JWE duplicate iv', 12);
  const plaintext = Buffer.from('must be refused');
  const reason = 'two members of one name let two readers see two headers; RFC 7516 s4 (by RFC 7515 s5.2) lets a reader refuse them, and the suite requires it';
  const headers = {
    'alg-twice': ['{"alg":"dir","enc":"A128GCM","alg":"dir"}', plaintext],
    'enc-twice': ['{"alg":"dir","enc":"A256GCM","enc":"A128GCM"}', plaintext],
    'zip-twice': ['{"alg":"dir","enc":"A128GCM","zip":"DEF","zip":"DEF"}', node.deflateRawSync(plaintext)],
    'kid-twice': ['{"alg":"dir","enc":"A128GCM","kid":"a","kid":"b"}', plaintext],
  };
  const out = Object.entries(headers).map(([name, [header, content]]) =>
    jweRefusal(`duplicate-${name}`, {
      title: `dir / A128GCM, protected header ${header}`,
      reason, rfc: 'RFC 7516', section: 'Section 4; RFC 7515 Section 5.2 step 4',
      alg: 'dir', enc: 'A128GCM', key: jwk, jwe: compactJwe(header, Buffer.alloc(0), key, iv, content),
    }),
  );
  // JSON serialization: one name in the protected and the unprotected header.
  const p = text64('{"alg":"dir","enc":"A128GCM"}');
  const made = contentEncrypt(key, iv, plaintext, Buffer.from(p, 'ascii'));
  out.push(jweRefusal('duplicate-enc-protected-and-unprotected', {
    title: 'dir / A128GCM (JSON), "enc" in both the protected and the unprotected header',
    reason: 'the header parameter names of the protected, unprotected and per-recipient headers must be disjoint (RFC 7516 s7.2.1)',
    rfc: 'RFC 7516', section: 'Section 7.2.1',
    alg: 'dir', enc: 'A128GCM', key: jwk,
    jwe: { protected: p, unprotected: { enc: 'A128GCM' }, iv: b64u(iv), ciphertext: b64u(made.ciphertext), tag: b64u(made.tag) },
  }));
  return out;
}

// A dir / A128GCM JWE whose tag spells a '-' or '_', over a 16-octet plaintext, so that the
// ciphertext and the tag (16 octets each) end with a character that holds 4 stray bits.
function nonCanonical(h) {
  const { jweRefusal, b64u, seed, compactJwe } = h;
  const key = seed('JWE base64url dir key', 16);
  let n = 0;
  let token;
  do {
    token = compactJwe('{"alg":"dir","enc":"A128GCM"}', Buffer.alloc(0), key, seed(`JWE base64url iv ${n++}`, 12), Buffer.from('sixteen octets!!'));
  } while (!/[-_]/.test(token.split('.')[4]));
  const [p, ek, iv, ct, tag] = token.split('.');
  const bump = (t) => t.slice(0, -1) + String.fromCharCode(t.charCodeAt(t.length - 1) + 1);
  const std = (t) => t.replaceAll('-', '+').replaceAll('_', '/');
  const forms = {
    'tag-stray-bits': [p, ek, iv, ct, bump(tag)],
    'tag-padded': [p, ek, iv, ct, `${tag}==`],
    'tag-standard-alphabet': [p, ek, iv, ct, std(tag)],
    'ciphertext-stray-bits': [p, ek, iv, bump(ct), tag],
    'ciphertext-padded': [p, ek, iv, `${ct}==`, tag],
    'iv-with-space': [p, ek, `${iv.slice(0, 8)} ${iv.slice(8)}`, ct, tag],
    'tag-newline': [p, ek, iv, ct, `${tag.slice(0, 10)}\n${tag.slice(10)}`],
  };
  return Object.entries(forms).map(([form, parts]) =>
    jweRefusal(`base64url-${form}`, {
      title: `dir / A128GCM, ${form.replaceAll('-', ' ')}`,
      reason: 'base64url has one spelling per value: no padding, no other alphabet, no stray bits or spaces (RFC 7516 s2, RFC 4648 s3.5)',
      rfc: 'RFC 7516', section: 'Section 2; RFC 4648 Section 3.5',
      alg: 'dir', enc: 'A128GCM', key: { kty: 'oct', k: b64u(key) }, jwe: parts.join('.'),
    }),
  );
}

function embeddedKeys(h, node) {
  const { jweRefusal, b64u, text64, seed, ecKey, publicJwk, compactJwe, contentEncrypt, concatKdf } = h;
  const reason = 'a key the token carries or points to is never used in place of the caller\'s key (CVE-2018-0114; RFC 8725 s3.10)';
  const cite = { rfc: 'RFC 8725', section: 'Section 3.10; CVE-2018-0114' };
  const plaintext = Buffer.from('must be refused');
  const iv = seed('JWE embedded iv', 12);
  const trusted = { kty: 'oct', k: b64u(seed('JWE trusted key', 16)) };
  const attacker = seed('JWE attacker key', 16);
  const attackerJwk = { kty: 'oct', k: b64u(attacker) };
  const cek = seed('JWE embedded cek', 16);
  const kek = node.createCipheriv('id-aes128-wrap', attacker, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
  const wrapped = Buffer.concat([kek.update(cek), kek.final()]);
  const out = [];
  const dir = (extra) => compactJwe(JSON.stringify({ alg: 'dir', enc: 'A128GCM', ...extra }), Buffer.alloc(0), attacker, iv, plaintext);
  const cases = [
    ['jwk', 'dir', dir({ jwk: attackerJwk }), '"jwk" holding the key it was made with'],
    ['jku', 'dir', dir({ jku: 'https://attacker.example/jwks.json', kid: 'a' }), '"jku" pointing to the key it was made with'],
    ['jwk-A128KW', 'A128KW', compactJwe(JSON.stringify({ alg: 'A128KW', enc: 'A128GCM', jwk: attackerJwk }), wrapped, cek, iv, plaintext), '"jwk" holding the key that wraps its CEK'],
  ];
  for (const [name, alg, jwe, what] of cases) {
    out.push(jweRefusal(`embedded-${name}`, { title: `${alg} / A128GCM made with another key, the header carrying ${what}`, reason, ...cite, alg, enc: 'A128GCM', key: trusted, jwe }));
  }
  const p = text64('{"alg":"dir","enc":"A128GCM"}');
  const made = contentEncrypt(attacker, iv, plaintext, Buffer.from(p, 'ascii'));
  out.push(jweRefusal('embedded-jwk-unprotected', {
    title: 'dir / A128GCM (JSON) made with another key, carried as "jwk" in the unprotected header',
    reason, ...cite, alg: 'dir', enc: 'A128GCM', key: trusted,
    jwe: { protected: p, unprotected: { jwk: attackerJwk }, iv: b64u(iv), ciphertext: b64u(made.ciphertext), tag: b64u(made.tag) },
  }));
  // ECDH-ES to the attacker's own P-256 key, which "x5c" carries: the caller's key agrees on another.
  const recipient = ecKey('P-256', 'JWE embedded trusted P-256 key');
  const other = ecKey('P-256', 'JWE embedded attacker P-256 key');
  const eph = ecKey('P-256', 'JWE embedded ephemeral P-256 key');
  const z = node.diffieHellman({ privateKey: node.createPrivateKey({ key: eph, format: 'jwk' }), publicKey: node.createPublicKey({ key: publicJwk(other), format: 'jwk' }) });
  const x5c = [node.createPublicKey({ key: publicJwk(other), format: 'jwk' }).export({ type: 'spki', format: 'der' }).toString('base64')];
  const header = JSON.stringify({ alg: 'ECDH-ES', enc: 'A128GCM', epk: publicJwk(eph), x5c });
  out.push(jweRefusal('embedded-x5c', {
    title: 'ECDH-ES / A128GCM agreed with another P-256 key, which "x5c" carries',
    reason, ...cite, alg: 'ECDH-ES', enc: 'A128GCM', key: recipient,
    jwe: compactJwe(header, Buffer.alloc(0), concatKdf(z, 128, 'A128GCM'), iv, plaintext),
  }));
  return out;
}
