import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from '../jwk/types.js';
import { isObject } from '../util/json.js';
import { decodeHeader, publicJwk } from './fields.js';
import type { ConformanceVector, JsonObject, JweVector, JwsVector } from './types.js';

const FILES = [
  'json_web_signature_test.json',
  'json_web_encryption_test.json',
  'json_web_crypto_test.json',
];
// Left out, as upstream labels them for other readers (see vectors/wycheproof/README.md): JSON
// serializations labelled invalid for compact-only parsers, which a JSON-capable API may accept;
// and tcId 349, labelled valid although its key's "key_ops" is the one string "sign, verify".
const LEFT_OUT: Record<string, readonly string[]> = {
  json_web_signature_test: ['346', '347', '349', '350', '351', '357', '367', '370', '372', '373'],
  json_web_crypto_test: ['17', '66'],
};

interface Test {
  tcId: number;
  comment: string;
  jws?: string | JsonObject;
  jwe?: string | JsonObject;
  pt?: string;
  enc?: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string;
}

// A JSON serialization travels as an object; malformed JSON (which must be refused) as its text.
function token(text: string | JsonObject): string | JsonObject {
  if (typeof text !== 'string' || !text.startsWith('{')) return text;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : text;
  } catch {
    return text;
  }
}

// The header the token names its algorithms in, to ask for them when the key does not name its own.
function headerOf(t: string | JsonObject): JsonObject {
  try {
    if (typeof t === 'string') return decodeHeader(t.split('.')[0] ?? '');
    const first = Array.isArray(t.signatures) ? (t.signatures[0] as JsonObject) : t;
    const prot = typeof first.protected === 'string' ? decodeHeader(first.protected) : {};
    const own = isObject(first.header) ? first.header : {};
    return { ...prot, ...own, ...(isObject(t.unprotected) ? t.unprotected : {}) };
  } catch {
    return {};
  }
}

// Where a token goes among the expected outputs: compact, general JSON (with a list) or flattened.
function serialized(t: string | JsonObject, list: 'signatures' | 'recipients'): JsonObject {
  if (typeof t === 'string') return { compact: t };
  return Array.isArray(t[list]) ? { jsonGeneral: t } : { jsonFlattened: t };
}

function base(file: string, group: JsonObject, test: Test, algorithms: string[]) {
  const flags = test.flags === '[]' ? '' : ` ${test.flags}`;
  const reason = `Wycheproof ${String(group.comment)} tcId ${test.tcId}: ${test.comment}${flags}`;
  return {
    id: `Wycheproof-${file.replace(/_test$/, '')}-${test.tcId}`,
    rfc: 'Wycheproof',
    section: `${file}.json tcId ${test.tcId} (${String(group.comment)})`,
    title: test.comment,
    file: `wycheproof/${file}.json`,
    algorithms,
    deterministic: false,
    ...(test.result === 'invalid' ? { refusal: reason } : {}),
  };
}

function jwsVector(file: string, group: JsonObject, test: Test, key: JWK): JwsVector {
  const jws = token(test.jws as string | JsonObject);
  const alg = String(key.alg ?? headerOf(jws).alg ?? '');
  const payloadB64u =
    typeof jws === 'string' ? (jws.split('.')[1] ?? '') : String(jws.payload ?? '');
  const published = serialized(jws, 'signatures');
  const inputs = { payloadB64u, signatures: [{ alg, verificationKey: 'verify' }] };
  const expected = { signaturesB64u: [], ...published };
  return {
    ...base(file, group, test, [alg]),
    kind: 'jws',
    keys: { verify: key },
    inputs,
    expected,
  };
}

function jweVector(file: string, group: JsonObject, test: Test, key: JWK): JweVector {
  const jwe = token(test.jwe as string | JsonObject);
  const header = headerOf(jwe);
  const enc = test.enc ?? String(header.enc ?? '');
  // A "dir" key may name its content encryption as its "alg" (RFC 7520 s5.6 keys do).
  const alg = String(key.alg !== undefined && key.alg !== enc ? key.alg : (header.alg ?? ''));
  const expected = serialized(jwe, 'recipients');
  const pt = test.pt;
  const plaintext =
    pt === undefined ? {} : { plaintextB64u: Buffer.from(pt, 'hex').toString('base64url') };
  const recipients = [{ alg, decryptionKey: 'decrypt', encryptionKey: 'encrypt' }];
  const inputs = { enc, protectedHeader: { alg, enc }, recipients, ...plaintext };
  const keys = { decrypt: key, encrypt: publicJwk(key) ?? key };
  return { ...base(file, group, test, [alg, enc]), kind: 'jwe', keys, inputs, expected };
}

/**
 * Project Wycheproof's JOSE tests (Apache-2.0, `vectors/wycheproof/`) as conformance vectors:
 * `valid` tokens must verify or decrypt, `invalid` ones be refused; `acceptable` ones, key-set
 * tests (the protocol verifies with one key) and the upstream JSON-only labels are left out.
 *
 * @param directory - the folder holding the Wycheproof files (default: the one shipped)
 * @example
 * ```ts
 * runConformance(loadWycheproof(join(vectorsDirectory(), 'wycheproof'))).ok
 * ```
 */
export function loadWycheproof(directory: string): ConformanceVector[] {
  const out: ConformanceVector[] = [];
  for (const name of FILES) {
    const file = name.replace(/\.json$/, '');
    const text = readFileSync(join(directory, name), 'utf8');
    const data = JSON.parse(text) as { testGroups: Array<JsonObject & { tests: Test[] }> };
    for (const group of data.testGroups) {
      const key = (group.private ?? group.public) as JWK | undefined;
      if (!isObject(key) || typeof key.kty !== 'string') continue;
      for (const test of group.tests) {
        if (test.result === 'acceptable' || LEFT_OUT[file]?.includes(String(test.tcId))) continue;
        if (test.jws !== undefined) out.push(jwsVector(file, group, test, publicJwk(key) ?? key));
        else if (test.jwe !== undefined) out.push(jweVector(file, group, test, key));
      }
    }
  }
  return out;
}
