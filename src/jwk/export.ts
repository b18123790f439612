import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import { asKey, type KeyLike } from './coerce.js';
import type { JWK } from './types.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** Options of {@link exportJWK}. */
export interface ExportJWKOptions {
  /** Include private members (`d`, CRT members, a secret's `k`). Default: false. */
  private?: boolean;
}

/**
 * Exports a key as a JWK, with its binding (`kid`, `alg`, `use`, `key_ops`) and the X.509
 * members it was imported with (`x5c`, `x5t`, `x5t#S256`). OKP keys (Ed25519, Ed448, X25519,
 * X448) export as RFC 8037 JWKs. Private members are included only when asked for with `{ private: true }`: exporting a private key without it
 * gives its public JWK, and exporting a secret key without it is an error.
 *
 * @throws {JoseError} `ERR_KEY_UNSUITABLE` when a secret key is exported without `private: true`,
 *   `ERR_NOT_SUPPORTED` for an RSASSA-PSS-restricted (`rsa-pss`) key
 * @example
 * ```ts
 * const publicJwk = exportJWK(privateKey)
 * const backup = exportJWK(privateKey, { private: true })
 * ```
 */
export function exportJWK(key: KeyLike, options: ExportJWKOptions = {}): JWK {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const k = asKey(key);
  // Node accepts these as RSA keys but has no JWK form for their RFC 4055 restrictions.
  if (k.keyObject.asymmetricKeyType === 'rsa-pss')
    throw new JoseError('ERR_NOT_SUPPORTED', 'an RSASSA-PSS-restricted key has no JWK form');
  const wantPrivate = options.private === true;
  if (k.type === 'secret' && !wantPrivate) {
    throw new JoseError('ERR_KEY_UNSUITABLE', 'exporting a secret key needs { private: true }');
  }
  const source = wantPrivate
    ? k.keyObject
    : k.type === 'secret'
      ? k.keyObject
      : k.publicKeyObject();
  const raw = source.export({ format: 'jwk' }) as JWK;
  const out: JWK = { kty: raw.kty };
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'kty' && (wantPrivate || !PRIVATE_MEMBERS.includes(name))) out[name] = value;
  }
  if (k.kid !== undefined) out.kid = k.kid;
  if (k.alg !== undefined) out.alg = k.alg;
  if (k.use !== undefined) out.use = k.use;
  if (k.keyOps !== undefined) out.key_ops = [...k.keyOps];
  if (k.x509?.x5c !== undefined) out.x5c = [...k.x509.x5c];
  if (k.x509?.x5t !== undefined) out.x5t = k.x509.x5t;
  if (k.x509?.['x5t#S256'] !== undefined) out['x5t#S256'] = k.x509['x5t#S256'];
  return out;
}
