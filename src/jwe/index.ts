// Public surface of the jwe room; internal modules import the files directly.
export { decryptCompact, encryptCompact } from './compact.js';
export { decryptJSON } from './json-decrypt.js';
export { encryptJSON } from './json-encrypt.js';
export type {
  CompactDecryptResult,
  ContentEncryptionAlgorithm,
  DecryptOptions,
  EncryptOptions,
  FlattenedJWE,
  GeneralJWE,
  JSONDecryptResult,
  JWEHeaderParameters,
  JWEKeyResolver,
  KeyManagementAlgorithm,
} from './types.js';
