import { Buffer } from 'node:buffer';
import { createPrivateKey, createPublicKey, createSecretKey, KeyObject, X509Certificate } from 'node:crypto';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import { importJWK } from './import-jwk.js';
import { JoseKey, type KeyBinding } from './key.js';
import type { JWK, KeyOp } from './types.js';

/** DER forms that {@link importKey} reads from bytes when told to. */
export type DerFormat = 'pkcs8' | 'spki' | 'pkcs1' | 'sec1' | 'x509';

/** Options of {@link importKey}. */
export interface ImportKeyOptions {
  /** Read bytes as this DER form; without it bytes are a raw secret (HMAC or AES key). */
  format?: DerFormat;
  /** Bind the key to this algorithm. */
  alg?: string;
  /** Bind the key to this use (`sig` or `enc`). */
  use?: 'sig' | 'enc';
  /** Bind the key to these operations. */
  keyOps?: KeyOp[];
  /** Key ID. */
  kid?: string;
}

// One PEM block, nothing around it but whitespace; the label decides how it is read.
const PEM = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END \1-----\s*$/;
const PEM_READERS: Record<string, (pem: string) => KeyObject> = {
  'PRIVATE KEY': (pem) => createPrivateKey({ key: pem, format: 'pem' }),
  'RSA PRIVATE KEY': (pem) => createPrivateKey({ key: pem, format: 'pem' }),
  'EC PRIVATE KEY': (pem) => createPrivateKey({ key: pem, format: 'pem' }),
  'PUBLIC KEY': (pem) => createPublicKey({ key: pem, format: 'pem' }),
  'RSA PUBLIC KEY': (pem) => createPublicKey({ key: pem, format: 'pem' }),
  CERTIFICATE: (pem) => new X509Certificate(pem).publicKey,
};

function invalid(message: string): JoseError {
  return new JoseError('ERR_KEY_INVALID', message);
}

function fromPem(text: string): KeyObject {
  const m = PEM.exec(text);
  if (m === null) throw invalid('key text is neither a single PEM block nor a JWK');
  const label = m[1] as string;
  const reader = PEM_READERS[label];
  if (reader === undefined) {
    throw label.includes('ENCRYPTED') ? new JoseError('ERR_NOT_SUPPORTED', 'encrypted PEM keys are not supported') : invalid(`PEM label "${label}" is not a key or certificate`);
  }
  return reader(text);
}

function fromDer(der: Buffer, format: DerFormat): KeyObject {
  switch (format) {
    case 'pkcs8':
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    case 'sec1':
      return createPrivateKey({ key: der, format: 'der', type: 'sec1' });
    case 'spki':
      return createPublicKey({ key: der, format: 'der', type: 'spki' });
    case 'x509':
      return new X509Certificate(der).publicKey;
    case 'pkcs1':
      // RSAPrivateKey and RSAPublicKey are distinct ASN.1 structures: at most one parse succeeds.
      try {
        return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
      } catch {
        return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
      }
    default:
      throw new JoseError('ERR_INVALID_ARGUMENT', 'format must be one of pkcs8, spki, pkcs1, sec1, x509');
  }
}

function bindingOf(options: ImportKeyOptions): KeyBinding {
  const b: KeyBinding = {};
  if (options.alg !== undefined) b.alg = options.alg;
  if (options.use !== undefined) b.use = options.use;
  if (options.keyOps !== undefined) b.keyOps = options.keyOps;
  if (options.kid !== undefined) b.kid = options.kid;
  return b;
}

/**
 * Imports key material of any common form as a {@link JoseKey}, parsing the form strictly and
 * never guessing it from the look of the text:
 *
 * - a string: exactly one PEM block (PKCS#8, SPKI, PKCS#1, SEC1 or an X.509 certificate, whose
 *   public key is taken) or JWK JSON text; anything else is an error;
 * - a JWK object;
 * - bytes: a raw secret, unless `options.format` names a DER form;
 * - a `KeyObject` or `JoseKey`: taken as is (with `options` binding a `KeyObject`).
 *
 * Only bytes or an `oct` JWK ever become an HMAC secret, so a public key's PEM or JWK text can
 * never be used as one (the algorithm-confusion attack).
 *
 * @throws {JoseError} `ERR_KEY_INVALID` or `ERR_JWK_INVALID` for unreadable material,
 *   `ERR_NOT_SUPPORTED` for encrypted PEM and unsupported key types
 * @example
 * ```ts
 * const pub = importKey(readFileSync('cert.pem', 'utf8'), { alg: 'RS256' })
 * const secret = importKey(randomBytes(32), { alg: 'HS256' })
 * ```
 */
export function importKey(material: string | Uint8Array | JWK | KeyObject | JoseKey, options: ImportKeyOptions = {}): JoseKey {
  if (material instanceof JoseKey) return material;
  if (material instanceof KeyObject) return new JoseKey(material, bindingOf(options));
  if (typeof material === 'string') {
    if (/^\s*\{/.test(material)) return importJWK(withOptions(material, options), options.alg);
    try {
      return new JoseKey(fromPem(material), bindingOf(options));
    } catch (e) {
      if (e instanceof JoseError) throw e;
      throw invalid('PEM key could not be read');
    }
  }
  if (material instanceof Uint8Array) {
    if (options.format === undefined) {
      if (material.length === 0) throw invalid('secret key is empty');
      return new JoseKey(createSecretKey(material), bindingOf(options));
    }
    try {
      return new JoseKey(fromDer(Buffer.from(material), options.format), bindingOf(options));
    } catch (e) {
      if (e instanceof JoseError) throw e;
      throw invalid(`DER ${options.format} key could not be read`);
    }
  }
  if (isObject(material)) return importJWK(withOptions(material as JWK, options), options.alg);
  throw new JoseError('ERR_INVALID_ARGUMENT', 'key material must be a string, bytes, a JWK, a KeyObject or a JoseKey');
}

// Options may add to a JWK's binding but never loosen or contradict it.
function withOptions(jwk: JWK | string, options: ImportKeyOptions): JWK | string {
  if (options.use === undefined && options.keyOps === undefined && options.kid === undefined) return jwk;
  const obj: JWK = typeof jwk === 'string' ? (parseJsonObject(jwk, 'ERR_JWK_INVALID', 'JWK') as JWK) : { ...jwk };
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
