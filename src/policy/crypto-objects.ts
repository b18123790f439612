import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { importJWK } from '../jwk/import-jwk.js';
import { type DerFormat, importKey } from '../jwk/import-key.js';
import type { JoseKey } from '../jwk/key.js';
import type { JWK } from '../jwk/types.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';

/**
 * The gateway's crypto object kinds: a Shared Secret Key, a Crypto Key (private key), a Crypto Certificate
 * (or public key).
 */
export type CryptoObjectType = 'shared-secret-key' | 'crypto-key' | 'crypto-certificate';

/** How a crypto object's material is given: exactly one of `value`, `file`, `jwk`. */
export interface CryptoObjectDefinition {
  /** What the material is; the loaded key must be of that kind (secret, private or public). */
  type: CryptoObjectType;
  /** Bytes (raw secret, or DER for keys and certificates) or PEM text. A secret must be bytes. */
  value?: string | Uint8Array;
  /** Path of a file holding the material (raw bytes for a secret; PEM, DER or JWK text otherwise). */
  file?: string;
  /** A JWK (`oct` for a secret). */
  jwk?: object;
}

/** A loaded crypto object. */
export interface CryptoObject {
  /** The name it was defined under, by which policies refer to it. */
  readonly name: string;
  /** Its kind, as defined. */
  readonly type: CryptoObjectType;
  /** The loaded key: a secret, private or public key according to `type`. */
  readonly key: JoseKey;
}

/** Named crypto objects, as the gateway's domain holds them. */
export interface CryptoObjects {
  /** The object defined as `name`, or `undefined` when there is none. */
  get(name: string): CryptoObject | undefined;
  /** Every defined name, in definition order. */
  names(): string[];
}

const DER_PRIVATE: DerFormat[] = ['pkcs8', 'pkcs1', 'sec1'];
const DER_PUBLIC: DerFormat[] = ['x509', 'spki', 'pkcs1'];

// The errors this module words itself, told apart from the library's by identity, not by text.
const worded = new WeakSet<JoseError>();

function fail(name: string, message: string): JoseError {
  const e = new JoseError('ERR_KEY_INVALID', `crypto object "${name}": ${message}`);
  worded.add(e);
  return e;
}

// DER has no label, so each strict ASN.1 reader for the object's kind is tried in turn; a
// secret never comes out of this path.
function fromDer(bytes: Uint8Array, formats: DerFormat[]): JoseKey | undefined {
  for (const format of formats) {
    try {
      return importKey(bytes, { format });
    } catch {
      // next form
    }
  }
  return undefined;
}

function load(name: string, def: CryptoObjectDefinition): JoseKey {
  const given = (['value', 'file', 'jwk'] as const).filter((m) => def[m] !== undefined);
  if (given.length !== 1) throw fail(name, 'give exactly one of value, file, jwk');
  if (def.jwk !== undefined) {
    if (!isObject(def.jwk)) throw fail(name, 'jwk must be an object');
    return importJWK(def.jwk as JWK);
  }
  let material: string | Uint8Array;
  if (def.file !== undefined) {
    // readFileSync takes a number as a file descriptor: 0 would block reading stdin, and any
    // other could read a file or socket the process holds open.
    if (typeof def.file !== 'string') throw fail(name, 'file must be a path');
    try {
      material = readFileSync(def.file);
    } catch {
      throw fail(name, 'file cannot be read');
    }
  } else {
    material = def.value as string | Uint8Array;
  }
  if (def.type === 'shared-secret-key') {
    if (!(material instanceof Uint8Array))
      throw fail(name, 'a shared secret key must be given as bytes, a file or an oct jwk');
    return importKey(material);
  }
  if (material instanceof Uint8Array && material[0] === 0x30) {
    const key = fromDer(material, def.type === 'crypto-key' ? DER_PRIVATE : DER_PUBLIC);
    if (key === undefined) throw fail(name, 'DER material cannot be read');
    return key;
  }
  const text = typeof material === 'string' ? material : Buffer.from(material).toString('utf8');
  return importKey(text);
}

const FITS: Record<CryptoObjectType, (key: JoseKey) => boolean> = {
  'shared-secret-key': (key) => key.type === 'secret',
  'crypto-key': (key) => key.type === 'private',
  'crypto-certificate': (key) => key.type === 'public',
};

/**
 * Loads named crypto objects once, so policies can refer to them by name. A shared secret key
 * is raw bytes (`value` as bytes, a `file` of raw bytes, or an `oct` `jwk`); a crypto key is a
 * private key (PEM text, DER bytes, file or JWK); a crypto certificate is an X.509 certificate
 * or a public key (PEM, DER, file or JWK).
 *
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for an unknown type, `ERR_KEY_INVALID` (naming the
 *   object) for unreadable material or material of the wrong kind
 * @example
 * ```ts
 * const objects = createCryptoObjects({
 *   hmac: { type: 'shared-secret-key', value: randomBytes(32) },
 *   signer: { type: 'crypto-key', file: 'keys/signer.pem' },
 *   partner: { type: 'crypto-certificate', file: 'keys/partner.crt' },
 * })
 * ```
 */
export function createCryptoObjects(
  definitions: Record<string, CryptoObjectDefinition>,
): CryptoObjects {
  if (!isObject(definitions))
    throw new JoseError('ERR_INVALID_ARGUMENT', 'crypto object definitions must be an object');
  const objects = new Map<string, CryptoObject>();
  for (const [name, def] of Object.entries(definitions)) {
    if (!isObject(def) || typeof def.type !== 'string' || !Object.hasOwn(FITS, def.type)) {
      throw new JoseError(
        'ERR_INVALID_ARGUMENT',
        `crypto object "${name}": type must be shared-secret-key, crypto-key or crypto-certificate`,
      );
    }
    let key: JoseKey;
    try {
      key = load(name, def);
    } catch (e) {
      if (e instanceof JoseError && worded.has(e)) throw e;
      throw fail(name, e instanceof JoseError ? e.message : 'material cannot be read');
    }
    if (!FITS[def.type](key)) throw fail(name, `material is not a ${def.type.replace(/-/g, ' ')}`);
    objects.set(name, Object.freeze({ name, type: def.type, key }));
  }
  return {
    get: (name) => objects.get(name),
    names: () => [...objects.keys()],
  };
}
