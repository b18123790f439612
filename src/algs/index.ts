// Public surface of the algorithm facts; internal modules import the files directly.

export {
  type ContentEncryptionAlgorithm,
  isContentEncryptionAlgorithm,
  isKeyManagementAlgorithm,
  type KeyManagementAlgorithm,
} from './jwe.js';
export { isJWSAlgorithm, type JWSAlgorithm } from './jws.js';
export type { GenerateKeyAlgorithm, JoseAlgorithm } from './lookup.js';
