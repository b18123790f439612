import { Buffer } from 'node:buffer';
import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  X509Certificate,
} from 'node:crypto';
import type { JoseAlgorithm } from '../algs/lookup.js';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import { DER_SHAPES, sequenceTags } from './der.js';
import { importJWK, parseBinding } from './import-jwk.js';
import { JoseKey, type KeyBinding } from './key.js';
import type { JWK, KeyOp } from './types.js';

/** DER forms that {@link importKey} reads from bytes when told to. */
export type DerFormat = 'pkcs8' | 'spki' | 'pkcs1' | 'sec1' | 'x509';

/** Options of {@link importKey}. */
export interface ImportKeyOptions {
  /** Read bytes as this DER form; without it bytes are a raw secret (HMAC or AES key). */
  format?: DerFormat;
  /** Bind the key to this algorithm (for a `dir` key, its `enc` may be named instead). */
  alg?: JoseAlgorithm;
  /** Bind the key to this use (`sig` or `enc`). */
  use?: 'sig' | 'enc';
  /** Bind the key to these operations. */
  keyOps?: KeyOp[];
  /** Key ID. */
  kid?: string;
}

interface Reader {
  shape: (tags: number[]) => boolean;
  read: (der: Buffer) => KeyObject;
}
const pkcs8: Reader = {
  shape: DER_SHAPES.pkcs8,
  read: (der) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
};
const sec1: Reader = {
  shape: DER_SHAPES.sec1,
  read: (der) => createPrivateKey({ key: der, format: 'der', type: 'sec1' }),
};
const spki: Reader = {
  shape: DER_SHAPES.spki,
  read: (der) => createPublicKey({ key: der, format: 'der', type: 'spki' }),
};
const x509: Reader = { shape: DER_SHAPES.x509, read: (der) => new X509Certificate(der).publicKey };
const pkcs1Private: Reader = {
  shape: DER_SHAPES.pkcs1Private,
  read: (der) => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
};
const pkcs1Public: Reader = {
  shape: DER_SHAPES.pkcs1Public,
  read: (der) => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
};
const DER_READERS: Record<DerFormat, readonly Reader[]> = {
  pkcs8: [pkcs8],
  sec1: [sec1],
  spki: [spki],
  x509: [x509],
  pkcs1: [pkcs1Private, pkcs1Public],
};
// The label alone decides how a PEM body is read (RFC 7468).
const PEM_READERS: Record<string, readonly Reader[]> = {
  'PRIVATE KEY': [pkcs8],
  'RSA PRIVATE KEY': [pkcs1Private],
  'EC PRIVATE KEY': [sec1],
  'PUBLIC KEY': [spki],
  'RSA PUBLIC KEY': [pkcs1Public],
  CERTIFICATE: [x509],
};

// One PEM block, nothing around it but whitespace.
const PEM = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END \1-----\s*$/;

// OpenSSL's legacy encryption puts RFC 1421 headers in the block, which PEM above refuses.
const LEGACY_ENCRYPTED = /^\s*-----BEGIN [A-Z0-9 ]+-----\r?\nProc-Type: *4, *ENCRYPTED\r?\n/;

// A key file read without an encoding gives bytes; used as a secret, a public key's PEM or JWK
// text would let anyone who knows it forge HMACs (CVE-2023-48223). Text saved with a byte order
// mark, or as UTF-16, is the same text: the marks are allowed and NUL octets dropped before the
// test. A random secret holds neither pattern by any practical chance.
const KEY_TEXT = /-----BEGIN |^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*\{[\s\S]*"kty"/;

function invalid(message: string): JoseError {
  return new JoseError('ERR_KEY_INVALID', message);
}

function fromPem(text: string): KeyObject {
  const m = PEM.exec(text);
  if (m === null) {
    if (LEGACY_ENCRYPTED.test(text))
      throw new JoseError('ERR_NOT_SUPPORTED', 'encrypted PEM keys are not supported');
    throw invalid('key text is neither a single PEM block nor a JWK');
  }
  const label = m[1] as string;
  const readers = Object.hasOwn(PEM_READERS, label) ? PEM_READERS[label] : undefined;
  if (readers === undefined) {
    throw label.includes('ENCRYPTED')
      ? new JoseError('ERR_NOT_SUPPORTED', 'encrypted PEM keys are not supported')
      : invalid(`PEM label "${label}" is not a key or certificate`);
  }
  const body = (m[2] as string).replace(/\r?\n/g, '');
  const der = Buffer.from(body, 'base64');
  // Node's PEM decoder skips characters it does not expect; only canonical base64 is one key.
  if (der.toString('base64') !== body) throw invalid('PEM body is not canonical base64');
  return fromDer(der, readers, `PEM "${label}"`);
}

// OpenSSL reads past a wrong type hint and ignores trailing bytes: the structure is checked first.
function fromDer(der: Buffer, readers: readonly Reader[], what: string): KeyObject {
  const tags = sequenceTags(der);
  const reader = tags === undefined ? undefined : readers.find((r) => r.shape(tags));
  if (reader === undefined) throw invalid(`${what} does not hold the structure it names`);
  return reader.read(der);
}

// Options are checked as a JWK's members would be, so that every key exports to a valid JWK.
function bindingOf(options: ImportKeyOptions): KeyBinding {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const { alg, use, keyOps, kid } = options;
  return parseBinding(
    { kty: '', alg, use, key_ops: keyOps, kid } as JWK,
    undefined,
    'ERR_INVALID_ARGUMENT',
  );
}

// A JoseKey's binding is fixed for its life: options may restate it, never change it.
function sameBinding(key: JoseKey, b: KeyBinding): JoseKey {
  const differs = (mine: unknown, theirs: unknown): boolean =>
    theirs !== undefined && JSON.stringify(mine) !== JSON.stringify(theirs);
  if (
    differs(key.alg, b.alg) ||
    differs(key.use, b.use) ||
    differs(key.keyOps, b.keyOps) ||
    differs(key.kid, b.kid)
  ) {
    throw new JoseError(
      'ERR_KEY_UNSUITABLE',
      "options cannot change a JoseKey's binding; import its keyObject instead",
    );
  }
  return key;
}

/**
 * Imports key material of any common form as a {@link JoseKey}, parsing the form strictly and
 * never guessing it from the look of the text:
 *
 * - a string: exactly one PEM block (PKCS#8, SPKI, PKCS#1, SEC1 or an X.509 certificate, whose
 *   public key is taken) or JWK JSON text; anything else is an error;
 * - a JWK object;
 * - bytes: a raw secret, unless `options.format` names a DER form; bytes holding PEM or JWK
 *   text are refused (read key files as strings);
 * - a `KeyObject`, bound by `options`; a `JoseKey`, returned as is (its binding is fixed, so
 *   `options` may only restate it).
 *
 * Only bytes or an `oct` JWK ever become an HMAC secret, so a public key's PEM or JWK text can
 * never be used as one (the algorithm-confusion attack).
 *
 * @throws {JoseError} `ERR_KEY_INVALID` or `ERR_JWK_INVALID` for unreadable material,
 *   `ERR_NOT_SUPPORTED` for encrypted PEM and unsupported key types, `ERR_INVALID_ARGUMENT` for
 *   malformed options, `ERR_KEY_UNSUITABLE` when options contradict the key's own binding
 * @example
 * ```ts
 * const pub = importKey(readFileSync('cert.pem', 'utf8'), { alg: 'RS256' })
 * const secret = importKey(randomBytes(32), { alg: 'HS256' })
 * ```
 */
export function importKey(
  material: string | Uint8Array | JWK | KeyObject | JoseKey,
  options: ImportKeyOptions = {},
): JoseKey {
  const binding = bindingOf(options);
  const format = options.format;
  if (
    format !== undefined &&
    !(
      material instanceof Uint8Array &&
      typeof format === 'string' &&
      Object.hasOwn(DER_READERS, format)
    )
  ) {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      'format must be one of pkcs8, spki, pkcs1, sec1, x509, and applies to bytes only',
    );
  }
  if (material instanceof JoseKey) return sameBinding(material, binding);
  if (material instanceof KeyObject) return new JoseKey(material, binding);
  if (typeof material === 'string') {
    if (/^\s*\{/.test(material)) return importJWK(withOptions(material, options), options.alg);
    try {
      return new JoseKey(fromPem(material), binding);
    } catch (e) {
      if (e instanceof JoseError) throw e;
      throw invalid('PEM key could not be read');
    }
  }
  if (material instanceof Uint8Array) {
    const bytes = Buffer.from(material.buffer, material.byteOffset, material.byteLength);
    if (format === undefined) {
      if (bytes.length === 0) throw invalid('secret key is empty');
      if (KEY_TEXT.test(bytes.toString('latin1').replace(/\0/g, '')))
        throw invalid('secret bytes hold PEM or JWK text: pass key text as a string');
      return new JoseKey(createSecretKey(bytes), binding);
    }
    try {
      return new JoseKey(fromDer(bytes, DER_READERS[format], `DER ${format}`), binding);
    } catch (e) {
      if (e instanceof JoseError) throw e;
      throw invalid(`DER ${format} key could not be read`);
    }
  }
  if (isObject(material)) return importJWK(withOptions(material as JWK, options), options.alg);
  throw new JoseError(
    'ERR_INVALID_ARGUMENT',
    'key material must be a string, bytes, a JWK, a KeyObject or a JoseKey',
  );
}

// Options may add to a JWK's binding but never loosen or contradict it.
function withOptions(jwk: JWK | string, options: ImportKeyOptions): JWK | string {
  if (options.use === undefined && options.keyOps === undefined && options.kid === undefined)
    return jwk;
  const obj: JWK =
    typeof jwk === 'string' ? (parseJsonObject(jwk, 'ERR_JWK_INVALID', 'JWK') as JWK) : { ...jwk };
  const set = (name: 'use' | 'key_ops' | 'kid', value: string | string[] | undefined): void => {
    if (value === undefined) return;
    if (obj[name] !== undefined && JSON.stringify(obj[name]) !== JSON.stringify(value)) {
      throw new JoseError('ERR_KEY_UNSUITABLE', `option contradicts the JWK's own "${name}"`);
    }
    (obj as Record<string, unknown>)[name] = value;
  };
  set('use', options.use);
  set('key_ops', options.keyOps);
  set('kid', options.kid);
  return obj;
}
