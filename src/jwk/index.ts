// Public surface of the jwk room; internal modules import the files directly.
export { exportJWK, type ExportJWKOptions } from './export.js';
export { generateKey, type GenerateKeyOptions } from './generate.js';
export { importJWK } from './import-jwk.js';
export { importKey, type DerFormat, type ImportKeyOptions } from './import-key.js';
export { JoseKey, type KeyBinding } from './key.js';
export type { KeyLike } from './coerce.js';
export { createLocalKeySet, JWKSet, type KeySelector, type KeySetOptions } from './keyset.js';
export {
  createRemoteKeySet,
  type RemoteKeySet,
  type RemoteKeySetEvent,
  type RemoteKeySetOptions,
} from './remote-set.js';
export { thumbprint, thumbprintUri } from './thumbprint.js';
export type { CertificateMembers, JWK, JWKSetObject, KeyOp, KeyType } from './types.js';
