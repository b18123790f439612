// Public surface of the algorithm facts; internal modules import the files directly.
export type { GenerateKeyAlgorithm, JoseAlgorithm } from './lookup.js';
export {
  isContentEncryptionAlgorithm,
  isKeyManagementAlgorithm,
  type ContentEncryptionAlgorithm,
  type KeyManagementAlgorithm,
} from './jwe.js';
export { isJWSAlgorithm, type JWSAlgorithm } from './jws.js';
