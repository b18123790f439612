// Public surface of the jwe room; internal modules import the files directly.

export {
  type ContentEncryptionAlgorithm,
  isContentEncryptionAlgorithm,
  isKeyManagementAlgorithm,
  type KeyManagementAlgorithm,
} from '../algs/jwe.js';
export { decryptCompact, encryptCompact } from './compact.js';
export { decryptJSON } from './json-decrypt.js';
export { encryptJSON } from './json-encrypt.js';
export { DEFAULT_MAX_PBES2_COUNT } from './keys/pbes2.js';
export type {
  CompactDecryptResult,
  DecryptOptions,
  EncryptOptions,
  FlattenedJWE,
  GeneralJWE,
  JSONDecryptResult,
  JWEHeaderParameters,
  JWEKeyLike,
  JWEKeyResolver,
} from './types.js';
export { DEFAULT_MAX_DECOMPRESSED_SIZE } from './zip.js';
