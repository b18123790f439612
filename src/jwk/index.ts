// Public surface of the jwk room; internal modules import the files directly.

export type { KeyLike } from './coerce.js';
export { type ExportJWKOptions, exportJWK } from './export.js';
export { type GenerateKeyOptions, generateKey } from './generate.js';
export { importJWK } from './import-jwk.js';
export { type DerFormat, type ImportKeyOptions, importKey } from './import-key.js';
export { JoseKey, type KeyBinding } from './key.js';
export { createLocalKeySet, JWKSet, type KeySelector, type KeySetOptions } from './keyset.js';
export {
  createRemoteKeySet,
  type RemoteKeySet,
  type RemoteKeySetEvent,
  type RemoteKeySetOptions,
} from './remote-set.js';
export { thumbprint, thumbprintUri } from './thumbprint.js';
export type { CertificateMembers, JWK, JWKSetObject, KeyOp, KeyType } from './types.js';
