// JWEs that must be refused: another algorithm than the one asked, truncated or extended tags,
// tampered headers, IVs, ciphertexts and AAD, key wrap and RSA1_5 failures, PBES2 counts out of
// bounds, a DEFLATE bomb, and ECDH-ES ephemeral keys off their curve, on another one or of small order.
import { Buffer } from 'node:buffer';

const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const CEK_BYTES = { 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64, A128GCM: 16, A192GCM: 24, A256GCM: 32 };
const flip = (b, i = Math.floor(b.length / 2)) => Buffer.from(b.map((x, j) => (j === i ? x ^ 1 : x)));

/** The JWE must-reject vectors. */
export function jweVectors(h, node) {
  const { jweRefusal, b64u, text64, seed, oct, ecKey, okpKey, publicJwk, rsa, compactJwe, concatKdf, contentEncrypt } = h;
  const out = [];
  const plaintext = Buffer.from('must be refused');
  const ivOf = (enc) => seed(`${enc} iv`, enc.includes('CBC') ? 16 : 12);
  const wrapKw = (kek, cek) => {
    const c = node.createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, KW_IV);
    return Buffer.concat([c.update(cek), c.final()]);
  };
  const push = (id, fields) => out.push(jweRefusal(id, fields));

  // Tags, headers, IVs, ciphertexts and AAD, for every content encryption ("dir").
  for (const enc of Object.keys(CEK_BYTES)) {
    const key = seed(`${enc} dir key`, CEK_BYTES[enc]);
    const jwk = { kty: 'oct', k: b64u(key) };
    const iv = ivOf(enc);
    const header = JSON.stringify({ alg: 'dir', enc });
    const [p, , ivB, ct, tag] = compactJwe(header, Buffer.alloc(0), key, iv, plaintext).split('.');
    const t = Buffer.from(tag, 'base64url');
    const c = Buffer.from(ct, 'base64url');
    const compact = (parts) => [parts.p ?? p, '', parts.iv ?? ivB, parts.ct ?? ct, parts.tag ?? tag].join('.');
    const forms = {
      'tag-truncated-to-half': [compact({ tag: b64u(t.subarray(0, t.length / 2)) }), 'the tag cut to its first half', 'RFC 7518 s5.2.2.2, s5.3'],
      'tag-truncated-by-one': [compact({ tag: b64u(t.subarray(0, t.length - 1)) }), 'the tag one octet short', 'RFC 7518 s5.2.2.2, s5.3'],
      'tag-extended-by-one': [compact({ tag: b64u(Buffer.concat([t, Buffer.of(0)])) }), 'the tag one octet long', 'RFC 7518 s5.2.2.2, s5.3'],
      'tag-empty': [compact({ tag: '' }), 'no tag', 'RFC 7516 s5.2'],
      'header-changed': [compact({ p: text64(JSON.stringify({ alg: 'dir', enc, kid: 'x' })) }), 'another protected header (the AAD)', 'RFC 7516 s5.2 step 14'],
      'iv-changed': [compact({ iv: b64u(flip(iv)) }), 'a changed IV', 'RFC 7516 s5.2'],
      'ciphertext-changed': [compact({ ct: b64u(flip(c)) }), 'a changed ciphertext', 'RFC 7516 s5.2'],
      'ciphertext-truncated': [compact({ ct: b64u(c.subarray(0, c.length - (enc.includes('CBC') ? 16 : 1))) }), 'a shortened ciphertext', 'RFC 7516 s5.2'],
    };
    const aad = 'extra';
    const flat = (aadMember, macAad) => {
      const made = contentEncrypt(key, iv, plaintext, Buffer.from(macAad, 'ascii'));
      return { protected: p, iv: ivB, ciphertext: b64u(made.ciphertext), tag: b64u(made.tag), ...(aadMember === undefined ? {} : { aad: aadMember }) };
    };
    forms['aad-changed'] = [flat('other', `${p}.${aad}`), 'a changed JSON "aad"', 'RFC 7516 s5.2 step 14'];
    forms['aad-removed'] = [flat(undefined, `${p}.${aad}`), 'its JSON "aad" removed', 'RFC 7516 s5.2 step 14'];
    forms['aad-added'] = [flat(aad, p), 'a JSON "aad" added', 'RFC 7516 s5.2 step 14'];
    for (const [name, [jwe, what, cite]] of Object.entries(forms)) {
      push(`${enc}-${name}`, {
        title: `dir / ${enc}, ${what}`,
        reason: `${what}: authenticated decryption must fail, and only a whole tag of the algorithm's length counts (${cite})`,
        rfc: cite.startsWith('RFC 7518') ? 'RFC 7518' : 'RFC 7516', section: cite.replace(/^RFC \d+ /, ''),
        alg: 'dir', enc, key: jwk, jwe,
      });
    }
  }

  // Another algorithm than the one asked, with a key that fits both.
  const rsaKey = rsa();
  const rsaPub = node.createPublicKey({ key: rsaKey, format: 'jwk' });
  const oaep = (hash, cek) => node.publicEncrypt({ key: rsaPub, padding: node.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, cek);
  const cek16 = seed('confusion cek', 16);
  const gcmIv = ivOf('A128GCM');
  const confusion = [
    ['RSA-OAEP-256', 'RSA-OAEP', 'A128GCM', rsaKey, () => compactJwe('{"alg":"RSA-OAEP-256","enc":"A128GCM"}', oaep('sha256', cek16), cek16, gcmIv, plaintext)],
    ['RSA-OAEP', 'RSA-OAEP-256', 'A128GCM', rsaKey, () => compactJwe('{"alg":"RSA-OAEP","enc":"A128GCM"}', oaep('sha1', cek16), cek16, gcmIv, plaintext)],
    ['RSA-OAEP-384', 'RSA-OAEP-512', 'A128GCM', rsaKey, () => compactJwe('{"alg":"RSA-OAEP-384","enc":"A128GCM"}', oaep('sha384', cek16), cek16, gcmIv, plaintext)],
    ['A128KW', 'A128GCMKW', 'A128GCM', oct('KW key', 16), (k) => compactJwe('{"alg":"A128KW","enc":"A128GCM"}', wrapKw(Buffer.from(k.k, 'base64url'), cek16), cek16, gcmIv, plaintext)],
  ];
  for (const [made, asked, enc, key, make] of confusion) {
    push(`alg-${made}-asked-${asked}`, {
      title: `a valid ${made} / ${enc} JWE, decrypted with ${asked} asked (the key fits both)`,
      reason: `the key management algorithm is the caller's choice: a ${made} JWE must not decrypt when ${asked} is asked (RFC 8725 s3.1)`,
      rfc: 'RFC 8725', section: 'Section 3.1',
      alg: asked, enc, key, also: [made], jwe: make(key),
    });
  }
  const dir32 = seed('dir key fitting A256GCM and A128CBC-HS256', 32);
  for (const [made, asked] of [['A256GCM', 'A128CBC-HS256'], ['A128CBC-HS256', 'A256GCM']]) {
    push(`enc-${made}-asked-${asked}`, {
      title: `a valid dir / ${made} JWE, decrypted with ${asked} asked (the 32-octet key fits both)`,
      reason: `the content encryption is the caller's choice: ${made} must not be accepted when ${asked} is asked (RFC 8725 s3.1)`,
      rfc: 'RFC 8725', section: 'Section 3.1',
      alg: 'dir', enc: asked, key: { kty: 'oct', k: b64u(dir32) }, also: [made],
      jwe: compactJwe(JSON.stringify({ alg: 'dir', enc: made }), Buffer.alloc(0), dir32, ivOf(made), plaintext),
    });
  }
  out.push(...keyManagement(h, node, { plaintext, wrapKw, ivOf }));
  return out;
}

function keyManagement(h, node, { plaintext, wrapKw, ivOf }) {
  const { jweRefusal, b64u, text64, seed, oct, ecKey, okpKey, publicJwk, rsa, compactJwe, concatKdf } = h;
  const out = [];
  const push = (id, fields) => out.push(jweRefusal(id, fields));
  const gcmIv = ivOf('A128GCM');
  const cek = seed('key management cek', 16);

  // AES key wrap (RFC 3394): the integrity check must hold and the CEK must fit the enc.
  for (const alg of ['A128KW', 'A192KW', 'A256KW']) {
    const kek = seed(`${alg} reject kek`, Number(alg.slice(1, 4)) / 8);
    const key = { kty: 'oct', k: b64u(kek) };
    const header = JSON.stringify({ alg, enc: 'A128GCM' });
    const wrapped = wrapKw(kek, cek);
    const long = seed('a 24-octet CEK', 24);
    const forms = {
      'wrapped-key-changed': [compactJwe(header, flip(wrapped), cek, gcmIv, plaintext), 'a changed wrapped key', 'RFC 3394 s2.2.3'],
      'wrapped-key-short-by-a-block': [compactJwe(header, wrapped.subarray(8), cek, gcmIv, plaintext), 'a wrapped key a block short', 'RFC 3394 s2.2.3'],
      'wrapped-key-odd-length': [compactJwe(header, wrapped.subarray(1), cek, gcmIv, plaintext), 'a wrapped key of no whole block', 'RFC 3394 s2.2.2'],
      'cek-of-another-length': [compactJwe(header, wrapKw(kek, long), long.subarray(0, 16), gcmIv, plaintext), 'a 24-octet CEK for A128GCM, content made with its first 16 octets', 'RFC 7516 s5.2 step 10'],
    };
    for (const [name, [jwe, what, cite]] of Object.entries(forms)) {
      push(`${alg}-${name}`, { title: `${alg} / A128GCM, ${what}`, reason: `${what} must not decrypt (${cite})`, rfc: cite.split(' s')[0], section: `Section ${cite.split(' s')[1]}`, alg, enc: 'A128GCM', key, jwe });
    }
  }

  function flip(b, i = Math.floor(b.length / 2)) {
    return Buffer.from(b.map((x, j) => (j === i ? x ^ 1 : x)));
  }

  // AES-GCM key wrap: a whole 128-bit tag and a 96-bit IV (RFC 7518 s4.7.1).
  for (const alg of ['A128GCMKW', 'A256GCMKW']) {
    const kek = seed(`${alg} reject kek`, Number(alg.slice(1, 4)) / 8);
    const key = { kty: 'oct', k: b64u(kek) };
    const wrapWith = (iv) => {
      const c = node.createCipheriv(`aes-${kek.length * 8}-gcm`, kek, iv);
      const ek = Buffer.concat([c.update(cek), c.final()]);
      return { ek, tag: c.getAuthTag() };
    };
    const iv12 = seed(`${alg} wrap iv`, 12);
    const good = wrapWith(iv12);
    const make = (iv, ek, tag) => compactJwe(JSON.stringify({ alg, enc: 'A128GCM', iv: b64u(iv), tag: b64u(tag) }), ek, cek, gcmIv, plaintext);
    const iv8 = seed(`${alg} short wrap iv`, 8);
    const short = wrapWith(iv8);
    const forms = {
      'tag-changed': [make(iv12, good.ek, flip(good.tag)), 'a changed key wrap tag'],
      'tag-truncated': [make(iv12, good.ek, good.tag.subarray(0, 12)), 'the key wrap tag cut to 96 bits'],
      'wrapped-key-changed': [make(iv12, flip(good.ek), good.tag), 'a changed encrypted key'],
      'iv-of-64-bits': [make(iv8, short.ek, short.tag), 'a 64-bit key wrap IV (the wrap is otherwise valid)'],
    };
    for (const [name, [jwe, what]] of Object.entries(forms)) {
      push(`${alg}-${name}`, { title: `${alg} / A128GCM, ${what}`, reason: `${what} must not decrypt: the key wrap uses a 96-bit IV and a 128-bit tag (RFC 7518 s4.7.1)`, rfc: 'RFC 7518', section: 'Section 4.7.1', alg, enc: 'A128GCM', key, jwe });
    }
  }

  // RSA1_5: every failure, of padding or of length, ends in the same refusal (RFC 7516 s11.5).
  const rsaKey = rsa();
  const pub = node.createPublicKey({ key: rsaKey, format: 'jwk' });
  const raw = (em) => node.publicEncrypt({ key: pub, padding: node.constants.RSA_NO_PADDING }, em);
  const em = (type, body) => Buffer.concat([Buffer.of(0, type), Buffer.alloc(256 - 3 - body.length, 0x5a), Buffer.of(0), body]);
  const cbcKey = seed('RSA1_5 reject cek', 32);
  const cbcIv = ivOf('A128CBC-HS256');
  const header = '{"alg":"RSA1_5","enc":"A128CBC-HS256"}';
  const rsaForms = {
    'block-type-1': [raw(em(1, cbcKey)), 'padding of block type 1 (signatures) instead of 2', cbcKey],
    'cek-of-16-octets': [raw(em(2, cbcKey.subarray(0, 16))), 'a well padded 16-octet CEK for A128CBC-HS256', cbcKey],
    'no-zero-separator': [raw(Buffer.concat([Buffer.of(0, 2), Buffer.alloc(254, 0x5a)])), 'no zero octet after the padding', cbcKey],
    'short-encrypted-key': [raw(em(2, cbcKey)).subarray(1), 'an encrypted key one octet short', cbcKey],
  };
  for (const [name, [ek, what, key]] of Object.entries(rsaForms)) {
    push(`RSA1_5-${name}`, {
      title: `RSA1_5 / A128CBC-HS256, ${what}`,
      reason: `${what}: refused like any other decryption failure, with no padding oracle (RFC 7516 s11.5, RFC 3218)`,
      rfc: 'RFC 7516', section: 'Section 11.5', alg: 'RSA1_5', enc: 'A128CBC-HS256', key: rsaKey,
      jwe: compactJwe(header, ek, key, cbcIv, plaintext),
    });
  }

  // PBES2: a salt of 8 octets or more, and an iteration count the verifier bounds (1,000,000 here).
  const alg = 'PBES2-HS256+A128KW';
  const password = Buffer.from('correct horse battery staple');
  const passwordJwk = { kty: 'oct', k: b64u(password) };
  const pbes2 = (p2s, p2c) => {
    const kek = node.pbkdf2Sync(password, Buffer.concat([Buffer.from(alg), Buffer.of(0), p2s]), p2c, 16, 'sha256');
    return compactJwe(JSON.stringify({ alg, enc: 'A128GCM', p2s: b64u(p2s), p2c }), wrapKw(kek, cek), cek, gcmIv, plaintext);
  };
  const salt = seed('PBES2 reject salt', 16);
  const odd = (p2c) => compactJwe(JSON.stringify({ alg, enc: 'A128GCM', p2s: b64u(salt), p2c }), Buffer.alloc(24, 1), cek, gcmIv, plaintext);
  const pbForms = {
    'p2c-above-bound': [pbes2(salt, 1_200_000), 'p2c of 1,200,000 (valid otherwise)', 'CVE-2022-36083'],
    'p2s-of-4-octets': [pbes2(salt.subarray(0, 4), 1000), 'a 4-octet p2s (valid otherwise)', 'RFC 7518 s4.8.1.1'],
    'p2c-zero': [odd(0), 'p2c of 0', 'RFC 7518 s4.8.1.2'],
    'p2c-negative': [odd(-1), 'a negative p2c', 'RFC 7518 s4.8.1.2'],
    'p2c-string': [odd('1000'), 'p2c as a string', 'RFC 7518 s4.8.1.2'],
    'p2c-fraction': [odd(1000.5), 'a fractional p2c', 'RFC 7518 s4.8.1.2'],
    'wrapped-key-changed': [pbes2(salt, 1000).replace(/^([^.]*)\.([^.]*)/, (_, a, b) => `${a}.${b64u(flip(Buffer.from(b, 'base64url')))}`), 'a changed wrapped key', 'RFC 3394 s2.2.3'],
  };
  for (const [name, [jwe, what, cite]] of Object.entries(pbForms)) {
    push(`PBES2-${name}`, { title: `${alg} / A128GCM, ${what}`, reason: `${what} must be refused before or by the key derivation (${cite})`, rfc: cite.split(' s')[0], section: cite.includes(' s') ? `Section ${cite.split(' s')[1]}` : 'RFC 7518 Section 4.8', alg, enc: 'A128GCM', key: passwordJwk, jwe });
  }

  // A DEFLATE bomb: 16 MiB of zeros in some 16 KiB, and "zip" where it must not be.
  const dirKey = seed('zip dir key', 16);
  const dirJwk = { kty: 'oct', k: b64u(dirKey) };
  const bomb = node.deflateRawSync(Buffer.alloc(16 * 1024 * 1024));
  const zipForms = {
    'inflates-to-16-MiB': [compactJwe('{"alg":"dir","enc":"A128GCM","zip":"DEF"}', Buffer.alloc(0), dirKey, gcmIv, bomb), 'a "zip" plaintext that inflates to 16 MiB', 'CVE-2024-28176'],
    'unknown-algorithm': [compactJwe('{"alg":"dir","enc":"A128GCM","zip":"GZIP"}', Buffer.alloc(0), dirKey, gcmIv, node.deflateRawSync(plaintext)), 'an unknown "zip" algorithm', 'RFC 7516 s4.1.3'],
  };
  const p = text64('{"alg":"dir","enc":"A128GCM"}');
  const flat = h.contentEncrypt(dirKey, gcmIv, node.deflateRawSync(plaintext), Buffer.from(p, 'ascii'));
  zipForms['unprotected'] = [{ protected: p, unprotected: { zip: 'DEF' }, iv: b64u(gcmIv), ciphertext: b64u(flat.ciphertext), tag: b64u(flat.tag) }, '"zip" in the unprotected header', 'RFC 7516 s4.1.3'];
  for (const [name, [jwe, what, cite]] of Object.entries(zipForms)) {
    // Every zip case rests on RFC 7516 s4.1.3; the bomb has its CVE too (cited once each).
    const cves = cite.startsWith('CVE') ? `${cite}; ` : '';
    push(`zip-${name}`, {
      title: `dir / A128GCM, ${what}`,
      reason: `${what} must be refused: decompression is bounded, and "zip" is a protected "DEF" only (${cves}RFC 7516 s4.1.3)`,
      rfc: cves === '' ? 'RFC 7516' : cite, section: cves === '' ? 'Section 4.1.3' : 'RFC 7516 Section 4.1.3',
      alg: 'dir', enc: 'A128GCM', key: dirJwk, jwe,
    });
  }

  out.push(...ephemeralKeys(h, node, { plaintext, gcmIv }));
  return out;
}

// X25519 and X448 points of small order and their non-canonical spellings (RFC 7748 s6; the
// lists libraries refuse): the shared secret a careless implementation derives from them is zero.
const X25519_SMALL = {
  zero: '0000000000000000000000000000000000000000000000000000000000000000',
  one: '0100000000000000000000000000000000000000000000000000000000000000',
  'order-8-a': 'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  'order-8-b': '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'p-minus-1': 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  p: 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'p-plus-1': 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
};
const littleEndian = (n, size) => Buffer.from(Array.from({ length: size }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
const P448 = 2n ** 448n - 2n ** 224n - 1n;
const X448_SMALL = { zero: littleEndian(0n, 56), one: littleEndian(1n, 56), 'p-minus-1': littleEndian(P448 - 1n, 56) };

function ephemeralKeys(h, node, { plaintext, gcmIv }) {
  const { jweRefusal, b64u, ecKey, okpKey, publicJwk, compactJwe, concatKdf } = h;
  const out = [];
  const reason = (what) => `${what}: an ephemeral key must be a valid point on the recipient key's curve (CVE-2016-9121; RFC 7518 s4.6; RFC 7748 s6)`;
  const make = (epk, key) => compactJwe(JSON.stringify({ alg: 'ECDH-ES', enc: 'A128GCM', epk }), Buffer.alloc(0), key, gcmIv, plaintext);
  const zeroKey = (size) => concatKdf(Buffer.alloc(size), 128, 'A128GCM');
  for (const [crv, other] of [['P-256', 'P-384'], ['P-384', 'P-521'], ['P-521', 'P-256']]) {
    const recipient = ecKey(crv, `ECDH ${crv} reject key`);
    const eph = publicJwk(ecKey(crv, `ECDH ${crv} reject ephemeral`));
    const y = Buffer.from(eph.y, 'base64url');
    y[y.length - 1] ^= 1;
    const offCurve = { ...eph, y: b64u(y) };
    const wrongCurve = publicJwk(ecKey(other, `ECDH ${other} reject ephemeral`));
    const z = node.diffieHellman({ privateKey: node.createPrivateKey({ key: recipient, format: 'jwk' }), publicKey: node.createPublicKey({ key: eph, format: 'jwk' }) });
    const key = concatKdf(z, 128, 'A128GCM');
    for (const [name, epk, what] of [['off-curve', offCurve, 'an "epk" off its curve'], ['wrong-curve', wrongCurve, `an "epk" on ${other}`], ['okp-for-ec', publicJwk(okpKey('X25519', 'X25519 reject ephemeral')), 'an X25519 "epk" for an EC key']]) {
      out.push(jweRefusal(`ECDH-ES-${crv}-${name}`, { title: `ECDH-ES / A128GCM to a ${crv} key, ${what}`, reason: reason(what), rfc: 'RFC 7518', section: 'Section 4.6; CVE-2016-9121', alg: 'ECDH-ES', enc: 'A128GCM', key: recipient, jwe: make(epk, key) }));
    }
  }
  for (const [crv, points, size] of [['X25519', Object.entries(X25519_SMALL).map(([n, hex]) => [n, Buffer.from(hex, 'hex')]), 32], ['X448', Object.entries(X448_SMALL), 56]]) {
    const recipient = okpKey(crv, `${crv} reject key`);
    for (const [name, point] of points) {
      const what = `an "epk" of small order (${name})`;
      out.push(jweRefusal(`ECDH-ES-${crv}-small-order-${name}`, {
        title: `ECDH-ES / A128GCM to an ${crv} key, ${what}, content under the key an all-zero secret gives`,
        reason: reason(what),
        rfc: 'RFC 7748', section: 'Section 6; RFC 8037 Section 3.2',
        alg: 'ECDH-ES', enc: 'A128GCM', key: recipient,
        jwe: make({ kty: 'OKP', crv, x: b64u(point) }, zeroKey(size)),
      }));
    }
  }
  return out;
}
